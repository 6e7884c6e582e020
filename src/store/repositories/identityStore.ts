import type { Selectable } from 'kysely';
import type { IdstoreGroupsTable, IdstoreUsersTable } from './identityCenterTables.js';
import { insertUnique } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';

/** An ID of a user or group in an external identity provider. */
export interface ExternalIdRecord {
  readonly Issuer: string;
  readonly Id: string;
}

/** An Identity Store user: its attributes as the Identity Store API names them, and its sign-in state. */
export interface IdstoreUserRecord {
  readonly identityStoreId: string;
  readonly userId: string;
  readonly userName: string;
  /** Every attribute but the IDs and the user name (`Name`, `DisplayName`, `Emails` …). */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly externalIds: readonly ExternalIdRecord[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** The scrypt hash of the user's password; null until one is set. */
  readonly passwordHash: string | null;
  /** The password is a one-time password the user must replace at the next sign-in. */
  readonly passwordMustChange: boolean;
  readonly failedSignIns: number;
  readonly firstFailedAt: string | null;
  readonly lockedUntil: string | null;
}

export interface NewIdstoreUser {
  identityStoreId: string;
  userId: string;
  userName: string;
  attributes: Record<string, unknown>;
  externalIds: readonly ExternalIdRecord[];
  createdBy: string;
  createdAt?: string;
}

export interface IdstoreUserPatch {
  userName?: string;
  attributes?: Record<string, unknown>;
  externalIds?: readonly ExternalIdRecord[];
  updatedBy: string;
}

export interface IdstoreGroupRecord {
  readonly identityStoreId: string;
  readonly groupId: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly externalIds: readonly ExternalIdRecord[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface NewIdstoreGroup {
  identityStoreId: string;
  groupId: string;
  displayName: string;
  description: string | null;
  externalIds: readonly ExternalIdRecord[];
  createdBy: string;
  createdAt?: string;
}

export interface IdstoreGroupPatch {
  displayName?: string;
  description?: string | null;
  externalIds?: readonly ExternalIdRecord[];
  updatedBy: string;
}

export interface IdstoreMembershipRecord {
  readonly identityStoreId: string;
  readonly membershipId: string;
  readonly groupId: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** A user's TOTP authenticator; the seed stays sealed unless asked for. */
export interface IdstoreMfaDeviceRecord {
  readonly deviceId: string;
  readonly name: string;
  readonly lastStep: number | null;
  readonly createdAt: string;
}

/** A page of a listing in ID order: the items, and the last ID when more may follow. */
export interface IdPage<T> {
  readonly items: T[];
  readonly last?: string;
}

/** Keyset paging: after an ID, at most `limit` items. */
export interface IdPaging {
  readonly after?: string;
  readonly limit: number;
}

/**
 * The Identity Store: users, groups, memberships, external IDs, and what a user signs in with
 * (password hash, failed attempts, lockout, MFA devices). User names and group display names are
 * unique per identity store, case-insensitively.
 */
export interface IdentityStoreRepository {
  /** Throws `DuplicateError` (entity `user name` or `external id`) on a collision. */
  createUser(user: NewIdstoreUser): Promise<IdstoreUserRecord>;
  getUser(identityStoreId: string, userId: string): Promise<IdstoreUserRecord | undefined>;
  userByName(identityStoreId: string, userName: string): Promise<IdstoreUserRecord | undefined>;
  /** Users whose primary email is `email` (case-insensitive). */
  usersByEmail(identityStoreId: string, email: string): Promise<IdstoreUserRecord[]>;
  listUsers(identityStoreId: string, paging: IdPaging): Promise<IdPage<IdstoreUserRecord>>;
  /** Throws `DuplicateError` on a collision; undefined when there is no such user. */
  updateUser(identityStoreId: string, userId: string, patch: IdstoreUserPatch): Promise<IdstoreUserRecord | undefined>;
  /** Deletes the user with its memberships, external IDs and MFA devices. */
  deleteUser(identityStoreId: string, userId: string): Promise<boolean>;
  setPassword(identityStoreId: string, userId: string, passwordHash: string, mustChange: boolean): Promise<void>;
  /** Records a failed sign-in: the count since `firstFailedAt`, and a lockout when one is due. */
  recordSignInFailure(
    identityStoreId: string,
    userId: string,
    state: { failedSignIns: number; firstFailedAt: string; lockedUntil: string | null },
  ): Promise<void>;
  clearSignInFailures(identityStoreId: string, userId: string): Promise<void>;

  createGroup(group: NewIdstoreGroup): Promise<IdstoreGroupRecord>;
  getGroup(identityStoreId: string, groupId: string): Promise<IdstoreGroupRecord | undefined>;
  groupByName(identityStoreId: string, displayName: string): Promise<IdstoreGroupRecord | undefined>;
  listGroups(identityStoreId: string, paging: IdPaging): Promise<IdPage<IdstoreGroupRecord>>;
  updateGroup(identityStoreId: string, groupId: string, patch: IdstoreGroupPatch): Promise<IdstoreGroupRecord | undefined>;
  /** Deletes the group with its memberships and external IDs. */
  deleteGroup(identityStoreId: string, groupId: string): Promise<boolean>;

  /** The user or group an external ID names. */
  byExternalId(identityStoreId: string, kind: 'user' | 'group', id: ExternalIdRecord): Promise<string | undefined>;

  /** Throws `DuplicateError` when the user is already a member. */
  createMembership(membership: Omit<IdstoreMembershipRecord, 'createdAt'> & { createdAt?: string }): Promise<IdstoreMembershipRecord>;
  getMembership(identityStoreId: string, membershipId: string): Promise<IdstoreMembershipRecord | undefined>;
  membershipOf(identityStoreId: string, groupId: string, userId: string): Promise<IdstoreMembershipRecord | undefined>;
  listMemberships(identityStoreId: string, groupId: string, paging: IdPaging): Promise<IdPage<IdstoreMembershipRecord>>;
  listMembershipsOf(identityStoreId: string, userId: string, paging: IdPaging): Promise<IdPage<IdstoreMembershipRecord>>;
  /** Every group the user is in. */
  groupIdsOf(identityStoreId: string, userId: string): Promise<string[]>;
  deleteMembership(identityStoreId: string, membershipId: string): Promise<boolean>;

  addMfaDevice(identityStoreId: string, userId: string, device: { deviceId: string; name: string; seed: string; lastStep: number | null }): Promise<void>;
  listMfaDevices(identityStoreId: string, userId: string): Promise<IdstoreMfaDeviceRecord[]>;
  mfaSeed(identityStoreId: string, userId: string, deviceId: string): Promise<string | undefined>;
  /** Accepts a code of `step` only if no code of `step` or later was accepted before (compare-and-set). */
  recordMfaUse(identityStoreId: string, userId: string, deviceId: string, step: number): Promise<boolean>;
  deleteMfaDevice(identityStoreId: string, userId: string, deviceId: string): Promise<boolean>;
}

function mfaSeedAad(identityStoreId: string, userId: string, deviceId: string): string {
  return `idstore-mfa-seed:${identityStoreId}:${userId}:${deviceId}`;
}

function primaryEmail(attributes: Record<string, unknown>): string | null {
  const emails = attributes['Emails'];
  if (!Array.isArray(emails)) return null;
  const primary = (emails as { Value?: unknown; Primary?: unknown }[]).find((e) => e.Primary === true) ?? emails[0];
  const value = (primary as { Value?: unknown } | undefined)?.Value;
  return typeof value === 'string' ? value.toLowerCase() : null;
}

function userRecord(row: Selectable<IdstoreUsersTable>, externalIds: readonly ExternalIdRecord[]): IdstoreUserRecord {
  return {
    identityStoreId: row.identity_store_id,
    userId: row.user_id,
    userName: row.user_name,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    externalIds,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    passwordHash: row.password_hash,
    passwordMustChange: Number(row.password_must_change) === 1,
    failedSignIns: Number(row.failed_sign_ins),
    firstFailedAt: row.first_failed_at,
    lockedUntil: row.locked_until,
  };
}

function groupRecord(row: Selectable<IdstoreGroupsTable>, externalIds: readonly ExternalIdRecord[]): IdstoreGroupRecord {
  return {
    identityStoreId: row.identity_store_id,
    groupId: row.group_id,
    displayName: row.display_name,
    description: row.description,
    externalIds,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** The Identity Store over one database handle; MFA seeds are sealed with the key ring. */
export function identityStoreRepository({ db, keyRing, now }: RepositoryContext): IdentityStoreRepository {
  async function externalIdsOf(storeId: string, kind: 'user' | 'group', entityIds: readonly string[]): Promise<Map<string, ExternalIdRecord[]>> {
    const map = new Map<string, ExternalIdRecord[]>();
    if (entityIds.length === 0) return map;
    const rows = await db
      .selectFrom('idstore_external_ids')
      .selectAll()
      .where('identity_store_id', '=', storeId)
      .where('kind', '=', kind)
      .where('entity_id', 'in', [...entityIds])
      .orderBy('position')
      .execute();
    for (const r of rows) {
      const list = map.get(r.entity_id) ?? [];
      list.push({ Issuer: r.issuer, Id: r.external_id });
      map.set(r.entity_id, list);
    }
    return map;
  }

  async function putExternalIds(storeId: string, kind: 'user' | 'group', entityId: string, ids: readonly ExternalIdRecord[]): Promise<void> {
    await db.deleteFrom('idstore_external_ids').where('identity_store_id', '=', storeId).where('kind', '=', kind).where('entity_id', '=', entityId).execute();
    for (const [position, id] of ids.entries()) {
      await insertUnique('external id', `${id.Issuer}:${id.Id}`, () =>
        db
          .insertInto('idstore_external_ids')
          .values({ identity_store_id: storeId, kind, entity_id: entityId, issuer: id.Issuer, external_id: id.Id, position })
          .execute(),
      );
    }
  }

  async function users(storeId: string, rows: Selectable<IdstoreUsersTable>[]): Promise<IdstoreUserRecord[]> {
    const ids = await externalIdsOf(
      storeId,
      'user',
      rows.map((r) => r.user_id),
    );
    return rows.map((r) => userRecord(r, ids.get(r.user_id) ?? []));
  }

  async function groups(storeId: string, rows: Selectable<IdstoreGroupsTable>[]): Promise<IdstoreGroupRecord[]> {
    const ids = await externalIdsOf(
      storeId,
      'group',
      rows.map((r) => r.group_id),
    );
    return rows.map((r) => groupRecord(r, ids.get(r.group_id) ?? []));
  }

  const firstUser = async (storeId: string, rows: Selectable<IdstoreUsersTable>[]) => (await users(storeId, rows))[0];
  const firstGroup = async (storeId: string, rows: Selectable<IdstoreGroupsTable>[]) => (await groups(storeId, rows))[0];

  function page<T>(items: T[], limit: number, idOf: (item: T) => string): IdPage<T> {
    if (items.length <= limit) return { items };
    const kept = items.slice(0, limit);
    return { items: kept, last: idOf(kept[kept.length - 1]!) };
  }

  const membership = (r: {
    identity_store_id: string;
    membership_id: string;
    group_id: string;
    user_id: string;
    created_at: string;
    created_by: string;
  }): IdstoreMembershipRecord => ({
    identityStoreId: r.identity_store_id,
    membershipId: r.membership_id,
    groupId: r.group_id,
    userId: r.user_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
  });

  const repo: IdentityStoreRepository = {
    async createUser(user) {
      const at = user.createdAt ?? now();
      const row: Selectable<IdstoreUsersTable> = {
        identity_store_id: user.identityStoreId,
        user_id: user.userId,
        user_name: user.userName,
        user_name_lower: user.userName.toLowerCase(),
        primary_email_lower: primaryEmail(user.attributes),
        attributes: JSON.stringify(user.attributes),
        created_at: at,
        created_by: user.createdBy,
        updated_at: at,
        updated_by: user.createdBy,
        password_hash: null,
        password_must_change: 0,
        failed_sign_ins: 0,
        first_failed_at: null,
        locked_until: null,
      };
      await insertUnique('user name', user.userName, () => db.insertInto('idstore_users').values(row).execute());
      await putExternalIds(user.identityStoreId, 'user', user.userId, user.externalIds);
      return userRecord(row, user.externalIds);
    },
    async getUser(storeId, userId) {
      return firstUser(
        storeId,
        await db.selectFrom('idstore_users').selectAll().where('identity_store_id', '=', storeId).where('user_id', '=', userId).execute(),
      );
    },
    async userByName(storeId, userName) {
      return firstUser(
        storeId,
        await db
          .selectFrom('idstore_users')
          .selectAll()
          .where('identity_store_id', '=', storeId)
          .where('user_name_lower', '=', userName.toLowerCase())
          .execute(),
      );
    },
    async usersByEmail(storeId, email) {
      return users(
        storeId,
        await db
          .selectFrom('idstore_users')
          .selectAll()
          .where('identity_store_id', '=', storeId)
          .where('primary_email_lower', '=', email.toLowerCase())
          .orderBy('user_id')
          .execute(),
      );
    },
    async listUsers(storeId, paging) {
      let query = db.selectFrom('idstore_users').selectAll().where('identity_store_id', '=', storeId);
      if (paging.after !== undefined) query = query.where('user_id', '>', paging.after);
      const rows = await query
        .orderBy('user_id')
        .limit(paging.limit + 1)
        .execute();
      return page(await users(storeId, rows), paging.limit, (u) => u.userId);
    },
    async updateUser(storeId, userId, patch) {
      const values: Partial<IdstoreUsersTable> = { updated_at: now(), updated_by: patch.updatedBy };
      if (patch.userName !== undefined) {
        values.user_name = patch.userName;
        values.user_name_lower = patch.userName.toLowerCase();
      }
      if (patch.attributes !== undefined) {
        values.attributes = JSON.stringify(patch.attributes);
        values.primary_email_lower = primaryEmail(patch.attributes);
      }
      await insertUnique('user name', patch.userName ?? '', () =>
        db.updateTable('idstore_users').set(values).where('identity_store_id', '=', storeId).where('user_id', '=', userId).execute(),
      );
      if (patch.externalIds !== undefined) await putExternalIds(storeId, 'user', userId, patch.externalIds);
      return repo.getUser(storeId, userId);
    },
    async deleteUser(storeId, userId) {
      await db.deleteFrom('idstore_memberships').where('identity_store_id', '=', storeId).where('user_id', '=', userId).execute();
      await db.deleteFrom('idstore_external_ids').where('identity_store_id', '=', storeId).where('kind', '=', 'user').where('entity_id', '=', userId).execute();
      await db.deleteFrom('idstore_mfa_devices').where('identity_store_id', '=', storeId).where('user_id', '=', userId).execute();
      const result = await db.deleteFrom('idstore_users').where('identity_store_id', '=', storeId).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async setPassword(storeId, userId, passwordHash, mustChange) {
      await db
        .updateTable('idstore_users')
        .set({ password_hash: passwordHash, password_must_change: mustChange ? 1 : 0, failed_sign_ins: 0, first_failed_at: null, locked_until: null })
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .execute();
    },
    async recordSignInFailure(storeId, userId, state) {
      await db
        .updateTable('idstore_users')
        .set({ failed_sign_ins: state.failedSignIns, first_failed_at: state.firstFailedAt, locked_until: state.lockedUntil })
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .execute();
    },
    async clearSignInFailures(storeId, userId) {
      await db
        .updateTable('idstore_users')
        .set({ failed_sign_ins: 0, first_failed_at: null, locked_until: null })
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .execute();
    },

    async createGroup(group) {
      const at = group.createdAt ?? now();
      const row: Selectable<IdstoreGroupsTable> = {
        identity_store_id: group.identityStoreId,
        group_id: group.groupId,
        display_name: group.displayName,
        display_name_lower: group.displayName.toLowerCase(),
        description: group.description,
        created_at: at,
        created_by: group.createdBy,
        updated_at: at,
        updated_by: group.createdBy,
      };
      await insertUnique('group name', group.displayName, () => db.insertInto('idstore_groups').values(row).execute());
      await putExternalIds(group.identityStoreId, 'group', group.groupId, group.externalIds);
      return groupRecord(row, group.externalIds);
    },
    async getGroup(storeId, groupId) {
      return firstGroup(
        storeId,
        await db.selectFrom('idstore_groups').selectAll().where('identity_store_id', '=', storeId).where('group_id', '=', groupId).execute(),
      );
    },
    async groupByName(storeId, displayName) {
      return firstGroup(
        storeId,
        await db
          .selectFrom('idstore_groups')
          .selectAll()
          .where('identity_store_id', '=', storeId)
          .where('display_name_lower', '=', displayName.toLowerCase())
          .execute(),
      );
    },
    async listGroups(storeId, paging) {
      let query = db.selectFrom('idstore_groups').selectAll().where('identity_store_id', '=', storeId);
      if (paging.after !== undefined) query = query.where('group_id', '>', paging.after);
      const rows = await query
        .orderBy('group_id')
        .limit(paging.limit + 1)
        .execute();
      return page(await groups(storeId, rows), paging.limit, (g) => g.groupId);
    },
    async updateGroup(storeId, groupId, patch) {
      const values: Partial<IdstoreGroupsTable> = { updated_at: now(), updated_by: patch.updatedBy };
      if (patch.displayName !== undefined) {
        values.display_name = patch.displayName;
        values.display_name_lower = patch.displayName.toLowerCase();
      }
      if (patch.description !== undefined) values.description = patch.description;
      await insertUnique('group name', patch.displayName ?? '', () =>
        db.updateTable('idstore_groups').set(values).where('identity_store_id', '=', storeId).where('group_id', '=', groupId).execute(),
      );
      if (patch.externalIds !== undefined) await putExternalIds(storeId, 'group', groupId, patch.externalIds);
      return repo.getGroup(storeId, groupId);
    },
    async deleteGroup(storeId, groupId) {
      await db.deleteFrom('idstore_memberships').where('identity_store_id', '=', storeId).where('group_id', '=', groupId).execute();
      await db
        .deleteFrom('idstore_external_ids')
        .where('identity_store_id', '=', storeId)
        .where('kind', '=', 'group')
        .where('entity_id', '=', groupId)
        .execute();
      const result = await db.deleteFrom('idstore_groups').where('identity_store_id', '=', storeId).where('group_id', '=', groupId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async byExternalId(storeId, kind, id) {
      const row = await db
        .selectFrom('idstore_external_ids')
        .select('entity_id')
        .where('identity_store_id', '=', storeId)
        .where('kind', '=', kind)
        .where('issuer', '=', id.Issuer)
        .where('external_id', '=', id.Id)
        .executeTakeFirst();
      return row?.entity_id;
    },

    async createMembership(m) {
      const row = {
        identity_store_id: m.identityStoreId,
        membership_id: m.membershipId,
        group_id: m.groupId,
        user_id: m.userId,
        created_at: m.createdAt ?? now(),
        created_by: m.createdBy,
      };
      await insertUnique('membership', `${m.groupId}/${m.userId}`, () => db.insertInto('idstore_memberships').values(row).execute());
      return membership(row);
    },
    async getMembership(storeId, membershipId) {
      const r = await db
        .selectFrom('idstore_memberships')
        .selectAll()
        .where('identity_store_id', '=', storeId)
        .where('membership_id', '=', membershipId)
        .executeTakeFirst();
      return r === undefined ? undefined : membership(r);
    },
    async membershipOf(storeId, groupId, userId) {
      const r = await db
        .selectFrom('idstore_memberships')
        .selectAll()
        .where('identity_store_id', '=', storeId)
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r === undefined ? undefined : membership(r);
    },
    async listMemberships(storeId, groupId, paging) {
      let query = db.selectFrom('idstore_memberships').selectAll().where('identity_store_id', '=', storeId).where('group_id', '=', groupId);
      if (paging.after !== undefined) query = query.where('membership_id', '>', paging.after);
      const rows = await query
        .orderBy('membership_id')
        .limit(paging.limit + 1)
        .execute();
      return page(rows.map(membership), paging.limit, (m) => m.membershipId);
    },
    async listMembershipsOf(storeId, userId, paging) {
      let query = db.selectFrom('idstore_memberships').selectAll().where('identity_store_id', '=', storeId).where('user_id', '=', userId);
      if (paging.after !== undefined) query = query.where('membership_id', '>', paging.after);
      const rows = await query
        .orderBy('membership_id')
        .limit(paging.limit + 1)
        .execute();
      return page(rows.map(membership), paging.limit, (m) => m.membershipId);
    },
    async groupIdsOf(storeId, userId) {
      const rows = await db
        .selectFrom('idstore_memberships')
        .select('group_id')
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .execute();
      return rows.map((r) => r.group_id);
    },
    async deleteMembership(storeId, membershipId) {
      const result = await db
        .deleteFrom('idstore_memberships')
        .where('identity_store_id', '=', storeId)
        .where('membership_id', '=', membershipId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async addMfaDevice(storeId, userId, device) {
      await db
        .insertInto('idstore_mfa_devices')
        .values({
          identity_store_id: storeId,
          user_id: userId,
          device_id: device.deviceId,
          name: device.name,
          seed_sealed: keyRing.seal(device.seed, mfaSeedAad(storeId, userId, device.deviceId)),
          last_step: device.lastStep,
          created_at: now(),
        })
        .execute();
    },
    async listMfaDevices(storeId, userId) {
      const rows = await db
        .selectFrom('idstore_mfa_devices')
        .selectAll()
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ deviceId: r.device_id, name: r.name, lastStep: r.last_step === null ? null : Number(r.last_step), createdAt: r.created_at }));
    },
    async mfaSeed(storeId, userId, deviceId) {
      const r = await db
        .selectFrom('idstore_mfa_devices')
        .select('seed_sealed')
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
      return r === undefined ? undefined : keyRing.open(r.seed_sealed, mfaSeedAad(storeId, userId, deviceId));
    },
    async recordMfaUse(storeId, userId, deviceId, step) {
      const result = await db
        .updateTable('idstore_mfa_devices')
        .set({ last_step: step })
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .where('device_id', '=', deviceId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async deleteMfaDevice(storeId, userId, deviceId) {
      const result = await db
        .deleteFrom('idstore_mfa_devices')
        .where('identity_store_id', '=', storeId)
        .where('user_id', '=', userId)
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return repo;
}
