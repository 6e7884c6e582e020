import type { Kysely } from 'kysely';

/**
 * The initial schema: accounts, IAM entities, credentials, policies, tags and a key/value table.
 * Runs unchanged on SQLite and PostgreSQL (text and integer columns only). Entities that belong to
 * an account go when their account goes (`on delete cascade`); link tables are kept in step by
 * the IAM layer, which renames and deletes inside one transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('permissions_boundary_arn', 'text')
    .addColumn('password_last_used', 'text')
    .addPrimaryKeyConstraint('users_pk', ['account_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('access_keys')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_service', 'text')
    .addColumn('last_used_region', 'text')
    .execute();
  await db.schema.createIndex('access_keys_owner').on('access_keys').columns(['account_id', 'user_name']).execute();

  await db.schema
    .createTable('groups')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['account_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['account_id', 'group_name', 'user_name'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').columns(['account_id', 'user_name']).execute();

  await db.schema
    .createTable('roles')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('trust_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('permissions_boundary_arn', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('role_last_used_at', 'text')
    .addColumn('role_last_used_region', 'text')
    .addPrimaryKeyConstraint('roles_pk', ['account_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('instance_profiles')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('instance_profile_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_profiles_pk', ['account_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('instance_profile_roles')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('instance_profile_name', 'text', (c) => c.notNull())
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_profile_roles_pk', ['account_id', 'instance_profile_name', 'role_name'])
    .execute();

  // AWS-managed policies use the account id `aws`, so this table has no account foreign key.
  await db.schema
    .createTable('managed_policies')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_version_id', 'text', (c) => c.notNull())
    .addColumn('is_attachable', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('managed_policies_name').on('managed_policies').columns(['account_id', 'name_lower']).unique().execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('policy_arn', 'text', (c) => c.notNull().references('managed_policies.arn').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_versions_pk', ['policy_arn', 'version_id'])
    .execute();

  await db.schema
    .createTable('policy_attachments')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('principal_kind', 'text', (c) => c.notNull())
    .addColumn('principal_name', 'text', (c) => c.notNull())
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_attachments_pk', ['account_id', 'principal_kind', 'principal_name', 'policy_arn'])
    .execute();
  await db.schema.createIndex('policy_attachments_policy').on('policy_attachments').column('policy_arn').execute();

  await db.schema
    .createTable('inline_policies')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('principal_kind', 'text', (c) => c.notNull())
    .addColumn('principal_name', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inline_policies_pk', ['account_id', 'principal_kind', 'principal_name', 'policy_name'])
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('resource_kind', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['account_id', 'resource_kind', 'resource_id', 'key'])
    .execute();

  await db.schema
    .createTable('kv')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
