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

export interface TagsTable {
  account_id: string;
  resource_kind: string;
  resource_id: string;
  key: string;
  value: string;
}

export interface KvTable {
  key: string;
  value: string;
}

/** Every table of the schema, as Kysely sees it. */
export interface Database {
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
}

/**
 * Every data table, children before parents: deleting in this order never violates a foreign
 * key. `reset()` and the schema test use it; a migration that adds a table adds it here.
 */
export const DATA_TABLES = [
  'tags',
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
