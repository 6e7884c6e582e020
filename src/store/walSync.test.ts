import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from './openStore.js';
import { randomAccountId } from '../../test/support/storeBackends.js';
import { fdatasyncFile, WalSyncer } from './walSync.js';

/** A flush the test finishes by hand, one per round, in order. */
function manualFlushes() {
  const rounds: { path: string; finish: (error?: Error) => void }[] = [];
  const syncFile = (path: string) => new Promise<void>((resolve, reject) => rounds.push({ path, finish: (error) => (error ? reject(error) : resolve()) }));
  return { rounds, syncFile };
}

/** Whether `promise` has settled after the pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('group commit: the WAL flushed off the request thread', () => {
  it('a commit made while a flush runs waits for the next flush, which every such commit shares', async () => {
    const { rounds, syncFile } = manualFlushes();
    const syncer = new WalSyncer('/data/gatehouse.db-wal', syncFile);
    const first = syncer.sync();
    const during = [syncer.sync(), syncer.sync(), syncer.sync()];
    assert.equal(rounds.length, 1);
    assert.equal(rounds[0]!.path, '/data/gatehouse.db-wal');
    rounds[0]!.finish();
    assert.equal(await settled(first), true);
    // The flush that was running may have begun before their commits: they wait for a second one.
    assert.equal(await settled(Promise.all(during)), false);
    assert.equal(rounds.length, 2);
    rounds[1]!.finish();
    await Promise.all(during);
    assert.equal(syncer.rounds, 2);
    // Nothing waits: nothing more is flushed.
    assert.equal(rounds.length, 2);
    // A later commit starts a flush of its own at once.
    const later = syncer.sync();
    assert.equal(rounds.length, 3);
    rounds[2]!.finish();
    await later;
  });

  it('a failed flush fails the commits it was for, and the next flush still runs for the others', async () => {
    const { rounds, syncFile } = manualFlushes();
    const syncer = new WalSyncer('wal', syncFile);
    const first = syncer.sync();
    const second = syncer.sync();
    rounds[0]!.finish(new Error('EIO'));
    await assert.rejects(first, /EIO/);
    assert.equal(rounds.length, 2);
    rounds[1]!.finish();
    await second;
  });

  it('flushes a real file, and a missing file has nothing to flush', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walsync-'));
    try {
      const store = await openStore({ dataDir: dir });
      await store.accounts.create({ id: randomAccountId(), name: 'on disk' });
      const wal = join(dir, 'gatehouse.db-wal');
      assert.ok(existsSync(wal));
      await fdatasyncFile(wal);
      await store.close();
      await fdatasyncFile(join(dir, 'absent-wal'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on SQLite, a durable transaction is acknowledged only after a flush that began after its commit; a relaxed one is not held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walsync-'));
    const { rounds, syncFile } = manualFlushes();
    const store = await openStore({ dataDir: dir, syncFile });
    try {
      const id = randomAccountId();
      const durable = store.transaction((tx) => tx.accounts.create({ id, name: 'durable' }));
      while (rounds.length === 0) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(rounds[0]!.path, join(dir, 'gatehouse.db-wal'));
      // Committed and visible, but not yet acknowledged.
      assert.equal((await store.accounts.get(id))?.name, 'durable');
      assert.equal(await settled(durable), false);
      // Concurrent durable commits while that flush runs are acknowledged together, by one more flush.
      const group = Array.from({ length: 20 }, (_, i) => store.transaction((tx) => tx.accounts.create({ id: randomAccountId(), name: `group ${i}` })));
      const relaxed = store.transaction((tx) => tx.accounts.create({ id: randomAccountId(), name: 'relaxed' }), { durable: false });
      const held = new Promise((resolve) => setTimeout(resolve, 5000, 'held'));
      assert.equal(await Promise.race([relaxed.then(() => 'done'), held]), 'done');
      rounds[0]!.finish();
      await durable;
      while (rounds.length < 2) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await settled(Promise.all(group)), false);
      rounds[1]!.finish();
      await Promise.all(group);
      assert.equal(rounds.length, 2);
    } finally {
      for (const round of rounds) round.finish();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
