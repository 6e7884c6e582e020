import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { test } from 'node:test';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';
import type { Store } from './types.js';

/** The synchronous level the connection commits with (SQLite: 2 = FULL, 1 = NORMAL). */
async function sqliteSynchronous(store: Store): Promise<number> {
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
  return Number(rows[0]!.synchronous);
}

describeOnBackends('relaxed (non-durable) commits', (opened) => {
  test('commit what they wrote, roll back on a throw, and leave later commits durable', async () => {
    const store = opened();
    const id = randomAccountId();
    await store.transaction(
      async (tx) => {
        await tx.accounts.create({ id, name: 'relaxed' });
      },
      { durable: false },
    );
    assert.equal((await store.accounts.get(id))?.name, 'relaxed');

    const other = randomAccountId();
    await assert.rejects(
      store.transaction(
        async (tx) => {
          await tx.accounts.create({ id: other, name: 'rolled back' });
          throw new Error('boom');
        },
        { durable: false },
      ),
      /boom/,
    );
    assert.equal(await store.accounts.get(other), undefined);

    if (store.kind === 'sqlite') assert.equal(await sqliteSynchronous(store), 2, 'FULL again after a relaxed commit');
    else {
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(store.db);
      assert.equal(rows[0]!.synchronous_commit, 'on', 'SET LOCAL ended with its transaction');
    }
  });
});
