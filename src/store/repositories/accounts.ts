import type { Selectable } from 'kysely';
import type { AccountsTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { AccountRecord, AccountStatus, AccountsRepository, NewAccount } from '../types.js';
import type { RepositoryContext } from './context.js';

function toRecord(row: Selectable<AccountsTable>): AccountRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    status: row.status as AccountStatus,
    organizationId: row.organization_id,
    parentId: row.parent_id,
    createdAt: row.created_at,
  };
}

/** Accounts over one database handle. */
export function accountsRepository({ db, now }: RepositoryContext): AccountsRepository {
  return {
    async create(account: NewAccount) {
      const row = {
        id: account.id,
        name: account.name,
        email: account.email ?? null,
        status: account.status ?? 'ACTIVE',
        organization_id: account.organizationId ?? null,
        parent_id: account.parentId ?? null,
        created_at: account.createdAt ?? now(),
      };
      await insertUnique('account', account.id, () => db.insertInto('accounts').values(row).execute());
      return toRecord(row);
    },

    async get(id: string) {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list() {
      const rows = await db.selectFrom('accounts').selectAll().orderBy('id').execute();
      return rows.map(toRecord);
    },
  };
}
