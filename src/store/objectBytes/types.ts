import type { Readable } from 'node:stream';

/**
 * Where S3 object bytes live, behind one interface: files in a directory (the data directory on
 * SQLite, or a directory every node shares) or PostgreSQL large objects (several nodes on one
 * PostgreSQL). An S3-compatible upstream would be a third implementation.
 *
 * A blob is written once and never changed: its bytes become readable under its ID only once
 * `commit` has returned, and a blob never committed leaves nothing behind. Object metadata (in the
 * database) names blobs by ID, so an object is visible exactly when its metadata row is; a blob
 * whose metadata never committed (a crash between the two) is unreferenced, never half visible.
 */
export interface ObjectBytes {
  readonly kind: 'files' | 'postgres';
  /** Starts a new blob. */
  create(): Promise<BlobWriter>;
  /**
   * The bytes of a blob from `start` to `end` inclusive (default: all of it), as a stream that
   * fails with {@link BlobMissing} when the blob does not exist (deleted meanwhile).
   */
  read(id: string, start?: number, end?: number): Readable;
  /** Deletes blobs; IDs that name none are ignored. */
  delete(ids: readonly string[]): Promise<void>;
  /** Deletes every blob (a dev-mode reset). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** A blob being written. Bytes are durable and readable only once `commit` returns its ID. */
export interface BlobWriter {
  /** Appends bytes; resolves when the writer can take more. */
  write(chunk: Buffer): Promise<void>;
  /** Makes the blob durable and visible under the returned ID. */
  commit(): Promise<string>;
  /** Drops everything written; the blob never exists. Safe to call after a failed write. */
  discard(): Promise<void>;
}

/** Thrown (or emitted by a read stream) when a blob does not exist. */
export class BlobMissing extends Error {
  constructor(id: string) {
    super(`blob \`${id}\` does not exist`);
    this.name = 'BlobMissing';
  }
}

/** How many bytes a writer gathers before it hands them to storage. */
export const WRITE_BATCH_BYTES = 1024 * 1024;
