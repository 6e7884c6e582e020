import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { buildStore, type StoreRuntime } from './buildStore.js';
import { ChangeBus } from './changeBus.js';
import { openKeyRing } from './keyring.js';
import { checkKeyRing } from './keyRingCheck.js';
import { migrateToLatest } from './migrate.js';
import type { StoreOptions } from './options.js';
import { changeChannel, startPgListener, type PgListener } from './pgListener.js';
import { isPostgresUrl, openPostgres, redactUrl } from './postgres.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite.js';
import { EntityReadCache } from './entityReadCache.js';
import { ACCOUNTS_TOPIC, ROLES_TOPIC, S3_BUCKETS_TOPIC, USERS_TOPIC } from './changeTopics.js';
import type { AccountRecord, BucketRecord, RoleRecord, UserRecord } from './index.js';
import { AuditBatchWriter } from './auditWriter.js';
import { WalSyncer } from './walSync.js';
import type { Store } from './types.js';
import { openFileBytes, openPgLargeObjects, type ObjectBytes } from './objectBytes/index.js';
import { join } from 'node:path';

interface Backend {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  readonly schema: string | undefined;
  readonly where: string;
  close(): Promise<void>;
}

async function openBackend(options: StoreOptions): Promise<Backend> {
  const url = options.databaseUrl;
  if (url === undefined || url === '') {
    const sqlite = openSqlite(options.dataDir);
    return { kind: 'sqlite', db: sqlite.db, schema: undefined, where: sqlite.path, close: sqlite.close };
  }
  if (!isPostgresUrl(url)) throw new Error('the database url must start with `postgres://` or `postgresql://`');
  const postgres = await openPostgres(url, options.schema, options.logger);
  return { kind: 'postgres', db: postgres.db, schema: postgres.schema, where: redactUrl(url), close: postgres.close };
}

/**
 * Opens Gatehouse's store: SQLite in `dataDir` unless `databaseUrl` names PostgreSQL. Opens the
 * key ring, migrates the schema to the latest version, checks the key ring against the database,
 * and on PostgreSQL starts listening for other nodes' changes.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const keyRing = openKeyRing({ dataDir: options.dataDir, masterKey: options.masterKey });
  const logger = options.logger;
  const backend = await openBackend(options);
  let listener: PgListener | undefined;
  let objectBytes: ObjectBytes | undefined;
  try {
    const applied = await migrateToLatest(backend.db, backend.schema);
    const bus = new ChangeBus((error) => logger?.info({ reason: String(error) }, 'change handler failed'));
    const channel = backend.schema === undefined ? undefined : changeChannel(backend.schema);
    const origin = randomBytes(8).toString('hex');
    if (channel !== undefined) {
      listener = await startPgListener({ connectionString: options.databaseUrl!, channel, bus, origin, logger });
    }
    objectBytes =
      options.s3Directory !== undefined && options.s3Directory !== ''
        ? await openFileBytes(options.s3Directory)
        : backend.kind === 'postgres'
          ? openPgLargeObjects(options.databaseUrl!, backend.schema!)
          : await openFileBytes(join(options.dataDir, 's3'));
    const bytes = objectBytes;
    let closed: Promise<void> | undefined;
    const clock = options.now ?? (() => new Date());
    const runtime: StoreRuntime = {
      kind: backend.kind,
      keyRing,
      root: backend.db,
      bus,
      channel,
      origin,
      roleCache: new EntityReadCache<RoleRecord>(bus, ROLES_TOPIC),
      userCache: new EntityReadCache<UserRecord>(bus, USERS_TOPIC),
      accountCache: new EntityReadCache<AccountRecord>(bus, ACCOUNTS_TOPIC),
      bucketCache: new EntityReadCache<BucketRecord>(bus, S3_BUCKETS_TOPIC),
      walSync: backend.kind === 'sqlite' ? new WalSyncer(`${backend.where}-wal`, options.syncFile) : undefined,
      now: () => clock().toISOString(),
      auditWriter: undefined,
      objectBytes: bytes,
      close: () => {
        closed ??= (async () => {
          runtime.roleCache.close();
          runtime.userCache.close();
          runtime.accountCache.close();
          runtime.bucketCache.close();
          await bytes.close();
          await runtime.auditWriter?.close();
          await listener?.close();
          await backend.close();
        })();
        return closed;
      },
    };
    const store = buildStore(runtime, backend.db);
    await checkKeyRing(store.kv, keyRing);
    // SQLite: audit batches are appended by a worker thread's own connection (off the request thread).
    if (backend.kind === 'sqlite') {
      runtime.auditWriter = AuditBatchWriter.start(backend.where, (reason) =>
        logger?.info({ reason }, 'the audit writer thread could not append a batch; batches it fails are appended on the request thread (said once)'),
      );
    }
    logger?.info(
      { store: backend.kind, at: backend.where, migrationsApplied: applied, keyRing: { source: keyRing.source, keyIds: keyRing.keyIds } },
      'store opened',
    );
    return store;
  } catch (error) {
    await objectBytes?.close();
    await listener?.close();
    await backend.close();
    throw error;
  }
}
