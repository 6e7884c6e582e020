import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import type { Database } from './schema.js';

/** The SQLite file's name inside the data directory. */
export const SQLITE_FILE = 'gatehouse.db';

const BUSY_TIMEOUT_MS = 5000;

/** Pause between tries for the write lock while another connection (the audit writer, a checkpoint) holds it. */
const LOCK_RETRY_MS = 1;

/**
 * Transactions take the write lock when they begin (`begin immediate`), so a transaction that
 * reads then writes never fails with SQLITE_BUSY when it upgrades its lock. While another
 * connection holds the lock, `begin immediate` is tried again after a timer rather than in
 * SQLite's busy handler, which sleeps on the calling thread and would stall every request of
 * the process behind one transaction; other statements keep the busy timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #noWait: SqliteDatabase.Statement;
  readonly #wait: SqliteDatabase.Statement;

  constructor(config: SqliteDialectConfig, raw: SqliteDatabase.Database) {
    super(config);
    this.#noWait = raw.prepare('pragma busy_timeout = 0');
    this.#wait = raw.prepare(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      this.#noWait.get();
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      } finally {
        this.#wait.get();
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #raw: SqliteDatabase.Database;

  constructor(config: SqliteDialectConfig, raw: SqliteDatabase.Database) {
    super(config);
    this.#config = config;
    this.#raw = raw;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#raw);
  }
}

/** Prepared statements kept per SQL text; Kysely would otherwise compile every query anew. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The database as Kysely sees it, with `prepare` answered from a bounded cache: better-sqlite3
 * statements are reusable, and preparing (parsing and planning SQL) is most of a small query's cost.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string) => {
        let statement = cache.get(sql);
        if (statement === undefined) {
          statement = target.prepare(sql);
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
          cache.set(sql, statement);
        }
        return statement;
      };
    },
  });
}

/** An open SQLite database behind Kysely. */
export interface SqliteBackend {
  readonly db: Kysely<Database>;
  readonly path: string;
  /** Checkpoints the WAL into the main file and closes. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) `<dataDir>/gatehouse.db`: WAL journal, `synchronous=FULL` so a
 * commit survives power loss, a busy timeout, foreign keys enforced, and write-locking transactions.
 */
export function openSqlite(dataDir: string): SqliteBackend {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, SQLITE_FILE);
  const database = new SqliteDatabase(path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }, database) });
  const checkpointer = startCheckpointer(database, path);
  return {
    db,
    path,
    async close() {
      await checkpointer.stop();
      if (database.open) database.pragma('wal_checkpoint(TRUNCATE)');
      await db.destroy();
    },
  };
}

/** How often the background connection folds the WAL back into the database file. */
const CHECKPOINT_INTERVAL_MS = 1000;

/** WAL frames (pages) past which a checkpoint also rewinds the WAL file: 4,096 is 16 MiB of 4 KiB pages. */
export const WAL_TRUNCATE_FRAMES = 4096;

/**
 * A worker thread's own connection that checkpoints the WAL; written as CommonJS for `eval`.
 * A passive checkpoint never blocks writers, but under a steady stream of commits it never
 * catches up with the last frame either, and SQLite rewinds the WAL only once it has: the file
 * would grow for as long as the writes go on. So when the WAL holds more than
 * `truncateFrames` after the passive pass (which has just copied nearly all of it), a TRUNCATE
 * checkpoint copies the rest and empties the file, holding writers off only for that remainder.
 * It waits at most 100 ms for the lock (the busy timeout of this connection), then tries again
 * at the next tick.
 */
const CHECKPOINT_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
// Short: a TRUNCATE that cannot have the lock soon gives up until the next tick rather than hold writers off.
db.pragma('busy_timeout = 100');
const timer = setInterval(() => {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive && passive.log > workerData.truncateFrames) db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {}
}, workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Moves WAL checkpoints off the request thread. SQLite's automatic checkpoint runs inside the
 * committing call and writes and syncs the database file there, stalling every request behind it
 * (the p99 of bench:http). Here the main connection never checkpoints by itself; a worker thread
 * checkpoints once a second (passively, so never blocking writers, unless the WAL has outgrown
 * `WAL_TRUNCATE_FRAMES`), and closing checkpoints fully.
 * Should the worker fail to start, automatic checkpoints stay on.
 */
function startCheckpointer(database: SqliteDatabase.Database, path: string): { stop(): Promise<void> } {
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { driver, path, intervalMs: CHECKPOINT_INTERVAL_MS, truncateFrames: WAL_TRUNCATE_FRAMES },
    });
  } catch {
    return { stop: async () => undefined };
  }
  worker.unref();
  worker.on('error', () => database.open && database.pragma('wal_autocheckpoint = 1000'));
  database.pragma('wal_autocheckpoint = 0');
  return {
    async stop() {
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      if (database.open) database.pragma('wal_autocheckpoint = 1000');
    },
  };
}
