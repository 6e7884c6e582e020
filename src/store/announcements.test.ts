import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newHandshakeId, newOrganizationId, newOrganizationPolicyId } from '../model/index.js';
import {
  ACCOUNTS_TOPIC,
  ANALYZERS_TOPIC,
  CREDENTIALS_TOPIC,
  FINDINGS_TOPIC,
  ORGANIZATIONS_TOPIC,
  POLICIES_TOPIC,
  RESOURCE_POLICIES_TOPIC,
  ROLES_TOPIC,
  S3_ACCOUNTS_TOPIC,
  S3_BUCKETS_TOPIC,
  TRUST_ANCHORS_TOPIC,
  USERS_TOPIC,
} from './changeTopics.js';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';
import type { Store } from './types.js';

type Change = readonly [topic: string, payload: string];

/** The changes this node hears while `write` runs in one transaction, in the order delivered (at commit). */
async function announced(store: Store, write: (tx: Store) => Promise<unknown>): Promise<Change[]> {
  const heard: Change[] = [];
  const unsubscribe = store.changes.subscribe((topic, payload) => heard.push([topic, payload]));
  try {
    await store.transaction(async (tx) => {
      await write(tx);
    });
  } finally {
    unsubscribe();
  }
  return heard;
}

const BOUNDARY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** An account with a user `alice` holding one access key, and a role `app`. */
async function iamAccount(store: Store) {
  const accountId = randomAccountId();
  await store.accounts.create({ id: accountId, name: `acct-${accountId}` });
  const user = await store.users.create({ accountId, userId: `AIDA${accountId}A`, name: 'alice', arn: `arn:aws:iam::${accountId}:user/alice` });
  const keyId = `AKIA${accountId}K1`;
  await store.accessKeys.create({ accessKeyId: keyId, accountId, userName: 'alice', secretAccessKey: 'secret', status: 'Active' });
  const role = await store.roles.create({
    accountId,
    roleId: `AROA${accountId}R`,
    name: 'app',
    path: '/',
    arn: `arn:aws:iam::${accountId}:role/app`,
    trustPolicy: '{}',
    maxSessionDuration: 3600,
  });
  return { accountId, user, keyId, role };
}

