import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';
import { DuplicateError } from './storeErrors.js';
import type { FindingRecord } from './repositories/index.js';
import type { Store } from './types.js';

const T0 = '2026-11-22T00:00:00.000Z';
const T1 = '2026-11-23T00:00:00.000Z';

async function analyzer(store: Store, name = 'a') {
  const accountId = randomAccountId();
  await store.accounts.create({ id: accountId, name: `acct-${accountId}` });
  const arn = `arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/${name}`;
  await store.analyzers.create({
    arn,
    accountId,
    name,
    type: 'ACCOUNT_UNUSED_ACCESS',
    status: 'ACTIVE',
    statusReason: null,
    organizationId: null,
    configuration: { unusedAccess: { unusedAccessAge: 90 } },
    tags: { team: 'sec' },
    clientToken: 'token-1',
    createdAt: T0,
    lastResourceAnalyzed: null,
    lastResourceAnalyzedAt: null,
  });
  return { accountId, arn };
}

function finding(analyzerArn: string, id: string, resource: string, status: FindingRecord['status'] = 'ACTIVE', createdAt = T0): FindingRecord {
  return {
    analyzerArn,
    id,
    findingType: 'ExternalAccess',
    resourceType: 'AWS::IAM::Role',
    resource,
    resourceOwnerAccount: '111122223333',
    status,
    fingerprint: `fp-${id}`,
    details: { principal: { AWS: '444455556666' }, action: ['sts:AssumeRole'], condition: {}, isPublic: false },
    error: null,
    createdAt,
    updatedAt: createdAt,
    analyzedAt: createdAt,
  };
}

