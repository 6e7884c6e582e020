import { sql, type Kysely } from 'kysely';
import type { ChangeBus } from './changeBus.js';
import type { AuditBatchWriter } from './auditWriter.js';
import { recordsToChain } from './auditWriter.js';
import type { KeyRing } from './keyring.js';
import { checkKeyRing } from './keyRingCheck.js';
import { encodeChange } from './pgListener.js';
import {
  accessKeysRepository,
  auditEventsRepository,
  trailsRepository,
  auditSigningKeysRepository,
  auditLeasesRepository,
  auditLastAccessedRepository,
  accountAliasesRepository,
  accountsRepository,
  groupsRepository,
  loginProfilesRepository,
  instanceProfilesRepository,
  kvRepository,
  mfaDevicesRepository,
  serverCertificatesRepository,
  serviceSpecificCredentialsRepository,
  signingCertificatesRepository,
  sshPublicKeysRepository,
  managedPoliciesRepository,
  policyAttachmentsRepository,
  inlinePoliciesRepository,
  oidcProvidersRepository,
  rolesRepository,
  samlProvidersRepository,
  tagsRepository,
  organizationsRepository,
  organizationPoliciesRepository,
  usersRepository,
  type RepositoryContext,
} from './repositories/index.js';
import { deleteAllRows } from './reset.js';
import type { Database } from './schema.js';
import type { ChangeFeed, Store } from './types.js';

/** What every view of one open store shares: the root handle, the key ring, the change bus. */
export interface StoreRuntime {
  readonly kind: 'sqlite' | 'postgres';
  readonly keyRing: KeyRing;
  readonly root: Kysely<Database>;
  readonly bus: ChangeBus;
  /** PostgreSQL's NOTIFY channel; absent on SQLite, where changes stay in this process. */
  readonly channel: string | undefined;
  readonly now: () => string;
  /** SQLite's audit writer thread, when it runs (set once the store has opened). */
  auditWriter?: AuditBatchWriter | undefined;
  readonly close: () => Promise<void>;
}

/** PostgreSQL's NOTIFY payload limit (8000 bytes), enforced on both backends so they agree. */
export const MAX_CHANGE_BYTES = 7999;

type Change = readonly [topic: string, payload: string];

function changeFeed(runtime: StoreRuntime, db: Kysely<Database>, pending: Change[] | undefined): ChangeFeed {
  return {
    async publish(topic, payload) {
      const size = Buffer.byteLength(encodeChange(topic, payload), 'utf8');
      if (size > MAX_CHANGE_BYTES) {
        throw new RangeError(`a change must encode to at most ${MAX_CHANGE_BYTES} bytes; this one is ${size}`);
      }
      if (runtime.channel !== undefined) {
        await sql`select pg_notify(${runtime.channel}, ${encodeChange(topic, payload)})`.execute(db);
      } else if (pending !== undefined) {
        pending.push([topic, payload]);
      } else {
        runtime.bus.deliver(topic, payload);
      }
    },
    subscribe: (handler) => runtime.bus.subscribe(handler),
  };
}

/**
 * A {@link Store} over `db`: the root handle, or a transaction when `pending` is given (SQLite's
 * changes wait there until commit; PostgreSQL's NOTIFY waits by itself).
 */
export function buildStore(runtime: StoreRuntime, db: Kysely<Database>, pending?: Change[]): Store {
  const context: RepositoryContext = { db, keyRing: runtime.keyRing, now: runtime.now };
  const inTransaction = pending !== undefined;

  const store: Store = {
    kind: runtime.kind,
    keyRing: runtime.keyRing,
    db,
    accounts: accountsRepository(context),
    accessKeys: accessKeysRepository(context),
    users: usersRepository(context),
    kv: kvRepository(context),
    groups: groupsRepository(context),
    loginProfiles: loginProfilesRepository(context),
    accountAliases: accountAliasesRepository(context),
    mfaDevices: mfaDevicesRepository(context),
    sshPublicKeys: sshPublicKeysRepository(context),
    signingCertificates: signingCertificatesRepository(context),
    serverCertificates: serverCertificatesRepository(context),
    serviceSpecificCredentials: serviceSpecificCredentialsRepository(context),
    managedPolicies: managedPoliciesRepository(context),
    policyAttachments: policyAttachmentsRepository(context),
    inlinePolicies: inlinePoliciesRepository(context),
    roles: rolesRepository(context),
    instanceProfiles: instanceProfilesRepository(context),
    samlProviders: samlProvidersRepository(context),
    oidcProviders: oidcProvidersRepository(context),
    tags: tagsRepository(context),
    organizations: organizationsRepository(context),
    organizationPolicies: organizationPoliciesRepository(context),
    auditEvents: auditEventsRepository(context, runtime.kind),
    trails: trailsRepository(context),
    auditSigningKeys: auditSigningKeysRepository(context),
    auditLeases: auditLeasesRepository(context),
    auditLastAccessed: auditLastAccessedRepository(context),
    changes: changeFeed(runtime, db, pending),

    async transaction(fn, options) {
      if (inTransaction) return fn(store);
      const queued: Change[] = [];
      const run = (db: Kysely<Database>) => db.transaction().execute((trx) => fn(buildStore(runtime, trx, queued)));
      let result;
      if (options?.durable !== false) result = await run(runtime.root);
      else if (runtime.kind === 'postgres') {
        // PostgreSQL: this transaction alone commits without waiting for its WAL flush.
        result = await runtime.root.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit = off`.execute(trx);
          return fn(buildStore(runtime, trx, queued));
        });
      } else {
        // SQLite: the connection is held throughout, so no other transaction runs relaxed; the
        // next durable commit (or checkpoint) makes this one durable too (WAL order).
        result = await runtime.root.connection().execute(async (conn) => {
          await sql`pragma synchronous = NORMAL`.execute(conn);
          try {
            return await run(conn);
          } finally {
            await sql`pragma synchronous = FULL`.execute(conn);
          }
        });
      }
      for (const [topic, payload] of queued) runtime.bus.deliver(topic, payload);
      return result;
    },

    async appendAuditBatch(batch) {
      if (runtime.auditWriter !== undefined && !inTransaction) {
        try {
          return await runtime.auditWriter.append(batch);
        } catch {
          // The writer thread is gone (it failed before this batch was committed): append here.
        }
      }
      await store.transaction(async (tx) => tx.auditEvents.append(recordsToChain(await tx.auditEvents.drainInbox(), batch)), { durable: false });
    },

    async reset() {
      await store.transaction(async (tx) => {
        await deleteAllRows(runtime.kind, tx.db);
        await checkKeyRing(tx.kv, runtime.keyRing);
      });
    },

    async close() {
      if (inTransaction) throw new Error('close the store, not a transaction');
      await runtime.close();
    },
  };
  return store;
}
