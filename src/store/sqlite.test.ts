import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { after, describe, test } from 'node:test';
import { openStore } from './openStore.js';
import { SQLITE_FILE, WAL_TRUNCATE_FRAMES } from './sqlite.js';
import type { Store } from './types.js';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => join(root, `data-${(counter += 1)}`);

/** A store in a fresh directory and a second, raw connection to its file; both closed after `fn`. */
async function withOtherConnection(
  fn: (store: Store, other: SqliteDatabase.Database, dataDir: string) => Promise<void>,
  options?: SqliteDatabase.Options,
): Promise<void> {
  const dataDir = freshDir();
  const store = await openStore({ dataDir });
  const other = new SqliteDatabase(join(dataDir, SQLITE_FILE), options);
  try {
    await fn(store, other, dataDir);
  } finally {
    other.close();
    await store.close();
  }
}

describe('sqlite store', () => {
  test('creates the data directory 0700, the key file 0600, and the database file', async () => {
    const dataDir = freshDir();
    const store = await openStore({ dataDir });
    await store.close();
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
    assert.ok(statSync(join(dataDir, SQLITE_FILE)).size > 0);
  });

  test('runs in WAL mode with full synchronous commits and foreign keys', async () => {
    const store = await openStore({ dataDir: freshDir() });
    try {
      const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0]!)[0];
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('synchronous'), 2);
      assert.equal(await pragma('foreign_keys'), 1);
      assert.ok(Number(await pragma('busy_timeout')) >= 1000);
    } finally {
      await store.close();
    }
  });

  test('reopening the file keeps the data and the secrets still open', async () => {
    const dataDir = freshDir();
    const first = await openStore({ dataDir });
    await first.accounts.create({ id: '111122223333', name: 'kept' });
    await first.users.create({ accountId: '111122223333', userId: 'AIDAKEPT', name: 'Kept', arn: 'arn:aws:iam::111122223333:user/Kept' });
    await first.accessKeys.create({ accessKeyId: 'AKIAKEPT', accountId: '111122223333', userName: 'Kept', secretAccessKey: 'kept-secret', status: 'Active' });
    await first.kv.set('bootstrap', 'done');
    await first.close();
    await first.close();

    const second = await openStore({ dataDir });
    try {
      assert.equal((await second.accounts.get('111122223333'))?.name, 'kept');
      assert.equal((await second.users.get('111122223333', 'kept'))?.userId, 'AIDAKEPT');
      assert.equal((await second.accessKeys.get('AKIAKEPT'))?.secretAccessKey, 'kept-secret');
      assert.equal(await second.kv.get('bootstrap'), 'done');
    } finally {
      await second.close();
    }
  });

  test('no file in the data directory contains a plaintext secret', async () => {
    const dataDir = freshDir();
    const secret = 'PlainTextMustNeverHitDisk0123456789abcdef';
    const store = await openStore({ dataDir });
    await store.accounts.create({ id: '444455556666', name: 'raw' });
    await store.accessKeys.create({ accessKeyId: 'AKIARAW', accountId: '444455556666', userName: null, secretAccessKey: secret, status: 'Active' });
    // Every file, the S3 byte store's folders (s3/blobs, s3/tmp) included.
    const files = () => (readdirSync(dataDir, { recursive: true }) as string[]).filter((name) => statSync(join(dataDir, name)).isFile());
    for (const name of files()) assert.ok(!readFileSync(join(dataDir, name)).includes(secret), `${name} before close`);
    await store.close();
    for (const name of files()) assert.ok(!readFileSync(join(dataDir, name)).includes(secret), name);
    assert.ok(readFileSync(join(dataDir, SQLITE_FILE)).includes('AKIARAW'), 'the row itself reached the file');
  });

  test('a transaction holds the write lock from its first statement', async () => {
    await withOtherConnection(
      async (store, other) => {
        await store.transaction(async (tx) => {
          await tx.kv.get('anything');
          assert.throws(() => other.exec('begin immediate'), /locked|busy/i);
        });
        other.exec('begin immediate');
        other.exec('rollback');
      },
      { timeout: 0 },
    );
  });

  test('a transaction waiting for another connection’s write lock leaves the event loop free, then runs', async () => {
    await withOtherConnection(async (store, other) => {
      other.exec('begin immediate');
      let done = false;
      const waiting = store.transaction((tx) => tx.kv.set('after-the-lock', 'yes')).then(() => (done = true));
      // The holder shares this thread: a transaction that slept in SQLite's busy handler would hold it for the whole timeout.
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(Date.now() - started < 1000, 'timers still run while the transaction waits');
      assert.equal(done, false, 'the transaction waits for the lock');
      other.exec('commit');
      await waiting;
      assert.equal(await store.kv.get('after-the-lock'), 'yes');
    });
  });

  test('a WAL grown past its limit is truncated by the next checkpoint, while commits go on', async () => {
    await withOtherConnection(async (store, reader, dataDir) => {
      const wal = join(dataDir, `${SQLITE_FILE}-wal`);
      const limit = WAL_TRUNCATE_FRAMES * (4096 + 24);
      // A long read pins the WAL (nothing can be checkpointed past it), so it grows past its limit.
      reader.exec('begin');
      reader.prepare('select count(*) from kv').get();
      const value = 'x'.repeat(64 * 1024);
      for (let i = 0; statSync(wal).size < 1.5 * limit; i++) await store.transaction((tx) => tx.kv.set(`big-${i % 8}`, `${value}${i}`));
      reader.exec('commit');
      // Commits go on back to back while the checkpoint that rewinds the file takes its turn.
      let smallest = statSync(wal).size;
      for (const until = Date.now() + 3500; Date.now() < until && smallest >= limit; ) {
        await store.transaction((tx) => tx.kv.set('steady', String(Date.now())));
        smallest = Math.min(smallest, statSync(wal).size);
      }
      assert.ok(smallest < limit, `the WAL stayed at ${smallest} bytes or more (limit ${limit})`);
    });
  });

  test('an unsupported database url is refused', async () => {
    await assert.rejects(openStore({ dataDir: freshDir(), databaseUrl: 'mysql://x@y/z' }), /postgres:\/\//);
  });
});
