import type { RepositoryContext } from './context.js';

/** The root user's console password of an account: a scrypt hash, never the password. */
export interface RootPasswordRecord {
  readonly accountId: string;
  readonly passwordHash: string;
  readonly changedAt: string;
}

/** Root users' console passwords (`gatehouse root set-password`). */
export interface RootPasswordsRepository {
  get(accountId: string): Promise<RootPasswordRecord | undefined>;
  /** Sets (or replaces) the hash. */
  set(accountId: string, passwordHash: string, at?: string): Promise<void>;
}

export function rootPasswordsRepository({ db, now }: RepositoryContext): RootPasswordsRepository {
  return {
    async get(accountId) {
      const row = await db.selectFrom('root_passwords').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row === undefined ? undefined : { accountId: row.account_id, passwordHash: row.password_hash, changedAt: row.changed_at };
    },
    async set(accountId, passwordHash, at = now()) {
      await db
        .insertInto('root_passwords')
        .values({ account_id: accountId, password_hash: passwordHash, changed_at: at })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ password_hash: passwordHash, changed_at: at }))
        .execute();
    },
  };
}
