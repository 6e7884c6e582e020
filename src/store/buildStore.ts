import { sql, type Kysely } from 'kysely';
import type { ChangeBus } from './changeBus.js';
import type { AuditBatchWriter } from './auditWriter.js';
import { recordsToChain } from './auditWriter.js';
import type { KeyRing } from './keyring.js';
import { checkKeyRing } from './keyRingCheck.js';
import { encodeChange } from './pgListener.js';
import {
  accessKeysRepository,
  accountImportsRepository,
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
  principalReferencesRepository,
  organizationsRepository,
  organizationPoliciesRepository,
  organizationValuesRepository,
  usersRepository,
  rootPasswordsRepository,
  consoleSessionsRepository,
  securityKeysRepository,
  analyzersRepository,
  analyzerFindingsRepository,
  policyGenerationsRepository,
  accessPreviewsRepository,
  s3BucketsRepository,
  s3ObjectsRepository,
  s3UploadsRepository,
  rolesAnywhereRepository,
  iotRepository,
  workloadTokensRepository,
  ssoInstancesRepository,
  identityStoreRepository,
  permissionSetsRepository,
  ssoLoginsRepository,
  type RepositoryContext,
} from './repositories/index.js';
import { rolesAnywhereAnnouncing } from './workloadAnnouncements.js';
import { deleteAllRows } from './reset.js';
import {
  ACCOUNTS_TOPIC,
  ANALYZERS_TOPIC,
  CREDENTIALS_TOPIC,
  ORGANIZATIONS_TOPIC,
  POLICIES_TOPIC,
  RESOURCE_POLICIES_TOPIC,
  ROLES_TOPIC,
  S3_ACCOUNTS_TOPIC,
  S3_BUCKETS_TOPIC,
  TRUST_ANCHORS_TOPIC,
  USERS_TOPIC,
} from './changeTopics.js';
import { analyzerFindingsAnnouncing, analyzersAnnouncing } from './analyzerAnnouncements.js';
import { s3BucketsAnnouncing } from './s3Announcements.js';
import type { ObjectBytes } from './objectBytes/index.js';
import type { BucketRecord } from './repositories/index.js';
import {
  accessKeysAnnouncing,
  accountImportsAnnouncing,
  groupsAnnouncing,
  inlinePoliciesAnnouncing,
  managedPoliciesAnnouncing,
  policyAttachmentsAnnouncing,
  rolesWithChanges,
  tagsWithChanges,
  usersAnnouncing,
} from './iamAnnouncements.js';
import { accountsAnnouncing, organizationPoliciesAnnouncing, organizationsAnnouncing, organizationValuesAnnouncing } from './organizationAnnouncements.js';
import type { EntityReadCache } from './entityReadCache.js';
import type { RoleRecord } from './repositories/index.js';
import type { AccountRecord, UserRecord } from './types.js';
import type { Database } from './schema.js';
import type { ChangeFeed, Store } from './types.js';
import type { WalSyncer } from './walSync.js';

/** What every view of one open store shares: the root handle, the key ring, the change bus. */
export interface StoreRuntime {
  readonly kind: 'sqlite' | 'postgres';
  readonly keyRing: KeyRing;
  readonly root: Kysely<Database>;
  readonly bus: ChangeBus;
  /** PostgreSQL's NOTIFY channel; absent on SQLite, where changes stay in this process. */
  readonly channel: string | undefined;
  /** This node's id in the changes it publishes (random per opened store). */
  readonly origin: string;
  readonly now: () => string;
  /** Roles and role tags as this node last read them (reads outside transactions only). */
  readonly roleCache: EntityReadCache<RoleRecord>;
  /** Users and user tags as this node last read them (outside transactions). */
  readonly userCache: EntityReadCache<UserRecord>;
  /** Accounts as this node last read them (outside transactions). */
  readonly accountCache: EntityReadCache<AccountRecord>;
  /** Where S3 object bytes live. */
  readonly objectBytes: ObjectBytes;
  /** S3 buckets as this node last read them (reads outside transactions only), each under its own name as account and name. */
  readonly bucketCache: EntityReadCache<BucketRecord>;
  /** SQLite's audit writer thread, when it runs (set once the store has opened). */
  auditWriter?: AuditBatchWriter | undefined;
  /** Set on SQLite (only): flushes the WAL to disk off the request thread, for durable commits (group commit). */
  readonly walSync: WalSyncer | undefined;
  readonly close: () => Promise<void>;
}

/** PostgreSQL's NOTIFY payload limit (8000 bytes), enforced on both backends so they agree. */
export const MAX_CHANGE_BYTES = 7999;

type Change = readonly [topic: string, payload: string];

