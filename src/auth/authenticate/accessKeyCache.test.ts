import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOnBackends, randomAccountId } from '../../../test/support/storeBackends.js';
import { AccessKeyCache } from './accessKeyCache.js';

describeOnBackends('the access key cache', (opened) => {
  test("a user's key is resolved again after the user's tags, name or existence change, and stays cached otherwise", async () => {
    const store = opened();
    const accountId = randomAccountId();
    await store.accounts.create({ id: accountId, name: `acct-${accountId}` });
    const user = await store.users.create({ accountId, userId: `AIDA${accountId}A`, name: 'alice', arn: `arn:aws:iam::${accountId}:user/alice` });
    const other = await store.users.create({ accountId, userId: `AIDA${accountId}B`, name: 'bob', arn: `arn:aws:iam::${accountId}:user/bob` });
    const keyId = `AKIA${accountId}K1`;
    await store.accessKeys.create({ accessKeyId: keyId, accountId, userName: 'alice', secretAccessKey: 'secret', status: 'Active' });
    const cache = new AccessKeyCache(store);
    try {
      const first = await cache.resolve(keyId);
      assert.deepEqual(first?.principal.tags, {});
      await store.tags.put(accountId, 'user', other.userId, [{ Key: 'team', Value: 'b' }]);
      assert.equal(await cache.resolve(keyId), first, "another user's tags leave the key cached");
      await store.tags.put(accountId, 'user', user.userId, [{ Key: 'team', Value: 'a' }]);
      assert.deepEqual((await cache.resolve(keyId))?.principal.tags, { team: 'a' });
      await store.transaction(async (tx) => {
        await tx.users.update(accountId, 'alice', { name: 'Alice', path: '/x/', arn: `arn:aws:iam::${accountId}:user/x/Alice` });
        await tx.accessKeys.renameUser(accountId, 'alice', 'Alice');
      });
      assert.equal((await cache.resolve(keyId))?.principal.arn, `arn:aws:iam::${accountId}:user/x/Alice`);
      await store.transaction(async (tx) => {
        await tx.accessKeys.delete(keyId);
        await tx.users.delete(accountId, 'Alice');
      });
      assert.equal(await cache.resolve(keyId), undefined);
    } finally {
      cache.close();
    }
  });
});
