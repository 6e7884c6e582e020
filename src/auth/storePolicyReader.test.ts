import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iamArn, newUniqueId } from '../model/index.js';
import type { Principal } from '../model/index.js';
import { openStore, POLICIES_TOPIC, RESYNC_TOPIC } from '../store/index.js';
import type { Store } from '../store/index.js';
import type { AuthorizationNeed } from './need.js';
import { storePolicyGatherer } from './storePolicyReader.js';

const ACCOUNT = '111122223333';
const ALICE: Principal = { type: 'IAMUser', accountId: ACCOUNT, arn: iamArn(ACCOUNT, 'user', '/', 'alice'), userId: 'AIDAALICE', userName: 'alice' };
const ROOT: Principal = { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT };

function doc(action: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
}

/** Any request: the gatherer's identity policies do not depend on it. */
const NEED: AuthorizationNeed = { action: 's3:GetObject', resource: '*' };

describe('the store-backed policy gatherer', () => {
  let dataDir: string;
  let store: Store;
  let source: ReturnType<typeof storePolicyGatherer>;
  /** The identity policies and boundary gathered for a principal (the cached part of what applies to it). */
  const own = async (principal: Principal) => {
    const { identity, boundary } = await source.policiesFor(principal, NEED, ACCOUNT);
    return { identity, boundary };
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-policy-source-'));
    store = await openStore({ dataDir });
    await store.accounts.create({ id: ACCOUNT, name: 'test' });
    await store.users.create({ accountId: ACCOUNT, userId: newUniqueId('user'), name: 'alice', arn: ALICE.arn });
    await store.db
      .insertInto('groups')
      .values({
        account_id: ACCOUNT,
        group_id: newUniqueId('group'),
        name: 'devs',
        name_lower: 'devs',
        path: '/',
        arn: iamArn(ACCOUNT, 'group', '/', 'devs'),
        created_at: new Date().toISOString(),
      })
      .execute();
    await store.db.insertInto('group_members').values({ account_id: ACCOUNT, group_name: 'devs', user_name: 'alice' }).execute();
    source = storePolicyGatherer(store);
  });
  after(async () => {
    source.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('root and callers without identity policies get none, without reading the store', async () => {
    assert.deepEqual((await own(ROOT)).identity, []);
  });

  test('gathers inline, attached and group policies and the boundary, compiled, with their ids', async () => {
    const arn = iamArn(ACCOUNT, 'policy', '/', 'Managed');
    await store.managedPolicies.create({
      arn,
      accountId: ACCOUNT,
      policyId: newUniqueId('managedPolicy'),
      name: 'Managed',
      path: '/',
      description: null,
      document: doc('s3:*'),
    });
    await store.policyAttachments.attach(ACCOUNT, 'user', 'alice', arn);
    await store.inlinePolicies.put(ACCOUNT, 'user', 'alice', 'mine', doc('sqs:*'));
    await store.inlinePolicies.put(ACCOUNT, 'group', 'devs', 'team', doc('sns:*'));
    await store.policyAttachments.setBoundary(ACCOUNT, 'user', 'alice', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    await store.changes.publish(POLICIES_TOPIC, ACCOUNT);
    const policies = await own(ALICE);
    assert.deepEqual(policies.identity.map((p) => [p.id, p.type]).sort(), [
      [arn, 'identity'],
      ['inline:group/devs/team', 'identity'],
      ['inline:user/alice/mine', 'identity'],
    ]);
    assert.equal(policies.boundary?.id, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.equal(policies.boundary?.type, 'boundary');
  });

  test('a cached principal is answered without the database; a published change or a resync drops it', async () => {
    const first = (await own(ALICE)).identity;
    // Behind the store's back: the repositories would announce the change.
    await store.db
      .deleteFrom('inline_policies')
      .where('account_id', '=', ACCOUNT)
      .where('principal_name', '=', 'alice')
      .where('policy_name', '=', 'mine')
      .execute();
    assert.equal((await own(ALICE)).identity, first);
    await store.changes.publish(POLICIES_TOPIC, '999999999999');
    assert.equal((await own(ALICE)).identity, first);
    await store.changes.publish(POLICIES_TOPIC, ACCOUNT);
    const second = (await own(ALICE)).identity;
    assert.notEqual(second, first);
    assert.equal(second.length, 2);
    await store.db
      .deleteFrom('inline_policies')
      .where('account_id', '=', ACCOUNT)
      .where('principal_name', '=', 'devs')
      .where('policy_name', '=', 'team')
      .execute();
    await store.changes.publish(RESYNC_TOPIC, '');
    assert.equal((await own(ALICE)).identity.length, 1);
  });

  test('a change published inside a transaction applies after commit, and not at all on rollback', async () => {
    const before = (await own(ALICE)).identity;
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.inlinePolicies.put(ACCOUNT, 'user', 'alice', 'doomed', doc('kms:*'));
        await tx.changes.publish(POLICIES_TOPIC, ACCOUNT);
        throw new Error('roll back');
      }),
    );
    assert.equal((await own(ALICE)).identity, before);
    await store.transaction(async (tx) => {
      await tx.inlinePolicies.put(ACCOUNT, 'user', 'alice', 'kept', doc('kms:*'));
      await tx.changes.publish(POLICIES_TOPIC, ACCOUNT);
    });
    assert.ok((await own(ALICE)).identity.some((p) => p.id === 'inline:user/alice/kept'));
  });
});
