import type { Kysely } from 'kysely';

/**
 * The organization tree: organizations, roots and OUs, memberships, SCPs/RCPs and their
 * attachments, CreateAccount requests and tags of organization entities.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('management_account_id', 'text', (c) => c.notNull().unique())
    .addColumn('feature_set', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('org_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('policy_types', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_units_parent').on('org_units').columns(['organization_id', 'parent_id']).execute();

  await db.schema
    .createTable('org_memberships')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('joined_method', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('org_policies')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('aws_managed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_policies_pk', ['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('org_policy_attachments')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_policy_attachments_pk', ['organization_id', 'policy_id', 'target_id'])
    .execute();
  await db.schema.createIndex('org_policy_attachments_target').on('org_policy_attachments').columns(['organization_id', 'target_id']).execute();

  await db.schema
    .createTable('org_create_account_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('account_id', 'text')
    .addColumn('failure_reason', 'text')
    .execute();

  await db.schema
    .createTable('org_tags')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_tags_pk', ['organization_id', 'resource_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['org_tags', 'org_create_account_requests', 'org_policy_attachments', 'org_policies', 'org_memberships', 'org_units', 'organizations']) {
    await db.schema.dropTable(table).execute();
  }
}
