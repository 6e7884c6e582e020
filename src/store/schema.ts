import type { AccessAnalyzerTables } from './repositories/analyzerTables.js';
import type { AuditTrailTables } from './repositories/auditTables.js';
import type { OrganizationTables } from './repositories/organizationTables.js';
import type { IdentityCenterTables } from './repositories/identityCenterTables.js';
import type { WorkloadIdentityTables } from './repositories/workloadIdentityTables.js';
/**
 * Kysely table types for Gatehouse's one schema. Column types are portable between SQLite and
 * PostgreSQL: text, integer, and timestamps as ISO-8601 UTC strings with milliseconds
 * (`2026-11-21T19:20:00.000Z`) so they sort as text. Booleans are integers 0/1.
 *
 * Names that AWS treats as unique case-insensitively carry a `name_lower` column with a unique
 * index per account; lookups go through it, responses use `name`.
 */

/** The principal kinds that can hold inline and attached policies. */
export type PrincipalKind = 'user' | 'group' | 'role';

export interface AccountsTable {
  id: string;
  name: string;
  email: string | null;
  status: string;
  organization_id: string | null;
  parent_id: string | null;
  created_at: string;
}

export interface UsersTable {
  account_id: string;
  user_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  created_at: string;
  permissions_boundary_arn: string | null;
  password_last_used: string | null;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  user_name: string | null;
  status: string;
  secret_sealed: string;
  created_at: string;
  last_used_at: string | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

export interface GroupsTable {
  account_id: string;
  group_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  created_at: string;
}

export interface GroupMembersTable {
  account_id: string;
  group_name: string;
  user_name: string;
}

export interface RolesTable {
  account_id: string;
  role_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  created_at: string;
  role_last_used_at: string | null;
  role_last_used_region: string | null;
}

export interface InstanceProfilesTable {
  account_id: string;
  instance_profile_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  created_at: string;
}

export interface InstanceProfileRolesTable {
  account_id: string;
  instance_profile_name: string;
  role_name: string;
}

export interface ManagedPoliciesTable {
  arn: string;
  account_id: string;
  policy_id: string;
  name: string;
  name_lower: string;
  path: string;
  description: string | null;
  default_version_id: string;
  is_attachable: number;
  created_at: string;
  updated_at: string;
  /** The number of the next version to create (migration 0004). */
  next_version: number;
}

export interface PolicyVersionsTable {
  policy_arn: string;
  version_id: string;
  document: string;
  is_default: number;
  created_at: string;
}

export interface PolicyAttachmentsTable {
  account_id: string;
  principal_kind: PrincipalKind;
  principal_name: string;
  policy_arn: string;
  created_at: string;
}

export interface InlinePoliciesTable {
  account_id: string;
  principal_kind: PrincipalKind;
  principal_name: string;
  policy_name: string;
  document: string;
}

export interface PrincipalReferencesTable {
  holder_kind: string;
  holder_account: string;
  holder_key: string;
  principal_id: string;
  principal_arn: string;
}

/** An S3 bucket: its owner, region and the configuration kept as JSON text. */
export interface S3BucketsTable {
  name: string;
  account_id: string;
  region: string;
  created_at: string;
  policy: string | null;
  public_access_block: string | null;
  tags: string | null;
  ownership: string;
}

/** An account's S3 settings (its Block Public Access configuration). */
export interface S3AccountSettingsTable {
  account_id: string;
  public_access_block: string | null;
}

/** An S3 object; `blobs` lists the byte-store blobs its bytes are, in order (JSON). */
export interface S3ObjectsTable {
  bucket: string;
  object_key: string;
  size: number | string | bigint;
  etag: string;
  last_modified: string;
  headers: string;
  metadata: string;
  tags: string | null;
  checksum: string | null;
  blobs: string;
  /** A small object's bytes, kept in its row (then `blobs` is empty). */
  data: Buffer | null;
}

/** A multipart upload in progress. */
export interface S3UploadsTable {
  upload_id: string;
  bucket: string;
  object_key: string;
  initiated: string;
  initiator: string;
  headers: string;
  metadata: string;
  tags: string | null;
  checksum_algorithm: string | null;
}

/** One uploaded part of a multipart upload. */
export interface S3PartsTable {
  upload_id: string;
  part_number: number;
  size: number | string | bigint;
  etag: string;
  last_modified: string;
  checksum: string | null;
  blob: string;
}

/** A PostgreSQL large object holding S3 bytes, owned by this schema. */
export interface S3BlobsTable {
  id: string;
  created_at: string;
}

export interface TagsTable {
  account_id: string;
  resource_kind: string;
  resource_id: string;
  key: string;
  value: string;
}

export interface SamlProvidersTable {
  arn: string;
  account_id: string;
  name: string;
  name_lower: string;
  metadata_document: string;
  entity_id: string;
  signing_certificates: string;
  valid_until: string;
  created_at: string;
}

export interface OidcProvidersTable {
  arn: string;
  account_id: string;
  url: string;
  client_ids: string;
  thumbprints: string;
  created_at: string;
}

/** Virtual MFA devices (migration 0005); `user_name` null and `assigned_root` 0 while unassigned. */
export interface MfaDevicesTable {
  serial_lower: string;
  serial_number: string;
  account_id: string;
  name: string;
  path: string;
  seed_sealed: string;
  user_name: string | null;
  assigned_root: number;
  enable_date: string | null;
  last_step: number | null;
  drift_steps: number;
  created_at: string;
}

/** SSH public keys of IAM users (migration 0005). */
export interface SshPublicKeysTable {
  ssh_public_key_id: string;
  account_id: string;
  user_name: string;
  body_ssh: string;
  body_pem: string;
  fingerprint: string;
  status: string;
  uploaded_at: string;
}

/** X.509 signing certificates (migration 0005); `user_name` null for the root user. */
export interface SigningCertificatesTable {
  certificate_id: string;
  account_id: string;
  user_name: string | null;
  body: string;
  fingerprint: string;
  status: string;
  uploaded_at: string;
}

/** Server certificates (migration 0005); the private key is sealed. */
export interface ServerCertificatesTable {
  account_id: string;
  server_certificate_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  body: string;
  chain: string | null;
  private_key_sealed: string;
  expiration: string;
  uploaded_at: string;
}

/** Service-specific credentials (migration 0005); the password is sealed. */
export interface ServiceSpecificCredentialsTable {
  credential_id: string;
  account_id: string;
  user_name: string;
  service_name: string;
  service_user_name: string;
  password_sealed: string;
  status: string;
  created_at: string;
}

/** Console passwords (migration 0002): scrypt hashes only. */
export interface LoginProfilesTable {
  account_id: string;
  user_name: string;
  password_hash: string;
  password_reset_required: number;
  created_at: string;
  password_changed_at: string;
}

/** Earlier password hashes of a user, for reuse prevention (migration 0002). */
export interface PasswordHistoryTable {
  account_id: string;
  user_name: string;
  password_hash: string;
  created_at: string;
}

/** The root user's console password of an account (migration 0022). */
export interface RootPasswordsTable {
  account_id: string;
  password_hash: string;
  changed_at: string;
}

/** Signed-in console sessions (migration 0022), by the SHA-256 of their cookie's ID. */
export interface ConsoleSessionsTable {
  id_hash: string;
  account_id: string;
  principal_arn: string;
  /** `active`, or `password-change` while the user must set a new password first. */
  state: string;
  /** The session's temporary credentials, as a sealed session token. */
  session_token: string;
  created_at: string;
  expires_at: string;
}

/** Failed console sign-ins counted per key in a window (migration 0022). */
export interface ConsoleSigninFailuresTable {
  throttle_key: string;
  failures: number;
  window_start: string;
}

/** FIDO2 security keys and passkeys registered as MFA devices (migration 0022). */
export interface SecurityKeysTable {
  credential_id: string;
  serial_lower: string;
  serial_number: string;
  account_id: string;
  /** The IAM user; null for the root user. */
  user_name: string | null;
  /** The credential's COSE public key, base64url. */
  public_key: string;
  sign_count: number;
  /** JSON array of the authenticator's transports. */
  transports: string;
  enable_date: string;
}

/** Account aliases (migration 0002), unique across the deployment. */
export interface AccountAliasesTable {
  alias: string;
  account_id: string;
  created_at: string;
}

export interface KvTable {
  key: string;
  value: string;
}

/** An account imported from an AWS export (migration 0017); `sources` and `facts` are JSON. */
export interface ImportedAccountsTable {
  account_id: string;
  imported_at: string;
  organization_id: string | null;
  sources: string;
  facts: string;
}

/** One API call in CloudTrail's record format, hash-chained by `seq` (migration 0007). */
export interface AuditEventsTable {
  seq: number;
  event_id: string;
  account_id: string;
  event_time: string;
  event_name: string;
  event_source: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  error_code: string | null;
  record: string;
  decision: string | null;
  prev_hash: string;
  hash: string;
}

/** The resources an audit event names, for LookupEvents' ResourceType/ResourceName. */
export interface AuditEventResourcesTable {
  seq: number;
  resource_type: string;
  resource_name: string;
}

/** A mutation's record, committed with the mutation and waiting to be chained (migration 0010). */
export interface AuditInboxTable {
  frame: string;
}

/** The audit chain head: the last sequence number and hash. */
export interface AuditChainTable {
  id: string;
  seq: number;
  hash: string;
}

export interface Database extends AuditTrailTables, OrganizationTables, AccessAnalyzerTables, WorkloadIdentityTables, IdentityCenterTables {
  audit_events: AuditEventsTable;
  audit_event_resources: AuditEventResourcesTable;
  audit_chain: AuditChainTable;
  audit_inbox: AuditInboxTable;
  accounts: AccountsTable;
  users: UsersTable;
  access_keys: AccessKeysTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  roles: RolesTable;
  instance_profiles: InstanceProfilesTable;
  instance_profile_roles: InstanceProfileRolesTable;
  managed_policies: ManagedPoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_attachments: PolicyAttachmentsTable;
  inline_policies: InlinePoliciesTable;
  tags: TagsTable;
  kv: KvTable;
  login_profiles: LoginProfilesTable;
  password_history: PasswordHistoryTable;
  account_aliases: AccountAliasesTable;
  mfa_devices: MfaDevicesTable;
  ssh_public_keys: SshPublicKeysTable;
  signing_certificates: SigningCertificatesTable;
  server_certificates: ServerCertificatesTable;
  service_specific_credentials: ServiceSpecificCredentialsTable;
  saml_providers: SamlProvidersTable;
  oidc_providers: OidcProvidersTable;
  principal_references: PrincipalReferencesTable;
  root_passwords: RootPasswordsTable;
  console_sessions: ConsoleSessionsTable;
  console_signin_failures: ConsoleSigninFailuresTable;
  security_keys: SecurityKeysTable;
  imported_accounts: ImportedAccountsTable;
  s3_buckets: S3BucketsTable;
  s3_account_settings: S3AccountSettingsTable;
  s3_objects: S3ObjectsTable;
  s3_uploads: S3UploadsTable;
  s3_parts: S3PartsTable;
  s3_blobs: S3BlobsTable;
}

/**
 * Every data table, children before parents: deleting in this order never violates a foreign
 * key. `reset()` and the schema test use it; a migration that adds a table adds it here.
 */
export const DATA_TABLES = [
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
  'security_keys',
  'console_signin_failures',
  'console_sessions',
  'root_passwords',
  'access_previews',
  'policy_generations',
  'analyzer_recommendations',
  'analyzer_resources',
  'analyzer_findings',
  'analyzer_archive_rules',
  'analyzers',
  's3_blobs',
  's3_parts',
  's3_uploads',
  's3_objects',
  's3_account_settings',
  's3_buckets',
  'workload_tokens',
  'iot_thing_principals',
  'iot_things',
  'iot_policy_targets',
  'iot_policies',
  'iot_role_aliases',
  'iot_certificates',
  'iot_ca_certificates',
  'ra_subjects',
  'ra_crls',
  'ra_profiles',
  'ra_trust_anchors',
  'audit_last_accessed',
  'audit_leases',
  'audit_signing_keys',
  'trail_digest_chains',
  'trail_log_files',
  'trails',
  'audit_event_resources',
  'audit_events',
  'audit_chain',
  'audit_inbox',
  'imported_accounts',
  'org_handshakes',
  'org_tags',
  'org_create_account_requests',
  'org_policy_attachments',
  'org_policies',
  'org_memberships',
  'org_units',
  'organizations',
  'principal_references',
  'tags',
  'login_profiles',
  'password_history',
  'account_aliases',
  'mfa_devices',
  'ssh_public_keys',
  'signing_certificates',
  'server_certificates',
  'service_specific_credentials',
  'saml_providers',
  'oidc_providers',
  'inline_policies',
  'policy_attachments',
  'policy_versions',
  'managed_policies',
  'instance_profile_roles',
  'instance_profiles',
  'roles',
  'group_members',
  'groups',
  'access_keys',
  'users',
  'kv',
  'accounts',
] as const satisfies readonly (keyof Database)[];
