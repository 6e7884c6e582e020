import type { SyncFile } from './walSync.js';

/** The part of a pino logger the store uses. Nothing secret is ever passed to it. */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
}

/** Options of `openStore`. */
export interface StoreOptions {
  /** The data directory (created with mode 0700): the SQLite file and `master.key` live here. */
  dataDir: string;
  /** `postgres://…` or `postgresql://…` for PostgreSQL; absent for SQLite at `<dataDir>/gatehouse.db`. */
  databaseUrl?: string | undefined;
  /** `GATEHOUSE_MASTER_KEY`; see `openKeyRing`. */
  masterKey?: string | undefined;
  /** PostgreSQL only: use (and create) this schema instead of the connection's current schema. */
  schema?: string | undefined;
  logger?: StoreLogger | undefined;
  /** The clock for default timestamps; tests freeze it. */
  now?: (() => Date) | undefined;
  /**
   * Where S3 object bytes live: a directory (every node's, when several share PostgreSQL). Absent:
   * `<dataDir>/s3` on SQLite, PostgreSQL large objects on PostgreSQL.
   */
  s3Directory?: string | undefined;
  /** SQLite only: how the WAL file is flushed to disk (`fdatasync` by default); tests watch it. */
  syncFile?: SyncFile | undefined;
}
