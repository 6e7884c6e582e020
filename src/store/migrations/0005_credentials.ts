import type { Kysely } from 'kysely';

/**
 * IAM's other credential types: virtual MFA devices, SSH public keys, signing certificates,
 * server certificates and service-specific credentials. Secrets (TOTP seeds, server certificate
 * private keys, service passwords) are sealed with the key ring; nothing secret is stored in clear.
 * Owners are stored by the user's canonical name; the IAM layer keeps them in step on rename.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mfa_devices')
    .addColumn('serial_lower', 'text', (c) => c.primaryKey())
    .addColumn('serial_number', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('seed_sealed', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('assigned_root', 'integer', (c) => c.notNull())
    .addColumn('enable_date', 'text')
    .addColumn('last_step', 'integer')
    .addColumn('drift_steps', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mfa_devices_owner').on('mfa_devices').columns(['account_id', 'user_name']).execute();

  await db.schema
    .createTable('ssh_public_keys')
    .addColumn('ssh_public_key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('body_ssh', 'text', (c) => c.notNull())
    .addColumn('body_pem', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ssh_public_keys_owner').on('ssh_public_keys').columns(['account_id', 'user_name']).execute();

  await db.schema
    .createTable('signing_certificates')
    .addColumn('certificate_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_name', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signing_certificates_owner').on('signing_certificates').columns(['account_id', 'user_name']).execute();
  await db.schema.createIndex('signing_certificates_fingerprint').on('signing_certificates').columns(['account_id', 'fingerprint']).unique().execute();

  await db.schema
    .createTable('server_certificates')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('server_certificate_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('chain', 'text')
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('expiration', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('server_certificates_pk', ['account_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('service_specific_credentials')
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('service_user_name', 'text', (c) => c.notNull())
    .addColumn('password_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_specific_credentials_owner').on('service_specific_credentials').columns(['account_id', 'user_name']).execute();
}
