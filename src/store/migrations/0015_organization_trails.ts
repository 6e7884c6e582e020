import type { Kysely } from 'kysely';

/**
 * Organization trails (AWS: CloudTrail User Guide, "Creating a trail for an organization"): a
 * trail's organization (null for a trail of its own account), the account whose records each
 * delivered log file holds (null: the trail's own account), and one digest chain per account of
 * an organization trail (AWS delivers a digest file per account, under that account's folder).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('trails').addColumn('organization_id', 'text').execute();
  await db.schema.alterTable('trail_log_files').addColumn('member_account', 'text').execute();
  await db.schema
    .createTable('trail_digest_chains')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('trail_name', 'text', (c) => c.notNull())
    .addColumn('member_account', 'text', (c) => c.notNull())
    .addColumn('last_digest_object', 'text', (c) => c.notNull())
    .addColumn('last_digest_hash', 'text', (c) => c.notNull())
    .addColumn('last_digest_signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('trail_digest_chains_pk', ['account_id', 'trail_name', 'member_account'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('trail_digest_chains').execute();
  await db.schema.alterTable('trail_log_files').dropColumn('member_account').execute();
  await db.schema.alterTable('trails').dropColumn('organization_id').execute();
}
