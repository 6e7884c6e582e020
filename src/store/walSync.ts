import { open } from 'node:fs/promises';

/** Flushes one file to disk (`fdatasync`), off the calling thread. */
export type SyncFile = (path: string) => Promise<void>;

/** `fdatasync` of `path` on libuv's thread pool; a file that does not exist has nothing to flush. */
export const fdatasyncFile: SyncFile = async (path) => {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
};

/**
 * Group commit for SQLite, with the disk flush off the request thread.
 *
 * A durable transaction commits with `synchronous=NORMAL`: its pages reach the WAL file (the OS's
 * cache) but SQLite does not wait for the disk. The transaction is then acknowledged only once a
 * flush of the WAL that began after its commit has finished (`sync`), which is what
 * `synchronous=FULL` guarantees, without the request thread sitting in `fsync`. Commits that
 * finish while a flush runs share the next one: one flush makes a whole group durable.
 *
 * Why this is enough: SQLite recovers a WAL's frames up to its last valid commit frame, so frames
 * on disk are commits on disk; and a checkpoint (which may rewind the WAL) first syncs the WAL and
 * then the database file in `NORMAL` mode, so no frame is reused before it is durable in the
 * database. The file is opened afresh for every flush, so a WAL that was truncated or recreated
 * is still the one flushed.
 */
export class WalSyncer {
  readonly #path: string;
  readonly #syncFile: SyncFile;
  /** The flush in progress, if any. */
  #running: Promise<void> | undefined;
  /** The flush that starts once the running one ends, shared by every commit made meanwhile. */
  #next: Promise<void> | undefined;
  /** Flushes started so far. */
  rounds = 0;

  constructor(walPath: string, syncFile: SyncFile = fdatasyncFile) {
    this.#path = walPath;
    this.#syncFile = syncFile;
  }

  /** Resolves once everything written to the WAL before this call is on disk; rejects if the flush fails. */
  sync(): Promise<void> {
    // A flush that is already running may have begun before this caller's commit: only a flush
    // started after it will do, and the one queued to start next is shared.
    if (this.#next !== undefined) return this.#next;
    if (this.#running === undefined) return this.#start();
    const startNext = (): Promise<void> => {
      this.#next = undefined;
      return this.#start();
    };
    this.#next = this.#running.then(startNext, startNext);
    return this.#next;
  }

  #start(): Promise<void> {
    this.rounds += 1;
    const round: Promise<void> = this.#syncFile(this.#path).finally(() => {
      if (this.#running === round) this.#running = undefined;
    });
    this.#running = round;
    return round;
  }
}
