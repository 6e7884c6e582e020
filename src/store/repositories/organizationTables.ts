/**
 * The tables of the organization tree (migration 0009). Accounts keep their organization and parent
 * in the `accounts` table's `organization_id` and `parent_id` columns; these hold the rest.
 */

export interface OrganizationsTable {
  id: string;
  management_account_id: string;
  feature_set: string;
  created_at: string;
}

/** Roots and OUs: `parent_id` is null for a root; `policy_types` (JSON array of enabled types) only on roots. */
export interface OrgUnitsTable {
  id: string;
  organization_id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  name_lower: string;
  policy_types: string | null;
  created_at: string;
}

/** How and when an account joined its organization. */
export interface OrgMembershipsTable {
  account_id: string;
  organization_id: string;
  joined_method: string;
  joined_at: string;
}

export interface OrgPoliciesTable {
  organization_id: string;
  id: string;
  type: string;
  name: string;
  name_lower: string;
  description: string;
  content: string;
  aws_managed: number;
  created_at: string;
  updated_at: string | null;
}

export interface OrgPolicyAttachmentsTable {
  organization_id: string;
  policy_id: string;
  target_id: string;
  created_at: string;
}

export interface OrgCreateAccountRequestsTable {
  id: string;
  organization_id: string;
  account_name: string;
  state: string;
  requested_at: string;
  completed_at: string | null;
  account_id: string | null;
  failure_reason: string | null;
}

export interface OrgTagsTable {
  organization_id: string;
  resource_id: string;
  key: string;
  value: string;
}

/** Handshakes (migration 0011): the party is an organization, an account ID or an email address; `tags` is JSON. */
export interface OrgHandshakesTable {
  id: string;
  organization_id: string;
  action: string;
  state: string;
  party_type: string;
  party_id: string;
  party_id_lower: string;
  notes: string | null;
  tags: string | null;
  parent_id: string | null;
  requested_at: string;
  expires_at: string;
  changed_at: string;
}

/** The organization tables, merged into the store's `Database`. */
export interface OrganizationTables {
  organizations: OrganizationsTable;
  org_units: OrgUnitsTable;
  org_memberships: OrgMembershipsTable;
  org_policies: OrgPoliciesTable;
  org_policy_attachments: OrgPolicyAttachmentsTable;
  org_create_account_requests: OrgCreateAccountRequestsTable;
  org_tags: OrgTagsTable;
  org_handshakes: OrgHandshakesTable;
}
