import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobMissing, WRITE_BATCH_BYTES, type BlobWriter, type ObjectBytes } from './types.js';

/**
 * Blobs as files under `root`: written to `tmp/<id>` and, once complete and flushed to disk,
 * renamed to `blobs/<id[0..1]>/<id>` (a rename within one file system is atomic), so a crash never
 * leaves a partial blob under its final name. Temporary files older than an hour are removed when
 * the store opens (a crash left them). `root` may be a directory every node shares (NFS and the
 * like keep rename atomic).
 */
export async function openFileBytes(root: string): Promise<ObjectBytes> {
  const tmp = join(root, 'tmp');
  const blobs = join(root, 'blobs');
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  await mkdir(blobs, { recursive: true, mode: 0o700 });
  await removeStale(tmp, Date.now() - STALE_MS);
  const pathOf = (id: string): string => {
    // INVARIANT: blob IDs are ours (hex); a foreign one names no file outside `blobs`.
    if (!/^[0-9a-f]{32}$/.test(id)) throw new BlobMissing(id);
    return join(blobs, id.slice(0, 2), id);
  };
  return {
    kind: 'files',
    async create() {
      const id = randomBytes(16).toString('hex');
      const temporary = join(tmp, id);
      const handle = await open(temporary, 'wx', 0o600);
      return fileWriter(handle, temporary, async () => {
        const dir = join(blobs, id.slice(0, 2));
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await rename(temporary, join(dir, id));
        await syncDirectory(dir);
        return id;
      });
    },
    read(id, start, end) {
      return fileReader(id, () => pathOf(id), start ?? 0, end);
    },
    async delete(ids) {
      for (const id of ids) {
        try {
          await unlink(pathOf(id));
        } catch (err) {
          if (!(err instanceof BlobMissing) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    },
    async clear() {
      await rm(blobs, { recursive: true, force: true });
      await mkdir(blobs, { recursive: true, mode: 0o700 });
    },
    async close() {},
  };
}

/** A temporary file older than this is left over from a crash. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Writes in batches of {@link WRITE_BATCH_BYTES}, one batch on its way to the disk while the next
 * gathers, so that reading the request and writing the file overlap.
 */
function fileWriter(handle: FileHandle, temporary: string, finish: () => Promise<string>): BlobWriter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closed = false;
  let inflight: Promise<void> = Promise.resolve();
  const writeAll = async (batch: Buffer[], total: number): Promise<void> => {
    const { bytesWritten } = await handle.writev(batch);
    // A short write (rare: a full disk, a signal) finishes piece by piece.
    if (bytesWritten < total) {
      const rest = Buffer.concat(batch, total).subarray(bytesWritten);
      for (let at = 0; at < rest.length; ) at += (await handle.write(rest, at)).bytesWritten;
    }
  };
  const flush = async (): Promise<void> => {
    await inflight;
    if (pendingBytes === 0) return;
    const batch = pending;
    const total = pendingBytes;
    pending = [];
    pendingBytes = 0;
    inflight = writeAll(batch, total);
  };
  return {
    async write(chunk) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BATCH_BYTES) await flush();
    },
    async commit() {
      await flush();
      await inflight;
      await handle.datasync();
      closed = true;
      await handle.close();
      return finish();
    },
    async discard() {
      pending = [];
      await inflight.catch(() => undefined);
      if (!closed) {
        closed = true;
        await handle.close().catch(() => undefined);
      }
      await unlink(temporary).catch(() => undefined);
    },
  };
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeStale(dir: string, before: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && info.mtimeMs < before) await rm(path, { force: true });
  }
}

/** How many bytes one read of a blob file takes. */
const READ_BYTES = 256 * 1024;

/** A blob file's bytes `start`..`end` (inclusive); a file that does not exist fails as {@link BlobMissing}. */
function fileReader(id: string, path: () => string, start: number, end: number | undefined): Readable {
  let handle: FileHandle | undefined;
  let position = start;
  return new Readable({
    highWaterMark: READ_BYTES,
    construct(callback) {
      let file: string;
      try {
        file = path();
      } catch (err) {
        callback(err as Error);
        return;
      }
      open(file, 'r').then(
        (opened) => {
          handle = opened;
          callback();
        },
        (err: NodeJS.ErrnoException) => callback(err.code === 'ENOENT' ? new BlobMissing(id) : err),
      );
    },
    read() {
      const want = end === undefined ? READ_BYTES : Math.min(READ_BYTES, end + 1 - position);
      if (want <= 0) {
        this.push(null);
        return;
      }
      handle!.read(Buffer.allocUnsafe(want), 0, want, position).then(
        ({ bytesRead, buffer }) => {
          position += bytesRead;
          this.push(bytesRead === 0 ? null : bytesRead === want ? buffer : buffer.subarray(0, bytesRead));
        },
        (err: Error) => this.destroy(err),
      );
    },
    destroy(err, callback) {
      const held = handle;
      handle = undefined;
      if (held === undefined) callback(err);
      else
        held.close().then(
          () => callback(err),
          () => callback(err),
        );
    },
  });
}
