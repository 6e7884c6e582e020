import type { Selectable } from 'kysely';
import type { LoginProfilesTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';

/** A user's console password as stored: a scrypt hash, never the password. */
export interface LoginProfileRecord {
  readonly accountId: string;
  readonly userName: string;
  readonly passwordHash: string;
  readonly passwordResetRequired: boolean;
  readonly createdAt: string;
  readonly passwordChangedAt: string;
}

/**
 * Login profiles (console passwords) and the history of earlier password hashes. User names are
 * canonical (as the user was created); `renameUser` keeps both tables in step.
 */
export interface LoginProfilesRepository {
  get(accountId: string, userName: string): Promise<LoginProfileRecord | undefined>;
  /** Every login profile of the account, in no particular order. */
  listForAccount(accountId: string): Promise<LoginProfileRecord[]>;
  /** Throws `DuplicateError` when the user already has one. `at` defaults to now. */
  create(accountId: string, userName: string, passwordHash: string, resetRequired: boolean, at?: string): Promise<LoginProfileRecord>;
  /** Sets a new hash (keeping the old one in the history) and/or the reset flag. */
  update(accountId: string, userName: string, change: { passwordHash?: string; resetRequired?: boolean }, at?: string): Promise<void>;
  /** Deletes the profile; the password history goes with it. Returns false when there was none. */
  delete(accountId: string, userName: string): Promise<boolean>;
  /** The `count` most recent earlier hashes, newest first. */
  history(accountId: string, userName: string, count: number): Promise<string[]>;
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
  /** How many users of the account have a console password. */
  count(accountId: string): Promise<number>;
}

function toRecord(row: Selectable<LoginProfilesTable>): LoginProfileRecord {
  return {
    accountId: row.account_id,
    userName: row.user_name,
    passwordHash: row.password_hash,
    passwordResetRequired: row.password_reset_required === 1,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
  };
}

/** Login profiles over one database handle. */
export function loginProfilesRepository({ db, now }: RepositoryContext): LoginProfilesRepository {
  async function get(accountId: string, userName: string): Promise<LoginProfileRecord | undefined> {
    const row = await db.selectFrom('login_profiles').selectAll().where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  return {
    get,

    async create(accountId, userName, passwordHash, resetRequired, at = now()) {
      const row = {
        account_id: accountId,
        user_name: userName,
        password_hash: passwordHash,
        password_reset_required: resetRequired ? 1 : 0,
        created_at: at,
        password_changed_at: at,
      };
      await insertUnique('login profile', userName, () => db.insertInto('login_profiles').values(row).execute());
      return toRecord(row);
    },

    async update(accountId, userName, change, at = now()) {
      const current = await get(accountId, userName);
      if (current === undefined) return;
      const set: Partial<LoginProfilesTable> = {};
      if (change.passwordHash !== undefined) {
        await db
          .insertInto('password_history')
          .values({ account_id: accountId, user_name: userName, password_hash: current.passwordHash, created_at: current.passwordChangedAt })
          .execute();
        set.password_hash = change.passwordHash;
        set.password_changed_at = at;
      }
      if (change.resetRequired !== undefined) set.password_reset_required = change.resetRequired ? 1 : 0;
      if (Object.keys(set).length === 0) return;
      await db.updateTable('login_profiles').set(set).where('account_id', '=', accountId).where('user_name', '=', userName).execute();
    },

    async delete(accountId, userName) {
      await db.deleteFrom('password_history').where('account_id', '=', accountId).where('user_name', '=', userName).execute();
      const result = await db.deleteFrom('login_profiles').where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async history(accountId, userName, count) {
      if (count <= 0) return [];
      const rows = await db
        .selectFrom('password_history')
        .select('password_hash')
        .where('account_id', '=', accountId)
        .where('user_name', '=', userName)
        .orderBy('created_at', 'desc')
        .limit(count)
        .execute();
      return rows.map((r) => r.password_hash);
    },

    async renameUser(accountId, oldName, newName) {
      for (const table of ['login_profiles', 'password_history'] as const) {
        await db.updateTable(table).set({ user_name: newName }).where('account_id', '=', accountId).where('user_name', '=', oldName).execute();
      }
    },

    async listForAccount(accountId) {
      const rows = await db.selectFrom('login_profiles').selectAll().where('account_id', '=', accountId).execute();
      return rows.map(toRecord);
    },

    async count(accountId) {
      const row = await db
        .selectFrom('login_profiles')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
