import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalyzedPolicy } from '../../analysis/externalAccess/index.js';
import type { AnalyzerRecord } from '../../store/index.js';
import { describeOnBackends, randomAccountId } from '../../../test/support/storeBackends.js';
import { AnalysisCache, reconcile } from './reconcile.js';

/**
 * Reconciling findings with a resource reached several ways, as S3 will give them: a bucket's
 * policy and its ACL read as a policy are two entries of one ARN, each with its source. Each access
 * is its own finding, naming its source; an entry that goes resolves only its findings.
 */
describeOnBackends('reconciling a resource with several sources', (opened) => {
  test('each source is its own finding; removing one source resolves only its findings; a deleted resource resolves the rest', async () => {
    const store = opened();
    const accountId = randomAccountId();
    const arn = `arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/a`;
    const analyzer: AnalyzerRecord = {
      arn,
      accountId,
      name: 'a',
      type: 'ACCOUNT',
      status: 'ACTIVE',
      statusReason: null,
      organizationId: null,
      configuration: null,
      tags: {},
      clientToken: null,
      createdAt: '2026-11-22T00:00:00.000Z',
      lastResourceAnalyzed: null,
      lastResourceAnalyzedAt: null,
    };
    await store.accounts.create({ id: accountId, name: 'a' });
    await store.analyzers.create(analyzer);
    const bucket = 'arn:aws:s3:::shared-bucket';
    const entry = (source: 'POLICY' | 'BUCKET_ACL', statement: object): AnalyzedPolicy => ({
      resourceType: 'AWS::S3::Bucket',
      resourceArn: bucket,
      ownerAccount: accountId,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
      source: { type: source },
    });
    const policy = entry('POLICY', { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:GetObject', Resource: `${bucket}/*` });
    const acl = entry('BUCKET_ACL', { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: bucket });
    const zone = { accounts: new Set([accountId]) };
    const cache = new AnalysisCache();
    const at = (d: number) => `2026-11-2${d}T00:00:00.000Z`;
    await reconcile(store, analyzer, zone, { scope: 'resources', resources: [{ arn: bucket, current: [policy, acl] }] }, at(2), cache);
    const first = await store.analyzerFindings.list(arn);
    const bySource = (list: typeof first) =>
      list
        .map((f) => [(f.details as { sources: { type: string }[] }).sources[0]!.type, (f.details as { isPublic: boolean }).isPublic, f.status] as const)
        .sort((a, b) => a[0].localeCompare(b[0]));
    assert.deepEqual(bySource(first), [
      ['BUCKET_ACL', true, 'ACTIVE'],
      ['POLICY', false, 'ACTIVE'],
    ]);
    assert.equal((await store.analyzerFindings.getResource(arn, bucket))?.isPublic, true);
    await reconcile(store, analyzer, zone, { scope: 'resources', resources: [{ arn: bucket, current: [policy] }] }, at(3), cache);
    const second = await store.analyzerFindings.list(arn);
    assert.deepEqual(bySource(second), [
      ['BUCKET_ACL', true, 'RESOLVED'],
      ['POLICY', false, 'ACTIVE'],
    ]);
    await reconcile(store, analyzer, zone, { scope: 'resources', resources: [{ arn: bucket, current: [] }] }, at(4), cache);
    assert.deepEqual(
      (await store.analyzerFindings.list(arn)).map((f) => f.status),
      ['RESOLVED', 'RESOLVED'],
    );
    assert.equal(await store.analyzerFindings.getResource(arn, bucket), undefined);
  });
});
