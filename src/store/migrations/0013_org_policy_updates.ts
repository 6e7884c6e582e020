import type { Kysely } from 'kysely';

/**
 * When each organization policy last changed (null until its first update: its creation time
 * stands), for the effective policy's `LastUpdatedTimestamp`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('org_policies').addColumn('updated_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('org_policies').dropColumn('updated_at').execute();
}
