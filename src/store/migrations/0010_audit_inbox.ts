import type { Kysely } from 'kysely';

/**
 * The audit inbox: a mutation's record commits here, in the mutation's own transaction, as the
 * one `auditFrame` it will be chained from; the next group commit moves it into the hash chain
 * (`audit_events`) and deletes it. One narrow row with no index is all a mutation's commit
 * writes for its record; the chain's indexes are maintained once per batch.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_inbox')
    .addColumn('frame', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_inbox').execute();
}
