import type { Kysely } from 'kysely';

/**
 * IAM Access Analyzer (AWS: Access Analyzer API reference): analyzers with their archive rules,
 * findings (external and unused access) with their status and history times, the resources each
 * analyzer has analyzed, findings' recommendations, policy generations and access previews.
 * Structured values AWS returns whole (an analyzer's configuration and tags, a finding's details,
 * a rule's filter, a preview's configurations and findings) are JSON text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analyzers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('configuration', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('client_token', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_resource_analyzed', 'text')
    .addColumn('last_resource_analyzed_at', 'text')
    .execute();
  await db.schema.createIndex('analyzers_by_account').on('analyzers').columns(['account_id', 'name']).unique().execute();
  await db.schema
    .createTable('analyzer_archive_rules')
    .addColumn('analyzer_arn', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analyzer_archive_rules_pk', ['analyzer_arn', 'rule_name'])
    .execute();
  await db.schema
    .createTable('analyzer_findings')
    .addColumn('analyzer_arn', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('finding_type', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('resource_owner_account', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('analyzed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analyzer_findings_pk', ['analyzer_arn', 'id'])
    .execute();
  await db.schema.createIndex('analyzer_findings_by_resource').on('analyzer_findings').columns(['analyzer_arn', 'resource']).execute();
  await db.schema
    .createTable('analyzer_resources')
    .addColumn('analyzer_arn', 'text', (c) => c.notNull())
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_owner_account', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('analyzed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analyzer_resources_pk', ['analyzer_arn', 'resource_arn'])
    .execute();
  await db.schema
    .createTable('analyzer_recommendations')
    .addColumn('analyzer_arn', 'text', (c) => c.notNull())
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('analyzer_recommendations_pk', ['analyzer_arn', 'finding_id'])
    .execute();
  await db.schema
    .createTable('policy_generations')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('principal_arn', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('client_token', 'text')
    .addColumn('properties', 'text', (c) => c.notNull())
    .addColumn('policies', 'text')
    .addColumn('error', 'text')
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'text')
    .execute();
  await db.schema.createIndex('policy_generations_by_account').on('policy_generations').columns(['account_id', 'started_on']).execute();
  await db.schema
    .createTable('access_previews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('analyzer_arn', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('client_token', 'text')
    .addColumn('configurations', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_previews_by_analyzer').on('access_previews').columns(['analyzer_arn', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'access_previews',
    'policy_generations',
    'analyzer_recommendations',
    'analyzer_resources',
    'analyzer_findings',
    'analyzer_archive_rules',
    'analyzers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
