import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeBus } from './changeBus.js';
import { ROLES_TOPIC } from './changeTopics.js';
import { EntityReadCache } from './entityReadCache.js';
import type { RoleRecord } from './repositories/index.js';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';
import type { Store } from './types.js';

/** Writes the role's trust policy behind the repositories' back, so a cached read shows as the old text. */
async function rewriteTrustBehindTheCache(store: Store, accountId: string, name: string, text: string): Promise<void> {
  await store.db.updateTable('roles').set({ trust_policy: text }).where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).execute();
}

async function accountWithRole(store: Store, name = 'Deployer'): Promise<{ accountId: string; roleId: string }> {
  const accountId = randomAccountId();
  await store.accounts.create({ id: accountId, name: `acct-${accountId}` });
  const roleId = `AROA${accountId}ROLE`;
  await store.roles.create({
    accountId,
    roleId,
    name,
    path: '/',
    arn: `arn:aws:iam::${accountId}:role/${name}`,
    trustPolicy: 'v1',
    maxSessionDuration: 3600,
  });
  return { accountId, roleId };
}

describeOnBackends('the role, user and account read caches', (opened, backend) => {
  test('a role read outside a transaction is kept, frozen, until a write through the store announces a change', async () => {
    const store = opened();
    const { accountId } = await accountWithRole(store);
    assert.equal((await store.roles.get(accountId, 'deployer'))?.trustPolicy, 'v1');
    await rewriteTrustBehindTheCache(store, accountId, 'Deployer', 'behind');
    const kept = await store.roles.get(accountId, 'DEPLOYER');
    assert.equal(kept?.trustPolicy, 'v1', 'the second read came from the cache');
    assert.equal(Object.isFrozen(kept), true);
    await store.roles.update(accountId, 'Deployer', { trustPolicy: 'v2' });
    assert.equal((await store.roles.get(accountId, 'Deployer'))?.trustPolicy, 'v2');
    await store.roles.recordLastUsed(accountId, 'Deployer', '2026-11-22T00:00:00.000Z', 'us-east-1');
    assert.equal((await store.roles.get(accountId, 'Deployer'))?.lastUsedAt, '2026-11-22T00:00:00.000Z');
    await store.roles.delete(accountId, 'Deployer');
    assert.equal(await store.roles.get(accountId, 'Deployer'), undefined);
  });

  test('a user read outside a transaction is kept until a write through the store announces a change; a missing one until it is created', async () => {
    const store = opened();
    const { accountId } = await accountWithRole(store);
    assert.equal(await store.users.get(accountId, 'ursula'), undefined);
    await store.users.create({ accountId, userId: `AIDA${accountId}URS`, name: 'Ursula', arn: `arn:aws:iam::${accountId}:user/Ursula` });
    assert.equal((await store.users.get(accountId, 'ursula'))?.name, 'Ursula', 'the missing user was forgotten when it was created');
    await store.db.updateTable('users').set({ password_last_used: '2026-01-01T00:00:00.000Z' }).where('account_id', '=', accountId).execute();
    assert.equal((await store.users.get(accountId, 'URSULA'))?.passwordLastUsed, null, 'the second read came from the cache');
    await store.users.recordPasswordUse(accountId, 'Ursula', '2026-11-22T00:00:00.000Z');
    assert.equal((await store.users.get(accountId, 'ursula'))?.passwordLastUsed, '2026-11-22T00:00:00.000Z');
    await store.users.update(accountId, 'Ursula', { name: 'Una', path: '/x/', arn: `arn:aws:iam::${accountId}:user/x/Una` });
    assert.equal(await store.users.get(accountId, 'ursula'), undefined);
    assert.equal((await store.users.get(accountId, 'una'))?.path, '/x/');
    await store.users.delete(accountId, 'Una');
    assert.equal(await store.users.get(accountId, 'una'), undefined);
  });

  test('an account read outside a transaction is kept until its record changes: closed, placed in an organization, taken out of it', async () => {
    const store = opened();
    const accountId = randomAccountId();
    assert.equal(await store.accounts.get(accountId), undefined);
    await store.accounts.create({ id: accountId, name: 'kept' });
    assert.equal((await store.accounts.get(accountId))?.status, 'ACTIVE', 'the missing account was forgotten when it was created');
    await store.db.updateTable('accounts').set({ name: 'behind' }).where('id', '=', accountId).execute();
    const kept = await store.accounts.get(accountId);
    assert.equal(kept?.name, 'kept', 'the second read came from the cache');
    assert.equal(Object.isFrozen(kept), true);
    const organizationId = `o-${accountId.slice(0, 10)}`;
    await store.organizations.create({ id: organizationId, managementAccountId: accountId, featureSet: 'ALL', createdAt: '2026-12-08T00:00:00.000Z' });
    await store.organizations.placeAccount(accountId, organizationId, 'r-root');
    assert.equal((await store.accounts.get(accountId))?.organizationId, organizationId);
    await store.organizations.setAccountStatus(accountId, 'SUSPENDED');
    assert.equal((await store.accounts.get(accountId))?.status, 'SUSPENDED');
    await store.organizations.leave(accountId);
    assert.equal((await store.accounts.get(accountId))?.organizationId, null);
  });

  test("list pages outside a transaction are cut from the account's whole list, kept until a write announces a change", async () => {
    const store = opened();
    const { accountId } = await accountWithRole(store, 'b-role');
    for (const name of ['a-role', 'C-role', 'd-role']) {
      await store.roles.create({
        accountId,
        roleId: `AROA${accountId}${name}`,
        name,
        path: name === 'd-role' ? '/svc/' : '/',
        arn: `arn:aws:iam::${accountId}:role/${name}`,
        trustPolicy: 't',
        maxSessionDuration: 3600,
      });
    }
    const first = await store.roles.list(accountId, { maxItems: 2 });
    assert.deepEqual(
      first.items.map((r) => r.name),
      ['a-role', 'b-role'],
    );
    assert.equal(first.isTruncated, true);
    const second = await store.roles.list(accountId, { maxItems: 2, marker: first.marker! });
    assert.deepEqual(
      second.items.map((r) => r.name),
      ['C-role', 'd-role'],
    );
    assert.equal(second.isTruncated, false);
    assert.deepEqual(
      (await store.roles.list(accountId, { pathPrefix: '/svc/' })).items.map((r) => r.name),
      ['d-role'],
    );
    await store.db.deleteFrom('roles').where('account_id', '=', accountId).where('name_lower', '=', 'a-role').execute();
    assert.equal((await store.roles.list(accountId)).items.length, 4, "kept: the row went behind the store's back");
    await store.roles.delete(accountId, 'b-role');
    assert.deepEqual(
      (await store.roles.list(accountId)).items.map((r) => r.name),
      ['C-role', 'd-role'],
    );
    await store.transaction(async (tx) => {
      await tx.roles.create({
        accountId,
        roleId: `AROA${accountId}E`,
        name: 'e-role',
        path: '/',
        arn: `arn:aws:iam::${accountId}:role/e-role`,
        trustPolicy: 't',
        maxSessionDuration: 3600,
      });
      assert.deepEqual(
        (await tx.roles.list(accountId)).items.map((r) => r.name.toLowerCase()),
        ['c-role', 'd-role', 'e-role'],
        'a transaction reads its own writes',
      );
    });
    assert.deepEqual(
      (await store.roles.list(accountId)).items.map((r) => r.name),
      ['C-role', 'd-role', 'e-role'],
    );
  });

  test('a missing role is remembered as missing until a role is created', async () => {
    const store = opened();
    const { accountId } = await accountWithRole(store);
    assert.equal(await store.roles.get(accountId, 'Later'), undefined);
    await store.roles.create({
      accountId,
      roleId: `AROA${accountId}LATE`,
      name: 'Later',
      path: '/',
      arn: `arn:aws:iam::${accountId}:role/Later`,
      trustPolicy: 'late',
      maxSessionDuration: 3600,
    });
    assert.equal((await store.roles.get(accountId, 'Later'))?.trustPolicy, 'late');
  });

  test('changes made in a transaction reach the cache when it commits, and the transaction reads its own writes', async () => {
    const store = opened();
    const { accountId } = await accountWithRole(store);
    await store.roles.get(accountId, 'Deployer');
    await store.transaction(async (tx) => {
      await tx.roles.update(accountId, 'Deployer', { trustPolicy: 'in-tx' });
      assert.equal((await tx.roles.get(accountId, 'Deployer'))?.trustPolicy, 'in-tx');
      assert.equal((await store.roles.get(accountId, 'Deployer'))?.trustPolicy, 'v1', 'not committed yet');
    });
    assert.equal((await store.roles.get(accountId, 'Deployer'))?.trustPolicy, 'in-tx');
  });

  test("role and user tags are kept until their tags change; other entities' tags are never kept", async () => {
    const store = opened();
    const { accountId, roleId } = await accountWithRole(store);
    await store.tags.put(accountId, 'role', roleId, [{ Key: 'team', Value: 'a' }]);
    assert.deepEqual(await store.tags.list(accountId, 'role', roleId), [{ Key: 'team', Value: 'a' }]);
    await store.db.updateTable('tags').set({ value: 'behind' }).where('resource_id', '=', roleId).execute();
    assert.deepEqual(await store.tags.list(accountId, 'role', roleId), [{ Key: 'team', Value: 'a' }], 'kept');
    await store.tags.put(accountId, 'role', roleId, [{ Key: 'env', Value: 'prod' }]);
    assert.deepEqual(await store.tags.list(accountId, 'role', roleId), [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'behind' },
    ]);
    await store.tags.remove(accountId, 'role', roleId, ['ENV']);
    assert.deepEqual(await store.tags.list(accountId, 'role', roleId), [{ Key: 'team', Value: 'behind' }]);
    await store.tags.deleteAll(accountId, 'role', roleId);
    assert.deepEqual(await store.tags.list(accountId, 'role', roleId), []);

    await store.tags.put(accountId, 'user', 'AIDAUSER', [{ Key: 'team', Value: 'a' }]);
    await store.tags.list(accountId, 'user', 'AIDAUSER');
    await store.db.updateTable('tags').set({ value: 'b' }).where('resource_id', '=', 'AIDAUSER').execute();
    assert.deepEqual(await store.tags.list(accountId, 'user', 'AIDAUSER'), [{ Key: 'team', Value: 'a' }], "a user's tags are kept too");
    await store.tags.put(accountId, 'user', 'AIDAUSER', [{ Key: 'env', Value: 'prod' }]);
    assert.deepEqual(await store.tags.list(accountId, 'user', 'AIDAUSER'), [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'b' },
    ]);

    await store.tags.put(accountId, 'instance-profile', 'AIPAPROFILE', [{ Key: 'team', Value: 'a' }]);
    await store.tags.list(accountId, 'instance-profile', 'AIPAPROFILE');
    await store.db.updateTable('tags').set({ value: 'b' }).where('resource_id', '=', 'AIPAPROFILE').execute();
    assert.deepEqual(await store.tags.list(accountId, 'instance-profile', 'AIPAPROFILE'), [{ Key: 'team', Value: 'b' }]);
  });

  test('a reset forgets every role', async () => {
    const store = opened();
    const { accountId } = await accountWithRole(store);
    await store.roles.get(accountId, 'Deployer');
    await store.reset();
    assert.equal(await store.roles.get(accountId, 'Deployer'), undefined);
  });

  if (backend.name === 'postgres') {
    test("another node's write reaches this node's cache through NOTIFY", async () => {
      const store = opened();
      const other = await backend.open();
      try {
        const { accountId } = await accountWithRole(store);
        await store.roles.get(accountId, 'Deployer');
        await other.roles.update(accountId, 'Deployer', { trustPolicy: 'from-the-other-node' });
        const deadline = Date.now() + 5000;
        let seen: string | undefined;
        while (Date.now() < deadline && (seen = (await store.roles.get(accountId, 'Deployer'))?.trustPolicy) !== 'from-the-other-node') {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(seen, 'from-the-other-node');
      } finally {
        await other.close();
      }
    });
  }
});

