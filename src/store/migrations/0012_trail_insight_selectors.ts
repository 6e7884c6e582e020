import type { Kysely } from 'kysely';

/**
 * Trails remember their CloudTrail Insights selectors (PutInsightSelectors): a JSON list of
 * `{ InsightType }`, or null while Insights is not enabled on the trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('trails').addColumn('insight_selectors', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('trails').dropColumn('insight_selectors').execute();
}