describeOnBackends('what the store announces', (opened) => {
  test("users: every write announces the account's users; a rename or deletion also their access keys and the account; a boundary at creation the account", async () => {
    const store = opened();
    const { accountId, keyId, user } = await iamAccount(store);
    const policies: Change = [POLICIES_TOPIC, accountId];
    const users: Change = [USERS_TOPIC, accountId];
    const keysOfUser: Change = [CREDENTIALS_TOPIC, user.userId];
    assert.deepEqual(await announced(store, (tx) => tx.users.create({ accountId, userId: `AIDA${accountId}B`, name: 'bob', arn: 'b' })), [users]);
    assert.deepEqual(
      await announced(store, (tx) => tx.users.create({ accountId, userId: `AIDA${accountId}C`, name: 'carol', arn: 'c', permissionsBoundaryArn: BOUNDARY })),
      [users, policies],
    );
    assert.deepEqual(
      await announced(store, async (tx) => {
        await tx.users.update(accountId, 'alice', { name: 'Alice', path: '/x/', arn: 'a' });
        await tx.accessKeys.renameUser(accountId, 'alice', 'Alice');
      }),
      [users, keysOfUser, policies, [CREDENTIALS_TOPIC, keyId]],
    );
    assert.deepEqual(await announced(store, (tx) => tx.users.recordPasswordUse(accountId, 'Alice', '2026-11-22T00:00:00.000Z')), [users]);
    assert.deepEqual(await announced(store, (tx) => tx.users.delete(accountId, 'ALICE')), [users, keysOfUser, policies]);
  });

  test("users' tags announce the account's users and their access keys, by the user's unique ID (principal tags are cached with each key)", async () => {
    const store = opened();
    const { accountId, user } = await iamAccount(store);
    const key: Change = [CREDENTIALS_TOPIC, user.userId];
    const users: Change = [USERS_TOPIC, accountId];
    assert.deepEqual(await announced(store, (tx) => tx.tags.put(accountId, 'user', user.userId, [{ Key: 'team', Value: 'a' }])), [users, key]);
    assert.deepEqual(await announced(store, (tx) => tx.tags.remove(accountId, 'user', user.userId, ['TEAM'])), [users, key]);
    assert.deepEqual(await announced(store, (tx) => tx.tags.deleteAll(accountId, 'user', user.userId)), [users, key]);
    assert.deepEqual(await announced(store, (tx) => tx.tags.put(accountId, 'instance-profile', 'AIPA1', [{ Key: 'team', Value: 'a' }])), []);
  });

  test('access keys: a status change and a deletion announce the key; a creation or a recorded use nothing', async () => {
    const store = opened();
    const { accountId, keyId } = await iamAccount(store);
    const key: Change = [CREDENTIALS_TOPIC, keyId];
    assert.deepEqual(
      await announced(store, (tx) => tx.accessKeys.create({ accessKeyId: `${keyId}2`, accountId, userName: null, secretAccessKey: 's', status: 'Active' })),
      [],
    );
    assert.deepEqual(
      await announced(store, (tx) => tx.accessKeys.recordLastUsed(keyId, { at: '2026-11-22T00:00:00.000Z', service: 'iam', region: 'us-east-1' })),
      [],
    );
    assert.deepEqual(await announced(store, (tx) => tx.accessKeys.updateStatus(keyId, 'Inactive')), [key]);
    assert.deepEqual(await announced(store, (tx) => tx.accessKeys.delete(keyId)), [key]);
    assert.deepEqual(await announced(store, (tx) => tx.accessKeys.delete(keyId)), [], 'nothing deleted, nothing announced');
  });

  test('group memberships, attachments, inline policies and boundaries announce the account; a role or user boundary the roles or users too', async () => {
    const store = opened();
    const { accountId } = await iamAccount(store);
    const policies: Change = [POLICIES_TOPIC, accountId];
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    assert.deepEqual(await announced(store, (tx) => tx.groups.create({ accountId, groupId: `AGPA${accountId}`, name: 'devs', path: '/', arn: 'g' })), []);
    for (const write of [
      (tx: Store) => tx.groups.addMember(accountId, 'devs', 'alice'),
      (tx: Store) => tx.groups.renameMember(accountId, 'alice', 'alice'),
      (tx: Store) => tx.groups.removeMember(accountId, 'devs', 'alice'),
      (tx: Store) => tx.groups.update(accountId, 'devs', { name: 'Devs', path: '/', arn: 'g' }),
      (tx: Store) => tx.policyAttachments.attach(accountId, 'group', 'Devs', arn),
      (tx: Store) => tx.policyAttachments.renameHolder(accountId, 'group', 'Devs', 'devs'),
      (tx: Store) => tx.policyAttachments.detach(accountId, 'group', 'devs', arn),
      (tx: Store) => tx.inlinePolicies.put(accountId, 'user', 'alice', 'p', '{}'),
      (tx: Store) => tx.inlinePolicies.renameHolder(accountId, 'user', 'alice', 'alice'),
      (tx: Store) => tx.inlinePolicies.delete(accountId, 'user', 'alice', 'p'),
      (tx: Store) => tx.groups.delete(accountId, 'devs'),
    ]) {
      assert.deepEqual(await announced(store, write), [policies], write.toString());
    }
    assert.deepEqual(await announced(store, (tx) => tx.policyAttachments.setBoundary(accountId, 'role', 'app', BOUNDARY)), [
      policies,
      [ROLES_TOPIC, accountId],
    ]);
    assert.deepEqual(await announced(store, (tx) => tx.policyAttachments.setBoundary(accountId, 'user', 'alice', BOUNDARY)), [
      policies,
      [USERS_TOPIC, accountId],
    ]);
  });

  test('managed policies: a creation and a change of versions that can change the default announce the owning account, a deletion every account', async () => {
    const store = opened();
    const { accountId } = await iamAccount(store);
    const policies: Change = [POLICIES_TOPIC, accountId];
    const arn = `arn:aws:iam::${accountId}:policy/p`;
    const policy = { arn, accountId, policyId: `ANPA${accountId}`, name: 'p', path: '/', description: null, document: '{}' };
    assert.deepEqual(await announced(store, (tx) => tx.managedPolicies.create(policy)), [policies]);
    assert.deepEqual(await announced(store, (tx) => tx.managedPolicies.addVersion(arn, '{"v":2}', false)), []);
    assert.deepEqual(await announced(store, (tx) => tx.managedPolicies.addVersion(arn, '{"v":3}', true)), [policies]);
    assert.deepEqual(await announced(store, (tx) => tx.managedPolicies.setDefaultVersion(arn, 'v2')), [policies]);
    assert.deepEqual(await announced(store, (tx) => tx.managedPolicies.deleteVersion(arn, 'v3')), [policies]);
    assert.deepEqual(await announced(store, (tx) => tx.managedPolicies.delete(arn)), [policies]);
  });

  test('roles announce their account on the roles topic, on the policies topic when the trust policy or boundary changes or the role goes, and their trust policy as a resource policy', async () => {
    const store = opened();
    const { accountId, role } = await iamAccount(store);
    const roles: Change = [ROLES_TOPIC, accountId];
    const policies: Change = [POLICIES_TOPIC, accountId];
    const trust = (arn: string): Change => [RESOURCE_POLICIES_TOPIC, `AWS::IAM::Role ${accountId} ${arn}`];
    const another = { accountId, roleId: `AROA${accountId}S`, name: 'bounded', path: '/', arn: 'r', trustPolicy: '{}', maxSessionDuration: 3600 };
    assert.deepEqual(await announced(store, (tx) => tx.roles.create({ ...another, permissionsBoundaryArn: BOUNDARY })), [roles, trust('r'), policies]);
    assert.deepEqual(await announced(store, (tx) => tx.roles.update(accountId, 'app', { description: 'd' })), [roles]);
    assert.deepEqual(await announced(store, (tx) => tx.roles.update(accountId, 'app', { trustPolicy: '{"x":1}' })), [roles, policies, trust(role.arn)]);
    assert.deepEqual(await announced(store, (tx) => tx.roles.recordLastUsed(accountId, 'app', '2026-11-22T00:00:00.000Z', 'us-east-1')), [roles]);
    assert.deepEqual(await announced(store, (tx) => tx.tags.put(accountId, 'role', role.roleId, [{ Key: 'team', Value: 'a' }])), [roles]);
    assert.deepEqual(await announced(store, (tx) => tx.roles.delete(accountId, 'app')), [roles, policies, trust(role.arn)]);
    assert.deepEqual(await announced(store, (tx) => tx.roles.delete(accountId, 'app')), [], 'nothing deleted, nothing announced');
  });

  test('analyzers announce their creation, deletion, configuration, status and archive rules; findings their analyzer', async () => {
    const store = opened();
    const accountId = randomAccountId();
    await store.accounts.create({ id: accountId, name: `acct-${accountId}` });
    const arn = `arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/a`;
    const analyzer: Change = [ANALYZERS_TOPIC, arn];
    const at = '2026-11-22T00:00:00.000Z';
    const record = {
      arn,
      accountId,
      name: 'a',
      type: 'ACCOUNT' as const,
      status: 'ACTIVE',
      statusReason: null,
      organizationId: null,
      configuration: null,
      tags: {},
      clientToken: null,
      createdAt: at,
      lastResourceAnalyzed: null,
      lastResourceAnalyzedAt: null,
    };
    assert.deepEqual(await announced(store, (tx) => tx.analyzers.create(record)), [analyzer]);
    assert.deepEqual(await announced(store, (tx) => tx.analyzers.update(arn, { lastResourceAnalyzed: 'r', lastResourceAnalyzedAt: at, tags: { a: 'b' } })), []);
    assert.deepEqual(await announced(store, (tx) => tx.analyzers.update(arn, { status: 'DISABLED' })), [analyzer]);
    assert.deepEqual(await announced(store, (tx) => tx.analyzers.putRule({ analyzerArn: arn, ruleName: 'r', filter: {}, createdAt: at, updatedAt: at })), [
      analyzer,
    ]);
    assert.deepEqual(await announced(store, (tx) => tx.analyzers.deleteRule(arn, 'r')), [analyzer]);
    const finding = {
      analyzerArn: arn,
      id: 'f1',
      findingType: 'ExternalAccess',
      resourceType: 'AWS::IAM::Role',
      resource: 'r',
      resourceOwnerAccount: accountId,
      status: 'ACTIVE' as const,
      fingerprint: 'x',
      details: {},
      error: null,
      createdAt: at,
      updatedAt: at,
      analyzedAt: at,
    };
    assert.deepEqual(await announced(store, (tx) => tx.analyzerFindings.insert([finding])), [[FINDINGS_TOPIC, arn]]);
    assert.deepEqual(await announced(store, (tx) => tx.analyzerFindings.setStatus(arn, ['f1'], 'ARCHIVED', at)), [[FINDINGS_TOPIC, arn]]);
    assert.deepEqual(await announced(store, (tx) => tx.analyzers.delete(arn)), [analyzer]);
  });

  test('organizations: structure, policies, attachments, policy types, tags and values announce the organization; closing an account every credential', async () => {
    const store = opened();
    const management = randomAccountId();
    const member = randomAccountId();
    await store.accounts.create({ id: management, name: 'mgmt' });
    const id = newOrganizationId();
    const organization: Change = [ORGANIZATIONS_TOPIC, id];
    assert.deepEqual(
      await announced(store, (tx) =>
        tx.organizations.create({ id, managementAccountId: management, featureSet: 'ALL', createdAt: '2026-11-22T00:00:00.000Z' }),
      ),
      [organization],
    );
    const rootId = `r-${id.slice(2, 6)}`;
    const ouId = `ou-${id.slice(2, 6)}-abcdefgh`;
    const policy = {
      organizationId: id,
      id: newOrganizationPolicyId(),
      type: 'SERVICE_CONTROL_POLICY',
      name: 'p',
      description: '',
      content: '{}',
      awsManaged: false,
    };
    const handshake = {
      id: newHandshakeId(),
      organizationId: id,
      action: 'INVITE' as const,
      state: 'OPEN' as const,
      partyType: 'ACCOUNT' as const,
      partyId: member,
      notes: null,
      tags: [],
      parentId: null,
      requestedAt: '2026-11-22T00:00:00.000Z',
      expiresAt: '2026-12-07T00:00:00.000Z',
      changedAt: '2026-11-22T00:00:00.000Z',
    };
    for (const entry of [
      (tx: Store) => tx.organizations.createUnit({ id: rootId, organizationId: id, parentId: null, kind: 'ROOT', name: 'Root', policyTypes: [] }),
      (tx: Store) => tx.organizations.createUnit({ id: ouId, organizationId: id, parentId: rootId, kind: 'ORGANIZATIONAL_UNIT', name: 'ou', policyTypes: [] }),
      (tx: Store) => tx.organizations.renameUnit(id, ouId, 'renamed'),
      (tx: Store) => tx.organizations.setPolicyTypes(id, rootId, ['SERVICE_CONTROL_POLICY']),
      // A write to an account's record announces the account too.
      [(tx: Store) => tx.accounts.create({ id: member, name: 'member', organizationId: id, parentId: rootId }), [[ACCOUNTS_TOPIC, member], organization]],
      (tx: Store) => tx.organizations.join({ accountId: member, organizationId: id, joinedMethod: 'CREATED', joinedAt: '2026-11-22T00:00:00.000Z' }),
      [(tx: Store) => tx.organizations.placeAccount(member, id, ouId), [[ACCOUNTS_TOPIC, member], organization]],
      (tx: Store) => tx.organizationPolicies.create(policy),
      (tx: Store) => tx.organizationPolicies.update(id, policy.id, { name: 'p2', description: '', content: '{"a":1}' }),
      (tx: Store) => tx.organizationPolicies.attach(id, policy.id, member),
      (tx: Store) => tx.organizationPolicies.detach(id, policy.id, member),
      (tx: Store) => tx.organizationPolicies.attach(id, policy.id, ouId),
      (tx: Store) => tx.organizationPolicies.detachAllFrom(id, ouId),
      (tx: Store) => tx.organizationPolicies.putTags(id, member, [{ Key: 'k', Value: 'v' }]),
      (tx: Store) => tx.organizationPolicies.removeTags(id, member, ['k']),
      (tx: Store) => tx.organizationPolicies.deleteTags(id, member),
      (tx: Store) => tx.organizationPolicies.delete(id, policy.id),
      (tx: Store) => tx.organizationValues.set(id, 'service-access', '[]'),
      (tx: Store) => tx.organizationValues.delete(id, 'service-access'),
      [(tx: Store) => tx.organizations.placeAccount(member, id, rootId), [[ACCOUNTS_TOPIC, member], organization]],
      (tx: Store) => tx.organizations.deleteUnit(id, ouId),
      (tx: Store) => tx.organizations.setFeatureSet(id, 'ALL'),
    ] as (((tx: Store) => Promise<unknown>) | [(tx: Store) => Promise<unknown>, Change[]])[]) {
      const [write, expected] = Array.isArray(entry) ? entry : [entry, [organization]];
      assert.deepEqual(await announced(store, write), expected, write.toString());
    }
    assert.deepEqual(await announced(store, (tx) => tx.organizations.createHandshake(handshake)), []);
    assert.deepEqual(await announced(store, (tx) => tx.organizations.setHandshakeState(handshake.id, 'ACCEPTED', '2026-11-23T00:00:00.000Z')), []);
    assert.deepEqual(await announced(store, (tx) => tx.organizations.setAccountStatus(member, 'SUSPENDED')), [
      [ACCOUNTS_TOPIC, member],
      organization,
      [CREDENTIALS_TOPIC, '*'],
    ]);
    assert.deepEqual(await announced(store, (tx) => tx.organizations.leave(member)), [[ACCOUNTS_TOPIC, member], organization]);
    assert.deepEqual(await announced(store, (tx) => tx.organizations.delete(id)), [organization, [ACCOUNTS_TOPIC, '*']]);
    const standalone = randomAccountId();
    assert.deepEqual(await announced(store, (tx) => tx.accounts.create({ id: standalone, name: 'standalone' })), [[ACCOUNTS_TOPIC, standalone]]);
  });

  test('a transaction that rolls back announces nothing; one that commits announces each change once', async () => {
    const store = opened();
    const { accountId, keyId } = await iamAccount(store);
    const heard = await announced(store, async (tx) => {
      await tx.accessKeys.updateStatus(keyId, 'Inactive');
      await tx.inlinePolicies.put(accountId, 'user', 'alice', 'a', '{}');
      await tx.inlinePolicies.put(accountId, 'user', 'alice', 'b', '{}');
    });
    assert.deepEqual(heard, [
      [CREDENTIALS_TOPIC, keyId],
      [POLICIES_TOPIC, accountId],
    ]);
    const rolledBack: Change[] = [];
    const unsubscribe = store.changes.subscribe((topic, payload) => rolledBack.push([topic, payload]));
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.users.delete(accountId, 'alice');
        throw new Error('abort');
      }),
      /abort/,
    );
    unsubscribe();
    assert.deepEqual(rolledBack, []);
    assert.notEqual(await store.users.get(accountId, 'alice'), undefined);
  });
});

describeOnBackends('what a reset announces', (opened) => {
  test('everything of every topic', async () => {
    const store = opened();
    const heard: Change[] = [];
    const unsubscribe = store.changes.subscribe((topic, payload) => heard.push([topic, payload]));
    await store.reset();
    unsubscribe();
    assert.deepEqual(
      heard,
      [
        CREDENTIALS_TOPIC,
        POLICIES_TOPIC,
        ORGANIZATIONS_TOPIC,
        ROLES_TOPIC,
        USERS_TOPIC,
        ACCOUNTS_TOPIC,
        RESOURCE_POLICIES_TOPIC,
        ANALYZERS_TOPIC,
        S3_BUCKETS_TOPIC,
        S3_ACCOUNTS_TOPIC,
        TRUST_ANCHORS_TOPIC,
      ].map((topic) => [topic, '*']),
    );
  });
});
