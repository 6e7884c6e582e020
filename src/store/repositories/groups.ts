import { sql, type Selectable } from 'kysely';
import type { GroupsTable } from '../schema.js';
import { DuplicateError, isUniqueViolation, violationDetail } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { pageByName } from './namePages.js';
import { decodeMarker, encodeMarker } from './marker.js';

const DEFAULT_MAX_ITEMS = 100;

/** An IAM group as stored. */
export interface GroupRecord {
  readonly accountId: string;
  readonly groupId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createdAt: string;
}

/** Input of `groups.create`; `createdAt` defaults to now. */
export interface NewGroup {
  accountId: string;
  groupId: string;
  name: string;
  path: string;
  arn: string;
  createdAt?: string;
}

/** One user's membership of one group, by their canonical names. */
export interface GroupMembership {
  readonly groupName: string;
  readonly userName: string;
}

/** A rename or move of a group: the new name, path and the ARN built from them. */
export interface GroupChange {
  name: string;
  path: string;
  arn: string;
}

/**
 * IAM groups and their members. Names are unique per account, case-insensitively; membership
 * rows hold the canonical (as created) names of the group and the user.
 */
export interface GroupsRepository {
  /** Throws `DuplicateError` if the name (any case) or the group id exists. */
  create(group: NewGroup): Promise<GroupRecord>;
  /** Case-insensitive lookup by name. */
  get(accountId: string, name: string): Promise<GroupRecord | undefined>;
  /** Groups by name (case-insensitive order), filtered by path prefix. */
  list(accountId: string, options?: ListOptions): Promise<Page<GroupRecord>>;
  /** Every group of the account, by name (case-insensitive order), for account-wide reports. */
  listAll(accountId: string): Promise<GroupRecord[]>;
  count(accountId: string): Promise<number>;
  /** Renames or moves a group and its memberships; throws `DuplicateError` if the new name is taken. */
  update(accountId: string, name: string, change: GroupChange): Promise<void>;
  /** Case-insensitive; returns false if there is no such group. */
  delete(accountId: string, name: string): Promise<boolean>;
  /** Returns false when the user already was a member. Both names canonical. */
  addMember(accountId: string, groupName: string, userName: string): Promise<boolean>;
  /** Returns false when the user was not a member. Both names canonical. */
  removeMember(accountId: string, groupName: string, userName: string): Promise<boolean>;
  /** Canonical names of a group's members, by name (case-insensitive order), a page at a time. */
  members(accountId: string, groupName: string, options?: ListOptions): Promise<Page<string>>;
  countMembers(accountId: string, groupName: string): Promise<number>;
  /** The groups a user belongs to, by name. */
  groupsOf(accountId: string, userName: string): Promise<GroupRecord[]>;
  /** Every membership of the account (canonical names), in no particular order. */
  memberships(accountId: string): Promise<GroupMembership[]>;
  /** Follows a user's rename: the memberships of `oldName` (exactly, as stored) become `newName`'s. */
  renameMember(accountId: string, oldName: string, newName: string): Promise<void>;
}

function toRecord(row: Selectable<GroupsTable>): GroupRecord {
  return {
    accountId: row.account_id,
    groupId: row.group_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createdAt: row.created_at,
  };
}

function duplicate(error: unknown, group: { groupId?: string; name: string }): unknown {
  if (!isUniqueViolation(error)) return error;
  const key = group.groupId !== undefined && violationDetail(error).includes('group_id') ? group.groupId : group.name;
  return new DuplicateError('group', key, { cause: error });
}

/** Groups and memberships over one database handle. */
export function groupsRepository({ db, now }: RepositoryContext): GroupsRepository {
  async function get(accountId: string, name: string): Promise<GroupRecord | undefined> {
    const row = await db.selectFrom('groups').selectAll().where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  return {
    async create(group) {
      const row = {
        account_id: group.accountId,
        group_id: group.groupId,
        name: group.name,
        name_lower: group.name.toLowerCase(),
        path: group.path,
        arn: group.arn,
        created_at: group.createdAt ?? now(),
      };
      try {
        await db.insertInto('groups').values(row).execute();
      } catch (error) {
        throw duplicate(error, group);
      }
      return toRecord(row);
    },

    get,

    async list(accountId, options = {}) {
      return pageByName(db.selectFrom('groups').selectAll().where('account_id', '=', accountId), options, toRecord);
    },

    async listAll(accountId) {
      const rows = await db.selectFrom('groups').selectAll().where('account_id', '=', accountId).orderBy('name_lower').execute();
      return rows.map(toRecord);
    },

    async count(accountId) {
      const row = await db
        .selectFrom('groups')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async update(accountId, name, change) {
      const current = await get(accountId, name);
      if (current === undefined) return;
      try {
        await db
          .updateTable('groups')
          .set({ name: change.name, name_lower: change.name.toLowerCase(), path: change.path, arn: change.arn })
          .where('account_id', '=', accountId)
          .where('name_lower', '=', current.name.toLowerCase())
          .execute();
      } catch (error) {
        throw duplicate(error, change);
      }
      if (change.name !== current.name) {
        await db
          .updateTable('group_members')
          .set({ group_name: change.name })
          .where('account_id', '=', accountId)
          .where('group_name', '=', current.name)
          .execute();
      }
    },

    async delete(accountId, name) {
      const result = await db.deleteFrom('groups').where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async addMember(accountId, groupName, userName) {
      try {
        await db.insertInto('group_members').values({ account_id: accountId, group_name: groupName, user_name: userName }).execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async removeMember(accountId, groupName, userName) {
      const result = await db
        .deleteFrom('group_members')
        .where('account_id', '=', accountId)
        .where('group_name', '=', groupName)
        .where('user_name', '=', userName)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async members(accountId, groupName, options = {}) {
      const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
      let query = db.selectFrom('group_members').select('user_name').where('account_id', '=', accountId).where('group_name', '=', groupName);
      if (options.marker !== undefined) query = query.where(sql<string>`lower(user_name)`, '>', decodeMarker(options.marker));
      const rows = await query
        .orderBy(sql`lower(user_name)`)
        .limit(maxItems + 1)
        .execute();
      const items = rows.slice(0, maxItems).map((r) => r.user_name);
      if (rows.length <= maxItems) return { items, isTruncated: false };
      return { items, isTruncated: true, marker: encodeMarker(items[items.length - 1]!.toLowerCase()) };
    },

    async countMembers(accountId, groupName) {
      const row = await db
        .selectFrom('group_members')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .where('group_name', '=', groupName)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async groupsOf(accountId, userName) {
      const rows = await db
        .selectFrom('group_members')
        .innerJoin('groups', (join) => join.onRef('groups.account_id', '=', 'group_members.account_id').onRef('groups.name', '=', 'group_members.group_name'))
        .selectAll('groups')
        .where('group_members.account_id', '=', accountId)
        .where('group_members.user_name', '=', userName)
        .orderBy('groups.name_lower')
        .execute();
      return rows.map(toRecord);
    },

    async memberships(accountId) {
      const rows = await db.selectFrom('group_members').select(['group_name', 'user_name']).where('account_id', '=', accountId).execute();
      return rows.map((r) => ({ groupName: r.group_name, userName: r.user_name }));
    },

    async renameMember(accountId, oldName, newName) {
      await db.updateTable('group_members').set({ user_name: newName }).where('account_id', '=', accountId).where('user_name', '=', oldName).execute();
    },
  };
}
