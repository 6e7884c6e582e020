import type { Kysely } from 'kysely';

/**
 * Accounts imported from an AWS export (`gatehouse import`): when, from which files, and the facts
 * the export gave that no table holds because they are not usable credentials or resources of
 * Gatehouse's — the credential report's rows (passwords and access keys recorded, never usable),
 * virtual MFA devices, the account summary, server certificates' metadata, trails, analyzers and
 * bucket policies — as one JSON document.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imported_accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_accounts').execute();
}
