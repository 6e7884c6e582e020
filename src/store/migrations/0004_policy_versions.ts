import type { Kysely } from 'kysely';

/**
 * Managed policies remember the number of their next version: AWS never reuses a version id, so
 * after `v1`, `v2`, `v3` and deleting `v3`, the next version is `v4`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('managed_policies')
    .addColumn('next_version', 'integer', (c) => c.notNull().defaultTo(2))
    .execute();
}
