import type { Selectable } from 'kysely';
import type { MfaDevicesTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { decodeMarker, encodeMarker } from './marker.js';

const DEFAULT_MAX_ITEMS = 100;

/** A virtual MFA device's metadata; the seed stays sealed unless asked for with `seed`. */
export interface MfaDeviceRecord {
  readonly serialNumber: string;
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  /** The IAM user it is enabled for; null while unassigned or assigned to the root user. */
  readonly userName: string | null;
  readonly assignedRoot: boolean;
  readonly enableDate: string | null;
  /** The last TOTP step accepted: no code of this step or earlier is accepted again. */
  readonly lastStep: number | null;
  /** Steps the device's clock runs ahead of ours (negative: behind), as the last enable or resync found. */
  readonly driftSteps: number;
  readonly createdAt: string;
}

/** Input of `mfaDevices.create`: the seed arrives in plaintext and is sealed before it is written. */
export interface NewMfaDevice {
  serialNumber: string;
  accountId: string;
  name: string;
  path: string;
  seed: string;
  createdAt?: string;
}

/** Who a device is enabled for, and the codes' anchor found when enabling it. */
export interface MfaAssignment {
  owner: { userName: string } | 'root';
  enableDate: string;
  lastStep: number;
  driftSteps: number;
}

/** Which virtual MFA devices a listing returns (IAM's `AssignmentStatus`). */
export type AssignmentFilter = 'Assigned' | 'Unassigned' | 'Any';

/** Virtual MFA devices. Serial numbers are unique case-insensitively. */
export interface MfaDevicesRepository {
  /** Seals the seed; throws `DuplicateError` if the serial number (any case) exists. */
  create(device: NewMfaDevice): Promise<MfaDeviceRecord>;
  /** Case-insensitive lookup by serial number. */
  get(serialNumber: string): Promise<MfaDeviceRecord | undefined>;
  /** The device's seed, unsealed; throws `KeyRingError` if it does not open. */
  seed(serialNumber: string): Promise<string | undefined>;
  /** An account's devices by serial number. */
  list(accountId: string, filter: AssignmentFilter, options?: ListOptions): Promise<Page<MfaDeviceRecord>>;
  /** Devices enabled for one user (`null`: the root user), by enable date. */
  listForOwner(accountId: string, userName: string | null): Promise<MfaDeviceRecord[]>;
  /** Every device of the account that is enabled (for a user or the root user), in no particular order. */
  listEnabled(accountId: string): Promise<MfaDeviceRecord[]>;
  /** How many devices the account has. */
  count(accountId: string): Promise<number>;
  /** How many of the account's devices are assigned to a user or the root user (IAM's `MFADevicesInUse`). */
  countInUse(accountId: string): Promise<number>;
  assign(serialNumber: string, assignment: MfaAssignment): Promise<void>;
  unassign(serialNumber: string): Promise<void>;
  /**
   * Accepts a code of `step` if no code of `step` or later was accepted before; returns whether
   * it did (compare-and-set, so two concurrent uses of one code cannot both succeed).
   */
  recordUse(serialNumber: string, step: number, driftSteps?: number): Promise<boolean>;
  delete(serialNumber: string): Promise<boolean>;
  /** Follows a user's rename. */
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
}

/** The AAD that binds a sealed seed to its device. */
export function mfaSeedAad(serialNumber: string): string {
  return `mfa-seed:${serialNumber.toLowerCase()}`;
}

function toRecord(row: Selectable<MfaDevicesTable>): MfaDeviceRecord {
  return {
    serialNumber: row.serial_number,
    accountId: row.account_id,
    name: row.name,
    path: row.path,
    userName: row.user_name,
    assignedRoot: Number(row.assigned_root) === 1,
    enableDate: row.enable_date,
    lastStep: row.last_step === null ? null : Number(row.last_step),
    driftSteps: Number(row.drift_steps),
    createdAt: row.created_at,
  };
}

/** Virtual MFA devices over one database handle; seeds are sealed with the key ring. */
export function mfaDevicesRepository({ db, keyRing, now }: RepositoryContext): MfaDevicesRepository {
  const byId = (serialNumber: string) => db.selectFrom('mfa_devices').selectAll().where('serial_lower', '=', serialNumber.toLowerCase());
  return {
    async create(device) {
      const row = {
        serial_lower: device.serialNumber.toLowerCase(),
        serial_number: device.serialNumber,
        account_id: device.accountId,
        name: device.name,
        path: device.path,
        seed_sealed: keyRing.seal(device.seed, mfaSeedAad(device.serialNumber)),
        user_name: null,
        assigned_root: 0,
        enable_date: null,
        last_step: null,
        drift_steps: 0,
        created_at: device.createdAt ?? now(),
      };
      await insertUnique('mfa device', device.serialNumber, () => db.insertInto('mfa_devices').values(row).execute());
      return toRecord(row);
    },

    async get(serialNumber) {
      const row = await byId(serialNumber).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async seed(serialNumber) {
      const row = await byId(serialNumber).executeTakeFirst();
      return row === undefined ? undefined : keyRing.open(row.seed_sealed, mfaSeedAad(row.serial_number));
    },

    async list(accountId, filter, options: ListOptions = {}) {
      const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
      let query = db.selectFrom('mfa_devices').selectAll().where('account_id', '=', accountId);
      if (filter === 'Assigned') query = query.where('enable_date', 'is not', null);
      if (filter === 'Unassigned') query = query.where('enable_date', 'is', null);
      if (options.marker !== undefined) query = query.where('serial_lower', '>', decodeMarker(options.marker));
      const rows = await query
        .orderBy('serial_lower')
        .limit(maxItems + 1)
        .execute();
      const items = rows.slice(0, maxItems).map(toRecord);
      if (rows.length <= maxItems) return { items, isTruncated: false };
      return { items, isTruncated: true, marker: encodeMarker(items[items.length - 1]!.serialNumber.toLowerCase()) };
    },

    async listForOwner(accountId, userName) {
      let query = db.selectFrom('mfa_devices').selectAll().where('account_id', '=', accountId);
      query = userName === null ? query.where('assigned_root', '=', 1) : query.where('user_name', '=', userName);
      const rows = await query.orderBy('enable_date').orderBy('serial_lower').execute();
      return rows.map(toRecord);
    },

    async listEnabled(accountId) {
      const rows = await db.selectFrom('mfa_devices').selectAll().where('account_id', '=', accountId).where('enable_date', 'is not', null).execute();
      return rows.map(toRecord);
    },

    async count(accountId) {
      const row = await db
        .selectFrom('mfa_devices')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async countInUse(accountId) {
      const row = await db
        .selectFrom('mfa_devices')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('user_name', 'is not', null), eb('assigned_root', '=', 1)]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async assign(serialNumber, assignment) {
      await db
        .updateTable('mfa_devices')
        .set({
          user_name: assignment.owner === 'root' ? null : assignment.owner.userName,
          assigned_root: assignment.owner === 'root' ? 1 : 0,
          enable_date: assignment.enableDate,
          last_step: assignment.lastStep,
          drift_steps: assignment.driftSteps,
        })
        .where('serial_lower', '=', serialNumber.toLowerCase())
        .execute();
    },

    async unassign(serialNumber) {
      await db
        .updateTable('mfa_devices')
        .set({ user_name: null, assigned_root: 0, enable_date: null, drift_steps: 0 })
        .where('serial_lower', '=', serialNumber.toLowerCase())
        .execute();
    },

    async recordUse(serialNumber, step, driftSteps) {
      const result = await db
        .updateTable('mfa_devices')
        .set(driftSteps === undefined ? { last_step: step } : { last_step: step, drift_steps: driftSteps })
        .where('serial_lower', '=', serialNumber.toLowerCase())
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(serialNumber) {
      const result = await db.deleteFrom('mfa_devices').where('serial_lower', '=', serialNumber.toLowerCase()).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async renameUser(accountId, oldName, newName) {
      await db.updateTable('mfa_devices').set({ user_name: newName }).where('account_id', '=', accountId).where('user_name', '=', oldName).execute();
    },
  };
}