describeOnBackends('Access Analyzer repositories', (opened) => {
  test('analyzers: one name per account, configuration and tags as given, updates, listing oldest first', async () => {
    const store = opened();
    const { accountId, arn } = await analyzer(store);
    const again = store.analyzers.create({ ...(await store.analyzers.getByArn(arn))!, arn: `${arn}-2` });
    await assert.rejects(again, DuplicateError);
    const got = await store.analyzers.get(accountId, 'a');
    assert.deepEqual(got?.configuration, { unusedAccess: { unusedAccessAge: 90 } });
    assert.deepEqual(got?.tags, { team: 'sec' });
    assert.equal(got?.clientToken, 'token-1');
    await store.analyzers.update(arn, { configuration: { unusedAccess: { unusedAccessAge: 30 } }, lastResourceAnalyzed: 'r', lastResourceAnalyzedAt: T1 });
    const updated = await store.analyzers.getByArn(arn);
    assert.deepEqual(updated?.configuration, { unusedAccess: { unusedAccessAge: 30 } });
    assert.equal(updated?.lastResourceAnalyzedAt, T1);
    assert.deepEqual(
      (await store.analyzers.list(accountId)).map((a) => a.name),
      ['a'],
    );
  });

  test('archive rules: put creates or replaces, listed by name, deleted once', async () => {
    const store = opened();
    const { arn } = await analyzer(store);
    await store.analyzers.putRule({ analyzerArn: arn, ruleName: 'z', filter: { isPublic: { eq: ['true'] } }, createdAt: T0, updatedAt: T0 });
    await store.analyzers.putRule({ analyzerArn: arn, ruleName: 'b', filter: { status: { exists: true } }, createdAt: T0, updatedAt: T0 });
    await store.analyzers.putRule({ analyzerArn: arn, ruleName: 'z', filter: { isPublic: { eq: ['false'] } }, createdAt: T1, updatedAt: T1 });
    const rules = await store.analyzers.listRules(arn);
    assert.deepEqual(
      rules.map((r) => [r.ruleName, r.filter, r.createdAt, r.updatedAt]),
      [
        ['b', { status: { exists: true } }, T0, T0],
        ['z', { isPublic: { eq: ['false'] } }, T0, T1],
      ],
    );
    assert.equal(await store.analyzers.deleteRule(arn, 'z'), true);
    assert.equal(await store.analyzers.deleteRule(arn, 'z'), false);
  });

  test('findings: filtered by status and resource, statuses set in bulk, analysis times touched, details kept', async () => {
    const store = opened();
    const { arn } = await analyzer(store);
    const many = Array.from({ length: 450 }, (_, i) => finding(arn, `f${String(i).padStart(3, '0')}`, `r${i % 3}`));
    await store.analyzerFindings.insert(many);
    assert.equal((await store.analyzerFindings.list(arn)).length, 450);
    assert.equal((await store.analyzerFindings.list(arn, { resources: ['r0'] })).length, 150);
    await store.analyzerFindings.setStatus(
      arn,
      many.slice(0, 300).map((f) => f.id),
      'RESOLVED',
      T1,
    );
    assert.equal((await store.analyzerFindings.list(arn, { statuses: ['ACTIVE'] })).length, 150);
    await store.analyzerFindings.touch(arn, ['f449'], T1);
    const one = await store.analyzerFindings.get(arn, 'f449');
    assert.equal(one?.analyzedAt, T1);
    assert.equal(one?.updatedAt, T0);
    assert.deepEqual(one?.details, many[449]!.details);
    await store.analyzerFindings.update(arn, 'f449', { status: 'ARCHIVED', updatedAt: T1, details: { a: 1 } });
    assert.deepEqual((await store.analyzerFindings.get(arn, 'f449'))?.details, { a: 1 });
  });

  test('analyzed resources are upserted; recommendations replaced; deleting an analyzer deletes what belongs to it', async () => {
    const store = opened();
    const { accountId, arn } = await analyzer(store);
    const resource = {
      analyzerArn: arn,
      resourceArn: 'arn:aws:iam::111122223333:role/r',
      resourceType: 'AWS::IAM::Role',
      resourceOwnerAccount: '111122223333',
      isPublic: false,
      actions: [],
      error: null,
      createdAt: T0,
      updatedAt: T0,
      analyzedAt: T0,
    };
    await store.analyzerFindings.putResources([resource]);
    await store.analyzerFindings.putResources([{ ...resource, isPublic: true, actions: ['sts:AssumeRole'], createdAt: T1, updatedAt: T1, analyzedAt: T1 }]);
    const got = await store.analyzerFindings.getResource(arn, resource.resourceArn);
    assert.deepEqual([got?.isPublic, got?.actions, got?.createdAt, got?.updatedAt], [true, ['sts:AssumeRole'], T0, T1]);
    assert.equal((await store.analyzerFindings.listResources(arn, 'AWS::S3::Bucket')).length, 0);
    await store.analyzerFindings.putRecommendation({
      analyzerArn: arn,
      findingId: 'f',
      resourceArn: resource.resourceArn,
      status: 'IN_PROGRESS',
      steps: [],
      error: null,
      startedAt: T0,
      completedAt: null,
    });
    await store.analyzerFindings.putRecommendation({
      analyzerArn: arn,
      findingId: 'f',
      resourceArn: resource.resourceArn,
      status: 'SUCCEEDED',
      steps: [{ unusedPermissionsRecommendedStep: { recommendedAction: 'DETACH_POLICY' } }],
      error: null,
      startedAt: T0,
      completedAt: T1,
    });
    assert.equal((await store.analyzerFindings.getRecommendation(arn, 'f'))?.status, 'SUCCEEDED');
    await store.analyzerFindings.insert([finding(arn, 'f', resource.resourceArn)]);
    await store.accessPreviews.create({
      id: 'p',
      analyzerArn: arn,
      status: 'COMPLETED',
      statusReason: null,
      clientToken: null,
      configurations: {},
      findings: [],
      createdAt: T0,
    });
    assert.equal(await store.accessPreviews.countSince(arn, T0), 1);
    assert.equal(await store.analyzers.delete(arn), true);
    assert.equal(await store.analyzers.getByArn(arn), undefined);
    assert.equal((await store.analyzerFindings.list(arn)).length, 0);
    assert.equal(await store.analyzerFindings.getResource(arn, resource.resourceArn), undefined);
    assert.equal(await store.analyzerFindings.getRecommendation(arn, 'f'), undefined);
    assert.equal(await store.accessPreviews.get('p'), undefined);
    assert.deepEqual(await store.analyzers.list(accountId), []);
  });

  test('policy generations: newest first per account and principal, updated as they end', async () => {
    const store = opened();
    const accountId = randomAccountId();
    const job = (jobId: string, principalArn: string, startedOn: string) => ({
      jobId,
      accountId,
      principalArn,
      status: 'IN_PROGRESS',
      clientToken: null,
      properties: { principalArn },
      policies: null,
      error: null,
      startedOn,
      completedOn: null,
    });
    await store.policyGenerations.create(job('j1', 'arn:aws:iam::1:role/a', T0));
    await store.policyGenerations.create(job('j2', 'arn:aws:iam::1:role/b', T1));
    assert.deepEqual(
      (await store.policyGenerations.list(accountId)).map((j) => j.jobId),
      ['j2', 'j1'],
    );
    assert.deepEqual(
      (await store.policyGenerations.list(accountId, 'arn:aws:iam::1:role/a')).map((j) => j.jobId),
      ['j1'],
    );
    await store.policyGenerations.update('j1', { status: 'SUCCEEDED', policies: ['{}'], completedOn: T1 });
    const done = await store.policyGenerations.get('j1');
    assert.deepEqual([done?.status, done?.policies, done?.completedOn], ['SUCCEEDED', ['{}'], T1]);
  });
});
