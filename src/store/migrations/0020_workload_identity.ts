import type { Kysely } from 'kysely';

/**
 * Workload identity without long-term keys:
 * - IAM Roles Anywhere: trust anchors (a CA bundle), profiles (roles, session policies, attribute
 *   mappings), imported CRLs and the subjects seen authenticating (their certificates and
 *   instance properties as JSON). Nested members that are only ever read whole are JSON text.
 * - AWS IoT: CA and device certificates (certificate ID: SHA-256 of the DER, unique across
 *   accounts), role aliases, IoT policies and their targets, things and their principals.
 * - Gatehouse workload tokens for the container credentials endpoint: stored as their SHA-256
 *   only, with the role credentials last issued for them (sealed) so that every fetch until they
 *   are due for rotation returns the same ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ra_trust_anchors')
    .addColumn('trust_anchor_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_data', 'text', (c) => c.notNull())
    .addColumn('notification_settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ra_trust_anchors_account').on('ra_trust_anchors').columns(['account_id', 'created_at']).execute();
  await db.schema
    .createTable('ra_profiles')
    .addColumn('profile_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('require_instance_properties', 'integer', (c) => c.notNull())
    .addColumn('accept_role_session_name', 'integer', (c) => c.notNull())
    .addColumn('session_policy', 'text')
    .addColumn('role_arns', 'text', (c) => c.notNull())
    .addColumn('managed_policy_arns', 'text', (c) => c.notNull())
    .addColumn('attribute_mappings', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ra_profiles_account').on('ra_profiles').columns(['account_id', 'created_at']).execute();
  await db.schema
    .createTable('ra_crls')
    .addColumn('crl_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('trust_anchor_arn', 'text', (c) => c.notNull())
    .addColumn('crl_data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ra_crls_account').on('ra_crls').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('ra_crls_trust_anchor').on('ra_crls').columns(['trust_anchor_arn']).execute();
  await db.schema
    .createTable('ra_subjects')
    .addColumn('subject_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('x509_subject', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('instance_properties', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ra_subjects_by_subject').on('ra_subjects').columns(['account_id', 'x509_subject']).unique().execute();

  await db.schema
    .createTable('iot_ca_certificates')
    .addColumn('certificate_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('pem', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('auto_registration_status', 'text', (c) => c.notNull())
    .addColumn('certificate_mode', 'text', (c) => c.notNull())
    .addColumn('customer_version', 'integer', (c) => c.notNull())
    .addColumn('generation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_modified_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('iot_ca_certificates_account').on('iot_ca_certificates').columns(['account_id', 'created_at']).execute();
  await db.schema
    .createTable('iot_certificates')
    .addColumn('certificate_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('pem', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ca_certificate_id', 'text')
    .addColumn('certificate_mode', 'text', (c) => c.notNull())
    .addColumn('customer_version', 'integer', (c) => c.notNull())
    .addColumn('generation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_modified_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('iot_certificates_account').on('iot_certificates').columns(['account_id', 'created_at']).execute();
  await db.schema
    .createTable('iot_role_aliases')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_alias', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('credential_duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_modified_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iot_role_aliases_pk', ['account_id', 'role_alias'])
    .execute();
  await db.schema
    .createTable('iot_policies')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('generation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_modified_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iot_policies_pk', ['account_id', 'policy_name'])
    .execute();
  await db.schema
    .createTable('iot_policy_targets')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iot_policy_targets_pk', ['account_id', 'policy_name', 'target'])
    .execute();
  await db.schema.createIndex('iot_policy_targets_by_target').on('iot_policy_targets').columns(['account_id', 'target']).execute();
  await db.schema
    .createTable('iot_things')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('thing_name', 'text', (c) => c.notNull())
    .addColumn('thing_id', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('thing_type_name', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iot_things_pk', ['account_id', 'thing_name'])
    .execute();
  await db.schema
    .createTable('iot_thing_principals')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('thing_name', 'text', (c) => c.notNull())
    .addColumn('principal', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iot_thing_principals_pk', ['account_id', 'thing_name', 'principal'])
    .execute();
  await db.schema.createIndex('iot_thing_principals_by_principal').on('iot_thing_principals').columns(['account_id', 'principal']).execute();

  await db.schema
    .createTable('workload_tokens')
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('credentials_sealed', 'text')
    .addColumn('credentials_expire_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
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
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
