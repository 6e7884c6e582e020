import type { Kysely } from 'kysely';

/**
 * Console passwords and account aliases. Passwords are stored only as scrypt hashes; earlier
 * hashes are kept in `password_history` for the password policy's reuse prevention. Owners are
 * stored by the user's canonical name; the IAM layer keeps them in step on rename.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_profiles')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_reset_required', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_profiles_pk', ['account_id', 'user_name'])
    .execute();

  await db.schema
    .createTable('password_history')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_owner').on('password_history').columns(['account_id', 'user_name']).execute();

  // AWS: an alias is unique across AWS, so the alias alone is the key.
  await db.schema
    .createTable('account_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_aliases_account').on('account_aliases').column('account_id').execute();
}
