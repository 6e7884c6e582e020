import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOnBackends, randomAccountId } from '../../../test/support/storeBackends.js';
import { preparedQuery } from './prepared.js';

const usersIn = preparedQuery((db, v: { accountId: string; path: string }) =>
  db.selectFrom('users').select(['name', 'path']).where('account_id', '=', v.accountId).where('path', '=', v.path).orderBy('name'),
);

describeOnBackends('prepared queries', (opened) => {
  test('compiled once, they answer each call with its own values, as the built query does, in and out of transactions', async () => {
    const store = opened();
    const accountId = randomAccountId();
    await store.accounts.create({ id: accountId, name: 'prepared' });
    for (const [name, path] of [
      ['b', '/x/'],
      ['a', '/x/'],
      ['c', '/y/'],
    ] as const) {
      await store.users.create({ accountId, userId: `AIDA${name.toUpperCase()}${accountId}`, name, path, arn: `arn:aws:iam::${accountId}:user${path}${name}` });
    }
    const built = async (path: string) =>
      store.db.selectFrom('users').select(['name', 'path']).where('account_id', '=', accountId).where('path', '=', path).orderBy('name').execute();
    for (const path of ['/x/', '/y/', '/none/']) assert.deepEqual((await usersIn(store.db, { accountId, path })).rows, await built(path));
    assert.deepEqual(await store.transaction(async (tx) => (await usersIn(tx.db, { accountId, path: '/y/' })).rows), [{ name: 'c', path: '/y/' }]);
    // Values that look like SQL stay values.
    assert.deepEqual((await usersIn(store.db, { accountId, path: "/x/' or '1'='1" })).rows, []);
  });

  test('a query that changes its values is refused when it is compiled', async () => {
    const store = opened();
    const lowered = preparedQuery((db, v: { name: string }) => db.selectFrom('users').selectAll().where('name_lower', '=', v.name.toLowerCase()));
    await assert.rejects(lowered(store.db, { name: 'Alice' }), /parameters must be its values, unchanged/);
    const suffixed = preparedQuery((db, v: { name: string }) => db.selectFrom('users').selectAll().where('name', 'like', `${v.name}%`));
    await assert.rejects(suffixed(store.db, { name: 'al' }), /parameters must be its values, unchanged/);
  });
});
