/** Kysely table types of the workload identity tables (migration 0017): Roles Anywhere, IoT, workload tokens. */

export interface RaTrustAnchorsTable {
  trust_anchor_id: string;
  account_id: string;
  arn: string;
  name: string;
  enabled: number;
  source_type: string;
  /** JSON: `{ x509CertificateData?, acmPcaArn? }`. */
  source_data: string;
  /** JSON: the notification settings as the API returns them. */
  notification_settings: string;
  created_at: string;
  updated_at: string;
}

export interface RaProfilesTable {
  profile_id: string;
  account_id: string;
  arn: string;
  name: string;
  enabled: number;
  duration_seconds: number;
  require_instance_properties: number;
  accept_role_session_name: number;
  session_policy: string | null;
  role_arns: string;
  managed_policy_arns: string;
  attribute_mappings: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface RaCrlsTable {
  crl_id: string;
  account_id: string;
  arn: string;
  name: string;
  enabled: number;
  trust_anchor_arn: string;
  /** The CRL, DER in base64. */
  crl_data: string;
  created_at: string;
  updated_at: string;
}

export interface RaSubjectsTable {
  subject_id: string;
  account_id: string;
  arn: string;
  x509_subject: string;
  enabled: number;
  credentials: string;
  instance_properties: string;
  created_at: string;
  updated_at: string;
  last_seen_at: string;
}

export interface IotCaCertificatesTable {
  certificate_id: string;
  account_id: string;
  arn: string;
  pem: string;
  status: string;
  auto_registration_status: string;
  certificate_mode: string;
  customer_version: number;
  generation_id: string;
  created_at: string;
  last_modified_at: string;
}

export interface IotCertificatesTable {
  certificate_id: string;
  account_id: string;
  arn: string;
  pem: string;
  status: string;
  ca_certificate_id: string | null;
  certificate_mode: string;
  customer_version: number;
  generation_id: string;
  created_at: string;
  last_modified_at: string;
}

export interface IotRoleAliasesTable {
  account_id: string;
  role_alias: string;
  arn: string;
  role_arn: string;
  credential_duration_seconds: number;
  created_at: string;
  last_modified_at: string;
}

export interface IotPoliciesTable {
  account_id: string;
  policy_name: string;
  arn: string;
  document: string;
  generation_id: string;
  created_at: string;
  last_modified_at: string;
}

export interface IotPolicyTargetsTable {
  account_id: string;
  policy_name: string;
  target: string;
}

export interface IotThingsTable {
  account_id: string;
  thing_name: string;
  thing_id: string;
  arn: string;
  thing_type_name: string | null;
  attributes: string;
  version: number;
  created_at: string;
}

export interface IotThingPrincipalsTable {
  account_id: string;
  thing_name: string;
  principal: string;
}

export interface WorkloadTokensTable {
  token_id: string;
  account_id: string;
  role_arn: string;
  description: string;
  /** SHA-256 of the token, hex. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  /** The role credentials last issued for the token, sealed with the key ring. */
  credentials_sealed: string | null;
  credentials_expire_at: string | null;
}

export interface WorkloadIdentityTables {
  ra_trust_anchors: RaTrustAnchorsTable;
  ra_profiles: RaProfilesTable;
  ra_crls: RaCrlsTable;
  ra_subjects: RaSubjectsTable;
  iot_ca_certificates: IotCaCertificatesTable;
  iot_certificates: IotCertificatesTable;
  iot_role_aliases: IotRoleAliasesTable;
  iot_policies: IotPoliciesTable;
  iot_policy_targets: IotPolicyTargetsTable;
  iot_things: IotThingsTable;
  iot_thing_principals: IotThingPrincipalsTable;
  workload_tokens: WorkloadTokensTable;
}
