import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ListOptions, Page } from '../types.js';
import { decodeMarker, encodeMarker } from './marker.js';

const DEFAULT_MAX_ITEMS = 100;

/** IAM's credential states for SSH keys, certificates and service-specific credentials. */
export type CredentialStatus = 'Active' | 'Inactive';

/** Where one kind of per-user credential with a status lives. */
export interface CredentialTable {
  readonly table: 'ssh_public_keys' | 'signing_certificates' | 'service_specific_credentials';
  /** The credential's id column. */
  readonly id: 'ssh_public_key_id' | 'certificate_id' | 'credential_id';
  /** The column a user's credentials are listed by, oldest first (then by id). */
  readonly time: 'uploaded_at' | 'created_at';
  /** The columns reads return; all of them when absent (a sealed secret is better left out). */
  readonly columns?: readonly string[];
}

/**
 * The rows of one kind of per-user credential: owned by an IAM user of an account, or by its root
 * user (`userName` null), found, listed, given a status and deleted only through their owner, and
 * following their owner's renames. `Row` is the table's row as `columns` select it.
 */
export interface UserCredentialRows<Row> {
  /** The owner's credential with this id. */
  one(accountId: string, userName: string | null, id: string): Promise<Row | undefined>;
  /** The owner's credentials, oldest first, then by id; `where` narrows them further (column → value). */
  list(accountId: string, userName: string | null, where?: Readonly<Record<string, string>>): Promise<Row[]>;
  /** Returns false if the owner has no such credential. */
  updateStatus(accountId: string, userName: string | null, id: string, status: CredentialStatus): Promise<boolean>;
  /** Returns false if the owner has no such credential. */
  delete(accountId: string, userName: string | null, id: string): Promise<boolean>;
  /** Follows a user's rename: the credentials of `oldName` (exactly, as stored) become `newName`'s. */
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
}

/** Kysely over the credential tables, without the column checks a single table would get (the spec names the columns). */
type CredentialDatabase = Kysely<Record<CredentialTable['table'], Record<string, string | null>>>;

/** The rows of the credential table `spec` names, over one database handle. */
export function userCredentialRows<Row>(db: Kysely<Database>, spec: CredentialTable): UserCredentialRows<Row> {
  const credentials = db as unknown as CredentialDatabase;
  const select = () => {
    const query = credentials.selectFrom(spec.table);
    return spec.columns === undefined ? query.selectAll() : query.select(spec.columns as string[]);
  };
  return {
    async one(accountId, userName, id) {
      let query = select().where('account_id', '=', accountId).where(spec.id, '=', id);
      query = userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
      return (await query.executeTakeFirst()) as Row | undefined;
    },

    async list(accountId, userName, where = {}) {
      let query = select().where('account_id', '=', accountId);
      query = userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
      for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
      return (await query.orderBy(spec.time).orderBy(spec.id).execute()) as Row[];
    },

    async updateStatus(accountId, userName, id, status) {
      let query = credentials.updateTable(spec.table).set({ status }).where('account_id', '=', accountId).where(spec.id, '=', id);
      query = userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
      return (await query.executeTakeFirst()).numUpdatedRows > 0n;
    },

    async delete(accountId, userName, id) {
      let query = credentials.deleteFrom(spec.table).where('account_id', '=', accountId).where(spec.id, '=', id);
      query = userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
      return (await query.executeTakeFirst()).numDeletedRows > 0n;
    },

    async renameUser(accountId, oldName, newName) {
      await credentials.updateTable(spec.table).set({ user_name: newName }).where('account_id', '=', accountId).where('user_name', '=', oldName).execute();
    },
  };
}

/**
 * One page of a user's credentials listed oldest first: at most `maxItems` (100 by default) after
 * the marker, which is the opaque `sortKey` of the last credential of the page before.
 */
export function credentialPage<R>(all: readonly R[], sortKey: (record: R) => string, options: ListOptions = {}): Page<R> {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const after = options.marker === undefined ? undefined : decodeMarker(options.marker);
  const rest = after === undefined ? all : all.filter((record) => sortKey(record) > after);
  const items = rest.slice(0, maxItems);
  if (rest.length <= maxItems) return { items, isTruncated: false };
  return { items, isTruncated: true, marker: encodeMarker(sortKey(items[items.length - 1]!)) };
}