function changeFeed(runtime: StoreRuntime, db: Kysely<Database>, pending: Change[] | undefined): ChangeFeed {
  return {
    async publish(topic, payload) {
      const encoded = encodeChange(topic, payload, runtime.origin);
      const size = Buffer.byteLength(encoded, 'utf8');
      if (size > MAX_CHANGE_BYTES) {
        throw new RangeError(`a change must encode to at most ${MAX_CHANGE_BYTES} bytes; this one is ${size}`);
      }
      // Several writes of one transaction often announce the same change: it is delivered once
      // (PostgreSQL too delivers identical notifications of one transaction once).
      if (pending?.some(([t, p]) => t === topic && p === payload)) return;
      // PostgreSQL's NOTIFY reaches the other nodes some time after commit; this node hears the
      // change at once (at commit, in a transaction), so that the next request it serves never
      // meets a cache older than its own write.
      if (runtime.channel !== undefined) await sql`select pg_notify(${runtime.channel}, ${encoded})`.execute(db);
      if (pending !== undefined) pending.push([topic, payload]);
      else runtime.bus.deliver(topic, payload);
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
  // Repositories are made on first use: a transaction uses a few of them, and making all of them
  // for each one measured at a quarter of an empty transaction's cost.
  const made = new Map<string, unknown>();
  const once = <T>(name: string, make: (context: RepositoryContext) => T): T => {
    let repository = made.get(name) as T | undefined;
    if (repository === undefined) {
      repository = make(context);
      made.set(name, repository);
    }
    return repository;
  };

  const store: Store = {
    kind: runtime.kind,
    keyRing: runtime.keyRing,
    db,
    get accounts() {
      return once('accounts', (c) => accountsAnnouncing(accountsRepository(c), store.changes, inTransaction ? undefined : runtime.accountCache));
    },
    get accessKeys() {
      return once('accessKeys', (c) => accessKeysAnnouncing(accessKeysRepository(c), store.changes));
    },
    get users() {
      return once('users', (c) => usersAnnouncing(usersRepository(c), store.changes, inTransaction ? undefined : runtime.userCache));
    },
    get kv() {
      return once('kv', kvRepository);
    },
    get groups() {
      return once('groups', (c) => groupsAnnouncing(groupsRepository(c), store.changes));
    },
    get loginProfiles() {
      return once('loginProfiles', loginProfilesRepository);
    },
    get rootPasswords() {
      return once('rootPasswords', rootPasswordsRepository);
    },
    get consoleSessions() {
      return once('consoleSessions', consoleSessionsRepository);
    },
    get securityKeys() {
      return once('securityKeys', securityKeysRepository);
    },
    get accountAliases() {
      return once('accountAliases', accountAliasesRepository);
    },
    get mfaDevices() {
      return once('mfaDevices', mfaDevicesRepository);
    },
    get sshPublicKeys() {
      return once('sshPublicKeys', sshPublicKeysRepository);
    },
    get signingCertificates() {
      return once('signingCertificates', signingCertificatesRepository);
    },
    get serverCertificates() {
      return once('serverCertificates', serverCertificatesRepository);
    },
    get serviceSpecificCredentials() {
      return once('serviceSpecificCredentials', serviceSpecificCredentialsRepository);
    },
    get managedPolicies() {
      return once('managedPolicies', (c) => managedPoliciesAnnouncing(managedPoliciesRepository(c), store.changes));
    },
    get policyAttachments() {
      return once('policyAttachments', (c) => policyAttachmentsAnnouncing(policyAttachmentsRepository(c), store.changes));
    },
    get inlinePolicies() {
      return once('inlinePolicies', (c) => inlinePoliciesAnnouncing(inlinePoliciesRepository(c), store.changes));
    },
    get roles() {
      return once('roles', (c) => rolesWithChanges(rolesRepository(c), store.changes, inTransaction ? undefined : runtime.roleCache));
    },
    get instanceProfiles() {
      return once('instanceProfiles', instanceProfilesRepository);
    },
    get samlProviders() {
      return once('samlProviders', samlProvidersRepository);
    },
    get oidcProviders() {
      return once('oidcProviders', oidcProvidersRepository);
    },
    get tags() {
      return once('tags', (c) =>
        tagsWithChanges(tagsRepository(c), store.changes, inTransaction ? undefined : { roles: runtime.roleCache, users: runtime.userCache }),
      );
    },
    get principalReferences() {
      return once('principalReferences', principalReferencesRepository);
    },
    get organizations() {
      return once('organizations', (c) => organizationsAnnouncing(organizationsRepository(c), store.accounts, store.changes));
    },
    get organizationPolicies() {
      return once('organizationPolicies', (c) => organizationPoliciesAnnouncing(organizationPoliciesRepository(c), store.changes));
    },
    get organizationValues() {
      return once('organizationValues', (c) => organizationValuesAnnouncing(organizationValuesRepository(c), store.changes));
    },
    get ssoInstances() {
      return once('ssoInstances', ssoInstancesRepository);
    },
    get identityStore() {
      return once('identityStore', identityStoreRepository);
    },
    get permissionSets() {
      return once('permissionSets', permissionSetsRepository);
    },
    get ssoLogins() {
      return once('ssoLogins', ssoLoginsRepository);
    },
    get auditEvents() {
      return once('auditEvents', (c) => auditEventsRepository(c, runtime.kind));
    },
    get trails() {
      return once('trails', trailsRepository);
    },
    get auditSigningKeys() {
      return once('auditSigningKeys', auditSigningKeysRepository);
    },
    get auditLeases() {
      return once('auditLeases', auditLeasesRepository);
    },
    get auditLastAccessed() {
      return once('auditLastAccessed', auditLastAccessedRepository);
    },
    get accountImports() {
      return once('accountImports', (c) => accountImportsAnnouncing(accountImportsRepository(c), store.changes));
    },
    get analyzers() {
      return once('analyzers', (c) => analyzersAnnouncing(analyzersRepository(c), store.changes));
    },
    get analyzerFindings() {
      return once('analyzerFindings', (c) => analyzerFindingsAnnouncing(analyzerFindingsRepository(c), store.changes));
    },
    get policyGenerations() {
      return once('policyGenerations', policyGenerationsRepository);
    },
    get accessPreviews() {
      return once('accessPreviews', accessPreviewsRepository);
    },
    get s3Buckets() {
      return once('s3Buckets', (c) => s3BucketsAnnouncing(s3BucketsRepository(c), store.changes, inTransaction ? undefined : runtime.bucketCache));
    },
    get s3Objects() {
      return once('s3Objects', s3ObjectsRepository);
    },
    get s3Uploads() {
      return once('s3Uploads', s3UploadsRepository);
    },
    objectBytes: runtime.objectBytes,
    get rolesAnywhere() {
      return once('rolesAnywhere', (c) => rolesAnywhereAnnouncing(rolesAnywhereRepository(c), store.changes));
    },
    get iot() {
      return once('iot', iotRepository);
    },
    get workloadTokens() {
      return once('workloadTokens', workloadTokensRepository);
    },
    changes: changeFeed(runtime, db, pending),

    async transaction(fn, options) {
      if (inTransaction) return fn(store);
      const queued: Change[] = [];
      const run = (db: Kysely<Database>) => db.transaction().execute((trx) => fn(buildStore(runtime, trx, queued)));
      const durable = options?.durable !== false;
      let result: Awaited<ReturnType<typeof fn>>;
      if (runtime.kind === 'postgres') {
        if (durable) {
          // Every durable transaction of every node holds the database's write lock, as SQLite's
          // `begin immediate` does: handlers read, check (quotas, names, dependents) and then
          // write, and READ COMMITTED alone lets two of them interleave. Each statement after
          // the lock sees everything committed before it. Relaxed commits (audit batches, which
          // serialize on the chain head; last-used data) do not take it.
          result = await runtime.root.transaction().execute(async (trx) => {
            await sql`select pg_advisory_xact_lock(hashtext('gatehouse:' || current_schema()))`.execute(trx);
            return fn(buildStore(runtime, trx, queued));
          });
        } else {
          // PostgreSQL: this transaction alone commits without waiting for its WAL flush.
          result = await runtime.root.transaction().execute(async (trx) => {
            await sql`set local synchronous_commit = off`.execute(trx);
            return fn(buildStore(runtime, trx, queued));
          });
        }
      } else {
        // SQLite: the commit itself does not wait for the disk (the connection is held throughout,
        // so no other statement runs relaxed). A durable one is acknowledged once the WAL has been
        // flushed off this thread (see WalSyncer); a relaxed one becomes durable with the next flush.
        result = await runtime.root.connection().execute(async (conn) => {
          await sql`pragma synchronous = NORMAL`.execute(conn);
          try {
            return await run(conn);
          } finally {
            await sql`pragma synchronous = FULL`.execute(conn);
          }
        });
      }
      // Committed, and visible to every reader: caches hear of it now, not once it is on disk.
      for (const [topic, payload] of queued) runtime.bus.deliver(topic, payload);
      if (durable && runtime.walSync !== undefined) await runtime.walSync.sync();
      return result;
    },

    async appendAuditBatch(batch, codec) {
      if (runtime.auditWriter !== undefined && !inTransaction) {
        try {
          return await runtime.auditWriter.append(batch, codec);
        } catch {
          // The writer thread failed this batch (its transaction rolled back) or is gone: append here.
        }
      }
      await store.transaction(async (tx) => tx.auditEvents.append(recordsToChain(await tx.auditEvents.drainInbox(), batch, codec?.decode)), { durable: false });
    },

    async reset() {
      // Blobs first: their bookkeeping rows go with the other rows.
      await runtime.objectBytes.clear();
      await store.transaction(async (tx) => {
        await deleteAllRows(runtime.kind, tx.db);
        await checkKeyRing(tx.kv, runtime.keyRing);
        // Every entity is gone: every cache of every node drops everything it keeps.
        for (const topic of [
          CREDENTIALS_TOPIC,
          POLICIES_TOPIC,
          ORGANIZATIONS_TOPIC,
          ROLES_TOPIC,
          USERS_TOPIC,
          ACCOUNTS_TOPIC,
          RESOURCE_POLICIES_TOPIC,
          ANALYZERS_TOPIC,
          S3_BUCKETS_TOPIC,
          S3_ACCOUNTS_TOPIC,
          TRUST_ANCHORS_TOPIC,
        ]) {
          await tx.changes.publish(topic, '*');
        }
      });
    },

    async close() {
      if (inTransaction) throw new Error('close the store, not a transaction');
      await runtime.close();
    },
  };
  return store;
}
