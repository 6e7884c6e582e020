import type { Kysely } from 'kysely';

/**
 * IAM Identity Center: instances, the identity store (users with their sign-in credentials and
 * MFA devices, groups, memberships, external IDs), permission sets, account assignments and what
 * is provisioned where, the status of each asynchronous request, and the login service's state
 * (OAuth clients, device authorizations, sign-in requests, authorization codes, sessions and
 * tokens, SCIM bearer tokens). Secrets are stored hashed (SHA-256 of a random token) or sealed
 * (MFA seeds, the instance's SAML key), passwords as scrypt hashes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sso_instances')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('identity_store_id', 'text', (c) => c.notNull().unique())
    .addColumn('owner_account_id', 'text', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text')
    .addColumn('name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('saml_certificate', 'text', (c) => c.notNull())
    .addColumn('saml_key_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idstore_users')
    .addColumn('identity_store_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_lower', 'text', (c) => c.notNull())
    .addColumn('primary_email_lower', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('password_must_change', 'integer', (c) => c.notNull())
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', 'text')
    .addColumn('locked_until', 'text')
    .addPrimaryKeyConstraint('idstore_users_pk', ['identity_store_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idstore_users_name').unique().on('idstore_users').columns(['identity_store_id', 'user_name_lower']).execute();
  await db.schema.createIndex('idstore_users_email').on('idstore_users').columns(['identity_store_id', 'primary_email_lower']).execute();

  await db.schema
    .createTable('idstore_groups')
    .addColumn('identity_store_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_name_lower', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idstore_groups_pk', ['identity_store_id', 'group_id'])
    .execute();
  await db.schema.createIndex('idstore_groups_name').unique().on('idstore_groups').columns(['identity_store_id', 'display_name_lower']).execute();

  await db.schema
    .createTable('idstore_memberships')
    .addColumn('identity_store_id', 'text', (c) => c.notNull())
    .addColumn('membership_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idstore_memberships_pk', ['identity_store_id', 'membership_id'])
    .execute();
  await db.schema.createIndex('idstore_memberships_pair').unique().on('idstore_memberships').columns(['identity_store_id', 'group_id', 'user_id']).execute();
  await db.schema.createIndex('idstore_memberships_user').on('idstore_memberships').columns(['identity_store_id', 'user_id']).execute();

  // A user's or group's IDs in an external identity provider (SCIM's externalId, ExternalIds).
  await db.schema
    .createTable('idstore_external_ids')
    .addColumn('identity_store_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('idstore_external_ids_pk', ['identity_store_id', 'kind', 'issuer', 'external_id'])
    .execute();
  await db.schema.createIndex('idstore_external_ids_entity').on('idstore_external_ids').columns(['identity_store_id', 'kind', 'entity_id']).execute();

  await db.schema
    .createTable('idstore_mfa_devices')
    .addColumn('identity_store_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seed_sealed', 'text', (c) => c.notNull())
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idstore_mfa_devices_pk', ['identity_store_id', 'user_id', 'device_id'])
    .execute();

  await db.schema
    .createTable('sso_permission_sets')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('permission_set_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('session_duration', 'text', (c) => c.notNull())
    .addColumn('relay_state', 'text')
    .addColumn('managed_policies', 'text', (c) => c.notNull())
    .addColumn('customer_managed_policies', 'text', (c) => c.notNull())
    .addColumn('inline_policy', 'text')
    .addColumn('permissions_boundary', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_permission_sets_pk', ['instance_id', 'permission_set_id'])
    .execute();
  await db.schema.createIndex('sso_permission_sets_name').unique().on('sso_permission_sets').columns(['instance_id', 'name_lower']).execute();

  await db.schema
    .createTable('sso_account_assignments')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('permission_set_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_account_assignments_pk', ['instance_id', 'permission_set_id', 'account_id', 'principal_type', 'principal_id'])
    .execute();
  await db.schema.createIndex('sso_account_assignments_principal').on('sso_account_assignments').columns(['instance_id', 'principal_id']).execute();
  await db.schema.createIndex('sso_account_assignments_account').on('sso_account_assignments').columns(['instance_id', 'account_id']).execute();

  // Which permission set is provisioned to which account: its role, and the version it reflects.
  await db.schema
    .createTable('sso_provisioned')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('permission_set_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('provisioned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_provisioned_pk', ['instance_id', 'permission_set_id', 'account_id'])
    .execute();
  await db.schema.createIndex('sso_provisioned_account').on('sso_provisioned').columns(['instance_id', 'account_id']).execute();

  // The status of each asynchronous request: assignment creation and deletion, provisioning.
  await db.schema
    .createTable('sso_requests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('failure_reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_requests_instance').on('sso_requests').columns(['instance_id', 'kind', 'created_at']).execute();

  await db.schema
    .createTable('sso_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('grant_types', 'text', (c) => c.notNull())
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text')
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // A device code's request, from StartDeviceAuthorization until a token is made from it.
  await db.schema
    .createTable('sso_device_authorizations')
    .addColumn('device_code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_code', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('last_poll_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // A person's way through the sign-in pages, for one authorization request or one device code.
  await db.schema
    .createTable('sso_sign_ins')
    .addColumn('sign_in_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('verified', 'text', (c) => c.notNull())
    .addColumn('enrollment_seed_sealed', 'text')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // A person's signed-in session with one client: what its tokens stand for.
  await db.schema
    .createTable('sso_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('credential_types', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('sso_sessions_user').on('sso_sessions').columns(['instance_id', 'user_id']).execute();

  await db.schema
    .createTable('sso_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sso_tokens_session').on('sso_tokens').column('session_id').execute();

  await db.schema
    .createTable('sso_scim_tokens')
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'sso_scim_tokens',
    'sso_tokens',
    'sso_sessions',
    'sso_authorization_codes',
    'sso_sign_ins',
    'sso_device_authorizations',
    'sso_clients',
    'sso_requests',
    'sso_provisioned',
    'sso_account_assignments',
    'sso_permission_sets',
    'idstore_mfa_devices',
    'idstore_external_ids',
    'idstore_memberships',
    'idstore_groups',
    'idstore_users',
    'sso_instances',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
