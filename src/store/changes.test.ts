import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { changeChannel } from './pgListener.js';
import { testBackends } from '../../test/support/storeBackends.js';
import { RESYNC_TOPIC, type Store } from './types.js';

type Change = [topic: string, payload: string];

/** Records the changes a store delivers and waits for one to arrive. */
function record(store: Store) {
  const seen: Change[] = [];
  const waiters: Array<{ match: (c: Change) => boolean; resolve: () => void }> = [];
  const unsubscribe = store.changes.subscribe((topic, payload) => {
    seen.push([topic, payload]);
    for (const waiter of waiters.filter((w) => w.match([topic, payload]))) waiter.resolve();
  });
  const waitFor = async (topic: string, payload?: string, timeoutMs = 3000): Promise<void> => {
    const match = (c: Change) => c[0] === topic && (payload === undefined || c[1] === payload);
    if (seen.some(match)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no change \`${topic}\` within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ match, resolve: () => (clearTimeout(timer), resolve()) });
    });
  };
  const has = (topic: string) => seen.some((c) => c[0] === topic);
  return { seen, waitFor, has, unsubscribe };
}

for (const backend of testBackends()) {
  describe(`change notification on ${backend.name}`, { skip: backend.skip }, () => {
    let publisher: Store;
    let listener: Store;
    before(async () => {
      if (backend.missing !== undefined) throw new Error(backend.missing);
      publisher = await backend.open();
      listener = backend.name === 'postgres' ? await backend.open() : publisher;
    });
    after(async () => {
      if (listener !== publisher) await listener?.close();
      await publisher?.close();
      await backend.cleanup();
    });

    test('a change published outside a transaction reaches every subscriber', async () => {
      const remote = record(listener);
      const local = record(publisher);
      await publisher.changes.publish('user', '123456789012/Alice');
      await remote.waitFor('user', '123456789012/Alice');
      await local.waitFor('user', '123456789012/Alice');
      remote.unsubscribe();
      local.unsubscribe();
    });

    test('the publishing node hears its change once, at once, and not again when NOTIFY echoes it', async () => {
      const remote = record(listener);
      const local = record(publisher);
      await publisher.transaction(async (tx) => tx.changes.publish('echo', 'once'));
      assert.deepEqual(
        local.seen.filter((c) => c[0] === 'echo'),
        [['echo', 'once']],
        'delivered by the commit itself',
      );
      await remote.waitFor('echo', 'once');
      // The publisher's own notification has travelled as far as the other node's by now.
      await publisher.changes.publish('sentinel', 'echo');
      await remote.waitFor('sentinel', 'echo');
      await sleep(100);
      assert.deepEqual(
        local.seen.filter((c) => c[0] === 'echo'),
        [['echo', 'once']],
      );
      remote.unsubscribe();
      local.unsubscribe();
    });

    test('a change published in a transaction is delivered only after commit', async () => {
      const remote = record(listener);
      await publisher.transaction(async (tx) => {
        await tx.changes.publish('policy', 'committed');
        await tx.kv.set('changes.test', 'v');
        await sleep(150);
        assert.equal(remote.has('policy'), false, 'delivered before commit');
      });
      await remote.waitFor('policy', 'committed');
      remote.unsubscribe();
    });

    test('the same change published twice in one transaction is delivered once', async () => {
      const remote = record(listener);
      const local = record(publisher);
      await publisher.transaction(async (tx) => {
        await tx.changes.publish('twice', 'a');
        await tx.changes.publish('twice', 'b');
        await tx.changes.publish('twice', 'a');
      });
      await remote.waitFor('twice', 'b');
      await publisher.changes.publish('sentinel', 'twice');
      await remote.waitFor('sentinel', 'twice');
      assert.deepEqual(
        local.seen.filter((c) => c[0] === 'twice'),
        [
          ['twice', 'a'],
          ['twice', 'b'],
        ],
      );
      assert.deepEqual(
        remote.seen.filter((c) => c[0] === 'twice'),
        [
          ['twice', 'a'],
          ['twice', 'b'],
        ],
      );
      remote.unsubscribe();
      local.unsubscribe();
    });

    test('a change published in a rolled-back transaction is never delivered', async () => {
      const remote = record(listener);
      await assert.rejects(
        publisher.transaction(async (tx) => {
          await tx.changes.publish('role', 'rolled-back');
          throw new Error('abort');
        }),
        /abort/,
      );
      await publisher.changes.publish('sentinel', 'after rollback');
      await remote.waitFor('sentinel');
      assert.deepEqual(
        remote.seen.filter((c) => c[0] === 'role'),
        [],
      );
      remote.unsubscribe();
    });

    test('unsubscribe stops delivery; a throwing handler does not stop the others', async () => {
      const gone = record(listener);
      gone.unsubscribe();
      const stopper = listener.changes.subscribe(() => {
        throw new Error('handler failure');
      });
      const kept = record(listener);
      await publisher.changes.publish('group', 'g1');
      await kept.waitFor('group', 'g1');
      assert.deepEqual(gone.seen, []);
      stopper();
      kept.unsubscribe();
    });

    test('a change too large for NOTIFY is refused on every backend', async () => {
      await assert.rejects(publisher.changes.publish('big', 'x'.repeat(8000)), RangeError);
      await publisher.changes.publish('big', 'x'.repeat(7900));
    });

    if (backend.name === 'postgres') {
      test('the listener reconnects after losing its connection and asks for a resync', async () => {
        const remote = record(listener);
        const channel = changeChannel((await sql<{ schema: string }>`select current_schema() as schema`.execute(publisher.db)).rows[0]!.schema);
        const killed = await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where datname = current_database() and query = ${`LISTEN "${channel}"`} and pid <> pg_backend_pid()
        `.execute(publisher.db);
        assert.ok(killed.rows.length >= 1, 'no listener connection found');
        for (const { pid } of killed.rows) await sql`select pg_terminate_backend(${pid})`.execute(publisher.db);
        await remote.waitFor(RESYNC_TOPIC, '', 5000);
        await publisher.changes.publish('user', 'after reconnect');
        await remote.waitFor('user', 'after reconnect');
        remote.unsubscribe();
      });
    }
  });
}
