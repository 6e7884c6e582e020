import type { Selectable } from 'kysely';
import type { RolesTable } from '../schema.js';
import { DuplicateError, isUniqueViolation, violationDetail } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { pageByName } from './namePages.js';
import { preparedQuery } from './prepared.js';

const roleByName = preparedQuery((db, v: { accountId: string; nameLower: string }) =>
  db.selectFrom('roles').selectAll().where('account_id', '=', v.accountId).where('name_lower', '=', v.nameLower),
);

/** An IAM role as stored. */
export interface RoleRecord {
  readonly accountId: string;
  readonly roleId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  /** The trust policy exactly as the caller sent it. */
  readonly trustPolicy: string;
  readonly description: string | null;
  readonly maxSessionDuration: number;
  readonly permissionsBoundaryArn: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly lastUsedRegion: string | null;
}

/** Input of `roles.create`; `createdAt` defaults to now. */
export interface NewRole {
  accountId: string;
  roleId: string;
  name: string;
  path: string;
  arn: string;
  trustPolicy: string;
  description?: string | null;
  maxSessionDuration: number;
  permissionsBoundaryArn?: string | null;
  createdAt?: string;
}

/** The mutable columns of a role; absent members stay as they are. */
export interface RolePatch {
  trustPolicy?: string;
  description?: string | null;
  maxSessionDuration?: number;
  permissionsBoundaryArn?: string | null;
}

/** IAM roles. Names are unique per account, case-insensitively. */
export interface RolesRepository {
  /** Throws `DuplicateError` if the name (any case) or the role id exists. */
  create(role: NewRole): Promise<RoleRecord>;
  /** Case-insensitive lookup by name. */
  get(accountId: string, name: string): Promise<RoleRecord | undefined>;
  getById(roleId: string): Promise<RoleRecord | undefined>;
  /** Roles by name (case-insensitive order), filtered by path prefix. */
  list(accountId: string, options?: ListOptions): Promise<Page<RoleRecord>>;
  /** Every role of the account, by name (case-insensitive order), for account-wide reports. */
  listAll(accountId: string): Promise<RoleRecord[]>;
  count(accountId: string): Promise<number>;
  /** Returns the updated role, or undefined if there is no such role. */
  update(accountId: string, name: string, patch: RolePatch): Promise<RoleRecord | undefined>;
  /** Case-insensitive; returns false if there is no such role. */
  delete(accountId: string, name: string): Promise<boolean>;
  /** Records that a session of the role was used (GetRole's `RoleLastUsed`). */
  recordLastUsed(accountId: string, name: string, at: string, region: string): Promise<void>;
}

function toRecord(row: Selectable<RolesTable>): RoleRecord {
  return {
    accountId: row.account_id,
    roleId: row.role_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    trustPolicy: row.trust_policy,
    description: row.description,
    maxSessionDuration: Number(row.max_session_duration),
    permissionsBoundaryArn: row.permissions_boundary_arn,
    createdAt: row.created_at,
    lastUsedAt: row.role_last_used_at,
    lastUsedRegion: row.role_last_used_region,
  };
}

/** IAM roles over one database handle. */
export function rolesRepository({ db, now }: RepositoryContext): RolesRepository {
  const byName = async (accountId: string, name: string) => (await roleByName(db, { accountId, nameLower: name.toLowerCase() })).rows[0];

  return {
    async create(role) {
      const row: Selectable<RolesTable> = {
        account_id: role.accountId,
        role_id: role.roleId,
        name: role.name,
        name_lower: role.name.toLowerCase(),
        path: role.path,
        arn: role.arn,
        trust_policy: role.trustPolicy,
        description: role.description ?? null,
        max_session_duration: role.maxSessionDuration,
        permissions_boundary_arn: role.permissionsBoundaryArn ?? null,
        created_at: role.createdAt ?? now(),
        role_last_used_at: null,
        role_last_used_region: null,
      };
      try {
        await db.insertInto('roles').values(row).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const key = violationDetail(error).includes('role_id') ? role.roleId : role.name;
        throw new DuplicateError('role', key, { cause: error });
      }
      return toRecord(row);
    },

    async get(accountId, name) {
      const row = await byName(accountId, name);
      return row === undefined ? undefined : toRecord(row);
    },

    async getById(roleId) {
      const row = await db.selectFrom('roles').selectAll().where('role_id', '=', roleId).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(accountId, options = {}) {
      return pageByName(db.selectFrom('roles').selectAll().where('account_id', '=', accountId), options, toRecord);
    },

    async listAll(accountId) {
      const rows = await db.selectFrom('roles').selectAll().where('account_id', '=', accountId).orderBy('name_lower').execute();
      return rows.map(toRecord);
    },

    async count(accountId) {
      const row = await db
        .selectFrom('roles')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async update(accountId, name, patch) {
      const values: Partial<RolesTable> = {};
      if (patch.trustPolicy !== undefined) values.trust_policy = patch.trustPolicy;
      if (patch.description !== undefined) values.description = patch.description;
      if (patch.maxSessionDuration !== undefined) values.max_session_duration = patch.maxSessionDuration;
      if (patch.permissionsBoundaryArn !== undefined) values.permissions_boundary_arn = patch.permissionsBoundaryArn;
      if (Object.keys(values).length > 0) {
        await db.updateTable('roles').set(values).where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).execute();
      }
      const row = await byName(accountId, name);
      return row === undefined ? undefined : toRecord(row);
    },

    async delete(accountId, name) {
      const result = await db.deleteFrom('roles').where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async recordLastUsed(accountId, name, at, region) {
      await db
        .updateTable('roles')
        .set({ role_last_used_at: at, role_last_used_region: region })
        .where('account_id', '=', accountId)
        .where('name_lower', '=', name.toLowerCase())
        .execute();
    },
  };
}
