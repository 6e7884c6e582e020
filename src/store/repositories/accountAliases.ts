import { insertUnique } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';

/** Account aliases: unique across the deployment, as AWS aliases are unique across AWS. */
export interface AccountAliasesRepository {
  /** The account's aliases, in alias order. */
  list(accountId: string): Promise<string[]>;
  /** The account that owns an alias. */
  owner(alias: string): Promise<string | undefined>;
  /** Throws `DuplicateError` when any account already has the alias. */
  create(accountId: string, alias: string): Promise<void>;
  /** Returns false when the account has no such alias. */
  delete(accountId: string, alias: string): Promise<boolean>;
}

/** Account aliases over one database handle. */
export function accountAliasesRepository({ db, now }: RepositoryContext): AccountAliasesRepository {
  return {
    async list(accountId) {
      const rows = await db.selectFrom('account_aliases').select('alias').where('account_id', '=', accountId).orderBy('alias').execute();
      return rows.map((r) => r.alias);
    },

    async owner(alias) {
      const row = await db.selectFrom('account_aliases').select('account_id').where('alias', '=', alias).executeTakeFirst();
      return row?.account_id;
    },

    async create(accountId, alias) {
      await insertUnique('account alias', alias, () => db.insertInto('account_aliases').values({ alias, account_id: accountId, created_at: now() }).execute());
    },

    async delete(accountId, alias) {
      const result = await db.deleteFrom('account_aliases').where('account_id', '=', accountId).where('alias', '=', alias).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
