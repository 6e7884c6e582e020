/** The tables of IAM Identity Center (migration 0017). JSON columns hold text the repositories encode. */

export interface SsoInstancesTable {
  instance_id: string;
  arn: string;
  identity_store_id: string;
  owner_account_id: string;
  organization_id: string | null;
  name: string | null;
  status: string;
  /** JSON: the instance's sign-in settings (`InstanceSettings`). */
  settings: string;
  /** JSON array of `{Key, Value}`. */
  tags: string;
  saml_certificate: string;
  saml_key_sealed: string;
  created_at: string;
}

export interface IdstoreUsersTable {
  identity_store_id: string;
  user_id: string;
  user_name: string;
  user_name_lower: string;
  primary_email_lower: string | null;
  /** JSON: every attribute but the IDs and user name, as the Identity Store API names them. */
  attributes: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  password_hash: string | null;
  password_must_change: number;
  failed_sign_ins: number;
  first_failed_at: string | null;
  locked_until: string | null;
}

export interface IdstoreGroupsTable {
  identity_store_id: string;
  group_id: string;
  display_name: string;
  display_name_lower: string;
  description: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface IdstoreMembershipsTable {
  identity_store_id: string;
  membership_id: string;
  group_id: string;
  user_id: string;
  created_at: string;
  created_by: string;
}

export interface IdstoreExternalIdsTable {
  identity_store_id: string;
  kind: string;
  entity_id: string;
  issuer: string;
  external_id: string;
  position: number;
}

export interface IdstoreMfaDevicesTable {
  identity_store_id: string;
  user_id: string;
  device_id: string;
  name: string;
  seed_sealed: string;
  last_step: number | null;
  created_at: string;
}

export interface SsoPermissionSetsTable {
  instance_id: string;
  permission_set_id: string;
  arn: string;
  name: string;
  name_lower: string;
  description: string | null;
  session_duration: string;
  relay_state: string | null;
  /** JSON array of AWS managed policy ARNs, in attachment order. */
  managed_policies: string;
  /** JSON array of `{Name, Path}`. */
  customer_managed_policies: string;
  inline_policy: string | null;
  /** JSON `{ManagedPolicyArn}` or `{CustomerManagedPolicyReference: {Name, Path}}`. */
  permissions_boundary: string | null;
  tags: string;
  version: number;
  created_at: string;
}

export interface SsoAccountAssignmentsTable {
  instance_id: string;
  permission_set_id: string;
  account_id: string;
  principal_type: string;
  principal_id: string;
  created_at: string;
}

export interface SsoProvisionedTable {
  instance_id: string;
  permission_set_id: string;
  account_id: string;
  role_name: string;
  version: number;
  provisioned_at: string;
}

export interface SsoRequestsTable {
  request_id: string;
  instance_id: string;
  kind: string;
  status: string;
  failure_reason: string | null;
  details: string;
  created_at: string;
}

export interface SsoClientsTable {
  client_id: string;
  secret_hash: string;
  name: string;
  scopes: string;
  grant_types: string;
  redirect_uris: string;
  instance_id: string | null;
  issued_at: string;
  expires_at: string;
}

export interface SsoDeviceAuthorizationsTable {
  device_code_hash: string;
  user_code: string;
  client_id: string;
  instance_id: string;
  interval_seconds: number;
  last_poll_at: string | null;
  status: string;
  session_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface SsoSignInsTable {
  sign_in_id: string;
  kind: string;
  instance_id: string;
  csrf_hash: string;
  request: string;
  stage: string;
  user_id: string | null;
  verified: string;
  enrollment_seed_sealed: string | null;
  workflow_id: string;
  created_at: string;
  expires_at: string;
}

export interface SsoAuthorizationCodesTable {
  code_hash: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  session_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SsoSessionsTable {
  session_id: string;
  instance_id: string;
  user_id: string;
  client_id: string;
  scopes: string;
  credential_types: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface SsoTokensTable {
  token_hash: string;
  token_id: string;
  kind: string;
  session_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SsoScimTokensTable {
  token_id: string;
  instance_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface IdentityCenterTables {
  sso_instances: SsoInstancesTable;
  idstore_users: IdstoreUsersTable;
  idstore_groups: IdstoreGroupsTable;
  idstore_memberships: IdstoreMembershipsTable;
  idstore_external_ids: IdstoreExternalIdsTable;
  idstore_mfa_devices: IdstoreMfaDevicesTable;
  sso_permission_sets: SsoPermissionSetsTable;
  sso_account_assignments: SsoAccountAssignmentsTable;
  sso_provisioned: SsoProvisionedTable;
  sso_requests: SsoRequestsTable;
  sso_clients: SsoClientsTable;
  sso_device_authorizations: SsoDeviceAuthorizationsTable;
  sso_sign_ins: SsoSignInsTable;
  sso_authorization_codes: SsoAuthorizationCodesTable;
  sso_sessions: SsoSessionsTable;
  sso_tokens: SsoTokensTable;
  sso_scim_tokens: SsoScimTokensTable;
}
