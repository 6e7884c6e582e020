import { Readable } from 'node:stream';
import pg from 'pg';
import { BlobMissing, WRITE_BATCH_BYTES, type BlobWriter, type ObjectBytes } from './types.js';

/** `lo_open` modes (PostgreSQL's libpq-fs.h). */
const INV_WRITE = 0x20000;
const INV_READ = 0x40000;
/** How many bytes one `loread` returns at most. */
const READ_BYTES = 1024 * 1024;

/**
 * Blobs as PostgreSQL large objects, so that every node of a deployment reads every object.
 * A blob is written in its own transaction (on a pool of its own, so that long uploads never
 * take the connections metadata queries need): `lo_create`, `lowrite` in batches, and a row in
 * `s3_blobs` (large objects belong to the database, the row says this schema owns it). Nothing of
 * it exists until that transaction commits. A read runs in a read-only transaction whose snapshot
 * keeps the blob readable to its end even if it is deleted meanwhile.
 */
export function openPgLargeObjects(connectionString: string, schema: string, maxConnections = 8): ObjectBytes {
  const pool = new pg.Pool({ connectionString, max: maxConnections, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async create() {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query<{ oid: number }>('select lo_create(0) as oid');
        const oid = rows[0]!.oid;
        const opened = await client.query<{ fd: number }>('select lo_open($1, $2) as fd', [oid, INV_WRITE]);
        return largeObjectWriter(client, oid, opened.rows[0]!.fd);
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        client.release();
        throw err;
      }
    },
    read(id, start = 0, end) {
      return largeObjectReader(pool, id, start, end);
    },
    async delete(ids) {
      if (ids.length === 0) return;
      await pool.query('select lo_unlink(id::oid) from s3_blobs where id = any($1::text[])', [ids]);
      await pool.query('delete from s3_blobs where id = any($1::text[])', [ids]);
    },
    async clear() {
      await pool.query('select lo_unlink(id::oid) from s3_blobs');
      await pool.query('delete from s3_blobs');
    },
    close: () => pool.end(),
  };
}

function largeObjectWriter(client: pg.PoolClient, oid: number, fd: number): BlobWriter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let done = false;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const batch = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await client.query('select lowrite($1, $2)', [fd, batch]);
  };
  const finish = (): void => {
    done = true;
    client.release();
  };
  return {
    async write(chunk) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BATCH_BYTES) await flush();
    },
    async commit() {
      try {
        await flush();
        await client.query('select lo_close($1)', [fd]);
        await client.query('insert into s3_blobs (id, created_at) values ($1, $2)', [String(oid), new Date().toISOString()]);
        await client.query('commit');
        finish();
        return String(oid);
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        if (!done) finish();
        throw err;
      }
    },
    async discard() {
      if (done) return;
      pending = [];
      await client.query('rollback').catch(() => undefined);
      finish();
    },
  };
}

function largeObjectReader(pool: pg.Pool, id: string, start: number, end: number | undefined): Readable {
  let client: pg.PoolClient | undefined;
  let fd = -1;
  let position = start;
  const release = async (commit: boolean): Promise<void> => {
    const held = client;
    client = undefined;
    if (held === undefined) return;
    await held.query(commit ? 'commit' : 'rollback').catch(() => undefined);
    held.release();
  };
  return new Readable({
    highWaterMark: READ_BYTES,
    async read() {
      try {
        if (client === undefined) {
          if (!/^\d+$/.test(id)) throw new BlobMissing(id);
          client = await pool.connect();
          await client.query('begin isolation level repeatable read read only');
          try {
            fd = (await client.query<{ fd: number }>('select lo_open($1, $2) as fd', [Number(id), INV_READ])).rows[0]!.fd;
          } catch (err) {
            if ((err as { code?: string }).code === '42704') throw new BlobMissing(id);
            throw err;
          }
          if (start > 0) await client.query('select lo_lseek64($1, $2, 0)', [fd, start]);
        }
        const want = end === undefined ? READ_BYTES : Math.min(READ_BYTES, end + 1 - position);
        if (want <= 0) {
          await release(true);
          this.push(null);
          return;
        }
        const result = await client.query<{ data: Buffer }>('select loread($1, $2) as data', [fd, want]);
        const data = result.rows[0]!.data;
        position += data.length;
        if (data.length === 0) {
          await release(true);
          this.push(null);
          return;
        }
        this.push(data);
      } catch (err) {
        await release(false);
        this.destroy(err as Error);
      }
    },
    destroy(err, callback) {
      release(false).then(
        () => callback(err),
        () => callback(err),
      );
    },
  });
}
