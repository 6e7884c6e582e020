import type { Kysely } from 'kysely';

/**
 * Which stored resource-based policies name which IAM users and roles (AWS: IAM User Guide, "IAM
 * identifiers" — a policy that names a principal is bound to its unique ID): one row per
 * principal a policy names, so that deleting the principal rewrites those policies to show its
 * unique ID, and a new principal of the same name matches none of them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('principal_references')
    .addColumn('holder_kind', 'text', (c) => c.notNull())
    .addColumn('holder_account', 'text', (c) => c.notNull())
    .addColumn('holder_key', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('principal_arn', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('principal_references_pk', ['holder_kind', 'holder_account', 'holder_key', 'principal_id'])
    .execute();
  await db.schema.createIndex('principal_references_by_principal').on('principal_references').column('principal_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('principal_references').execute();
}
