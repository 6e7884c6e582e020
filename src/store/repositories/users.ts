import type { Selectable } from 'kysely';
import type { UsersTable } from '../schema.js';
import { DuplicateError, isUniqueViolation, violationDetail } from '../storeErrors.js';
import type { ListOptions, NewUser, UserChange, UserRecord, UsersRepository } from '../types.js';
import type { RepositoryContext } from './context.js';
import { pageByName } from './namePages.js';
import { preparedQuery } from './prepared.js';

const userByName = preparedQuery((db, v: { accountId: string; nameLower: string }) =>
  db.selectFrom('users').selectAll().where('account_id', '=', v.accountId).where('name_lower', '=', v.nameLower),
);

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    accountId: row.account_id,
    userId: row.user_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createdAt: row.created_at,
    permissionsBoundaryArn: row.permissions_boundary_arn,
    passwordLastUsed: row.password_last_used,
  };
}

/** IAM users over one database handle. */
export function usersRepository({ db, now }: RepositoryContext): UsersRepository {
  return {
    async create(user: NewUser) {
      const row = {
        account_id: user.accountId,
        user_id: user.userId,
        name: user.name,
        name_lower: user.name.toLowerCase(),
        path: user.path ?? '/',
        arn: user.arn,
        created_at: user.createdAt ?? now(),
        permissions_boundary_arn: user.permissionsBoundaryArn ?? null,
        password_last_used: null,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const key = violationDetail(error).includes('user_id') ? user.userId : user.name;
        throw new DuplicateError('user', key, { cause: error });
      }
      return toRecord(row);
    },

    async get(accountId: string, name: string) {
      const [row] = (await userByName(db, { accountId, nameLower: name.toLowerCase() })).rows;
      return row === undefined ? undefined : toRecord(row);
    },

    async getById(userId: string) {
      const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(accountId: string, options: ListOptions = {}) {
      return pageByName(db.selectFrom('users').selectAll().where('account_id', '=', accountId), options, toRecord);
    },

    async listAll(accountId: string) {
      const rows = await db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('name_lower').execute();
      return rows.map(toRecord);
    },

    async update(accountId: string, name: string, change: UserChange) {
      try {
        await db
          .updateTable('users')
          .set({ name: change.name, name_lower: change.name.toLowerCase(), path: change.path, arn: change.arn })
          .where('account_id', '=', accountId)
          .where('name_lower', '=', name.toLowerCase())
          .execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new DuplicateError('user', change.name, { cause: error });
      }
    },

    async count(accountId: string) {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async recordPasswordUse(accountId: string, name: string, at: string) {
      await db.updateTable('users').set({ password_last_used: at }).where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).execute();
    },

    async delete(accountId: string, name: string) {
      const result = await db.deleteFrom('users').where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
