import type { Kysely } from 'kysely';

/**
 * The web console's own state:
 * - `root_passwords`: the root user's console password of each account (a scrypt hash), set by
 *   `gatehouse root set-password`;
 * - `console_sessions`: signed-in console sessions, by the SHA-256 of their cookie's random ID;
 *   each holds the session's sealed temporary credentials, so any node serves it;
 * - `console_signin_failures`: failed sign-ins counted per account and name, and per address, for
 *   rate limiting shared by every node;
 * - `security_keys`: FIDO2 security keys and passkeys (WebAuthn credentials) registered as MFA
 *   devices of IAM users or the root user (AWS: their serial number is an ARN,
 *   `arn:aws:iam::<account>:u2f/user/<name>/<device name>-<id>` or `…:u2f/root/…`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('root_passwords')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('console_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('principal_arn', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('session_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_by_expiry').on('console_sessions').column('expires_at').execute();
  await db.schema
    .createTable('console_signin_failures')
    .addColumn('throttle_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('security_keys')
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('serial_lower', 'text', (c) => c.notNull().unique())
    .addColumn('serial_number', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'integer', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('enable_date', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_keys_by_owner').on('security_keys').columns(['account_id', 'user_name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['security_keys', 'console_signin_failures', 'console_sessions', 'root_passwords']) await db.schema.dropTable(table).execute();
}
