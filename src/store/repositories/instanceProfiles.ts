import { sql, type Selectable } from 'kysely';
import type { InstanceProfilesTable } from '../schema.js';
import { DuplicateError, isUniqueViolation, violationDetail } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { decodeMarker, encodeMarker } from './marker.js';

const DEFAULT_MAX_ITEMS = 100;

/** An instance profile as stored (its roles live in `instance_profile_roles`). */
export interface InstanceProfileRecord {
  readonly accountId: string;
  readonly instanceProfileId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createdAt: string;
}

/** Input of `instanceProfiles.create`; `createdAt` defaults to now. */
export interface NewInstanceProfile {
  accountId: string;
  instanceProfileId: string;
  name: string;
  path: string;
  arn: string;
  createdAt?: string;
}

/** Instance profiles and the roles in them. Names are unique per account, case-insensitively. */
export interface InstanceProfilesRepository {
  /** Throws `DuplicateError` if the name (any case) or the id exists. */
  create(profile: NewInstanceProfile): Promise<InstanceProfileRecord>;
  /** Case-insensitive lookup by name. */
  get(accountId: string, name: string): Promise<InstanceProfileRecord | undefined>;
  /** Profiles by name (case-insensitive order), filtered by path prefix. */
  list(accountId: string, options?: ListOptions): Promise<Page<InstanceProfileRecord>>;
  /** Profiles holding the role (by its stored name), by name. */
  listForRole(accountId: string, roleName: string, options?: ListOptions): Promise<Page<InstanceProfileRecord>>;
  count(accountId: string): Promise<number>;
  /** Case-insensitive; also drops its role links. Returns false if there is no such profile. */
  delete(accountId: string, name: string): Promise<boolean>;
  /** Stored names of the roles in the profile (by its stored name). */
  roleNames(accountId: string, profileName: string): Promise<string[]>;
  addRole(accountId: string, profileName: string, roleName: string): Promise<void>;
  /** Returns false if the role was not in the profile. */
  removeRole(accountId: string, profileName: string, roleName: string): Promise<boolean>;
}

function toRecord(row: Selectable<InstanceProfilesTable>): InstanceProfileRecord {
  return {
    accountId: row.account_id,
    instanceProfileId: row.instance_profile_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createdAt: row.created_at,
  };
}

function pageOf(rows: Selectable<InstanceProfilesTable>[], maxItems: number): Page<InstanceProfileRecord> {
  const items = rows.slice(0, maxItems).map(toRecord);
  if (rows.length <= maxItems) return { items, isTruncated: false };
  return { items, isTruncated: true, marker: encodeMarker(items[items.length - 1]!.name.toLowerCase()) };
}

/** Instance profiles over one database handle. */
export function instanceProfilesRepository({ db, now }: RepositoryContext): InstanceProfilesRepository {
  return {
    async create(profile) {
      const row: Selectable<InstanceProfilesTable> = {
        account_id: profile.accountId,
        instance_profile_id: profile.instanceProfileId,
        name: profile.name,
        name_lower: profile.name.toLowerCase(),
        path: profile.path,
        arn: profile.arn,
        created_at: profile.createdAt ?? now(),
      };
      try {
        await db.insertInto('instance_profiles').values(row).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const key = violationDetail(error).includes('instance_profile_id') ? profile.instanceProfileId : profile.name;
        throw new DuplicateError('instance profile', key, { cause: error });
      }
      return toRecord(row);
    },

    async get(accountId, name) {
      const row = await db
        .selectFrom('instance_profiles')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('name_lower', '=', name.toLowerCase())
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(accountId, options = {}) {
      const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
      let query = db.selectFrom('instance_profiles').selectAll().where('account_id', '=', accountId);
      const prefix = options.pathPrefix;
      if (prefix !== undefined && prefix !== '/') {
        query = query.where(sql<string>`substr(path, 1, ${prefix.length})`, '=', prefix);
      }
      if (options.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(options.marker));
      return pageOf(
        await query
          .orderBy('name_lower')
          .limit(maxItems + 1)
          .execute(),
        maxItems,
      );
    },

    async listForRole(accountId, roleName, options = {}) {
      const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
      let query = db
        .selectFrom('instance_profiles')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('name', 'in', (eb) =>
          eb.selectFrom('instance_profile_roles').select('instance_profile_name').where('account_id', '=', accountId).where('role_name', '=', roleName),
        );
      if (options.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(options.marker));
      return pageOf(
        await query
          .orderBy('name_lower')
          .limit(maxItems + 1)
          .execute(),
        maxItems,
      );
    },

    async count(accountId) {
      const row = await db
        .selectFrom('instance_profiles')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async delete(accountId, name) {
      const existing = await this.get(accountId, name);
      if (existing === undefined) return false;
      await db.deleteFrom('instance_profile_roles').where('account_id', '=', accountId).where('instance_profile_name', '=', existing.name).execute();
      await db.deleteFrom('instance_profiles').where('instance_profile_id', '=', existing.instanceProfileId).execute();
      return true;
    },

    async roleNames(accountId, profileName) {
      const rows = await db
        .selectFrom('instance_profile_roles')
        .select('role_name')
        .where('account_id', '=', accountId)
        .where('instance_profile_name', '=', profileName)
        .orderBy('role_name')
        .execute();
      return rows.map((r) => r.role_name);
    },

    async addRole(accountId, profileName, roleName) {
      await db.insertInto('instance_profile_roles').values({ account_id: accountId, instance_profile_name: profileName, role_name: roleName }).execute();
    },

    async removeRole(accountId, profileName, roleName) {
      const result = await db
        .deleteFrom('instance_profile_roles')
        .where('account_id', '=', accountId)
        .where('instance_profile_name', '=', profileName)
        .where('role_name', '=', roleName)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