test('a read that raced a change is returned but not kept', async () => {
  const bus = new ChangeBus();
  const cache = new EntityReadCache<RoleRecord>(bus, ROLES_TOPIC);
  const role = (trustPolicy: string) => ({ accountId: '111122223333', name: 'R', trustPolicy }) as RoleRecord;
  let release!: () => void;
  const slow = cache.entity('111122223333', 'R', () => new Promise((resolve) => (release = () => resolve(role('old')))));
  bus.deliver(ROLES_TOPIC, '111122223333');
  release();
  assert.equal((await slow)?.trustPolicy, 'old');
  let loads = 0;
  assert.equal((await cache.entity('111122223333', 'r', async () => (loads++, role('new'))))?.trustPolicy, 'new');
  assert.equal((await cache.entity('111122223333', 'r', async () => (loads++, role('newer'))))?.trustPolicy, 'new');
  assert.equal(loads, 1);
  // A change of another account leaves this one's roles alone; `*` drops them.
  bus.deliver(ROLES_TOPIC, '999988887777');
  assert.equal((await cache.entity('111122223333', 'r', async () => (loads++, role('x'))))?.trustPolicy, 'new');
  bus.deliver(ROLES_TOPIC, '*');
  assert.equal((await cache.entity('111122223333', 'r', async () => (loads++, role('after-reset'))))?.trustPolicy, 'after-reset');
  cache.close();
});

test('the cache holds at most its capacity, starting over when full', async () => {
  const cache = new EntityReadCache<RoleRecord>(new ChangeBus(), ROLES_TOPIC, 2);
  let loads = 0;
  const load = (name: string) => async () => (loads++, { name } as RoleRecord);
  for (const name of ['a', 'b', 'c', 'a']) await cache.entity('111122223333', name, load(name));
  assert.equal(loads, 4, 'the third role filled the cache, which started over, so `a` was read again');
  await cache.entity('111122223333', 'c', load('c'));
  assert.equal(loads, 4, 'c and a are held');
  await cache.entity('111122223333', 'b', load('b'));
  await cache.entity('111122223333', 'c', load('c'));
  assert.equal(loads, 6, 'b found the cache full, so it started over without c');
});
