import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  CreateAccessPreviewCommand,
  CreateAnalyzerCommand,
  GetAccessPreviewCommand,
  GetAnalyzedResourceCommand,
  ListAccessPreviewFindingsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-accessanalyzer';
import { CreateBucketCommand, DeleteBucketCommand, DeleteBucketPolicyCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { clientConfig } from '../support/organizations.js';
import { s3Client } from '../support/s3.js';

const OUTSIDER = '444455556666';
const BUCKET = 'shared-reports';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const policy = (principal: unknown, action = 's3:GetObject') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: `${BUCKET_ARN}/*` }] });

/** Polls until `check` returns a value (findings follow changes off the request path). */
async function eventually<T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Access Analyzer analyzes S3 bucket policies', () => {
  let server: TestServer;
  let analyzer: AccessAnalyzerClient;
  let analyzerArn: string;
  const findings = async () => (await analyzer.send(new ListFindingsCommand({ analyzerArn, filter: { resource: { eq: [BUCKET_ARN] } } }))).findings ?? [];
  const active = async () => (await findings()).filter((f) => f.status === 'ACTIVE');

  before(async () => {
    server = await startTestServer();
    analyzer = new AccessAnalyzerClient(clientConfig(server.endpoint, server.credentials));
    analyzerArn = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'account', type: 'ACCOUNT' }))).arn!;
    await s3Client(server.endpoint, server.credentials).send(new CreateBucketCommand({ Bucket: BUCKET }));
    await server.gatehouse.findings.idle();
  });
  after(async () => server.stop());

  it('a bucket without a policy is no finding; a policy granting another account is an ACTIVE AWS::S3::Bucket finding, resolved when the policy goes', async () => {
    const s3 = s3Client(server.endpoint, server.credentials);
    assert.deepEqual(await findings(), []);
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy({ AWS: `arn:aws:iam::${OUTSIDER}:root` }) }));
    const [finding] = await eventually(async () => ((await active()).length > 0 ? active() : undefined));
    assert.equal(finding!.resourceType, 'AWS::S3::Bucket');
    assert.equal(finding!.resourceOwnerAccount, TEST_ACCOUNT_ID);
    assert.deepEqual(finding!.principal, { AWS: OUTSIDER });
    assert.deepEqual(finding!.action, ['s3:GetObject']);
    assert.equal(finding!.isPublic, false);
    assert.deepEqual(finding!.sources, [{ type: 'POLICY' }]);
    const resource = (await analyzer.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: BUCKET_ARN }))).resource!;
    assert.equal(resource.resourceType, 'AWS::S3::Bucket');
    assert.equal(resource.isPublic, false);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    await eventually(async () => ((await findings()).every((f) => f.status === 'RESOLVED') ? true : undefined));
  });

  it("a public policy is a public finding until the bucket's Block Public Access restricts public buckets", async () => {
    const s3 = s3Client(server.endpoint, server.credentials);
    // A new bucket blocks public policies (S3's default since April 2023): that is turned off first.
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: BUCKET,
        PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      }),
    );
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy('*') }));
    const [finding] = await eventually(async () => ((await active()).some((f) => f.isPublic) ? active() : undefined));
    assert.deepEqual(finding!.principal, { AWS: '*' });
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: BUCKET,
        PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true },
      }),
    );
    // RestrictPublicBuckets takes a public policy's grants away from everyone outside the account.
    await eventually(async () => ((await active()).length === 0 ? true : undefined));
    const resolved = (await findings()).find((f) => f.id === finding!.id);
    assert.equal(resolved?.status, 'RESOLVED');
  });

  it('an access preview of a proposed bucket policy lists the finding it would make, without changing the bucket', async () => {
    const accessPreviewId = (
      await analyzer.send(
        new CreateAccessPreviewCommand({
          analyzerArn,
          configurations: {
            [BUCKET_ARN]: {
              s3Bucket: {
                bucketPolicy: policy({ AWS: `arn:aws:iam::${OUTSIDER}:root` }, 's3:PutObject'),
                bucketPublicAccessBlock: { ignorePublicAcls: false, restrictPublicBuckets: false },
              },
            },
          },
        }),
      )
    ).id!;
    await eventually(async () => {
      const preview = (await analyzer.send(new GetAccessPreviewCommand({ analyzerArn, accessPreviewId }))).accessPreview!;
      return preview.status === 'CREATING' ? undefined : preview;
    });
    const previewed = (await analyzer.send(new ListAccessPreviewFindingsCommand({ analyzerArn, accessPreviewId }))).findings ?? [];
    const fresh = previewed.filter((f) => f.changeType === 'NEW');
    assert.equal(fresh.length, 1, JSON.stringify(previewed));
    assert.deepEqual(fresh[0]!.principal, { AWS: OUTSIDER });
    assert.deepEqual(fresh[0]!.action, ['s3:PutObject']);
    assert.equal(fresh[0]!.resourceType, 'AWS::S3::Bucket');
    assert.deepEqual(await active(), []);
  });

  it('deleting the bucket resolves its findings', async () => {
    const s3 = s3Client(server.endpoint, server.credentials);
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy({ AWS: OUTSIDER }) }));
    await eventually(async () => ((await active()).length > 0 ? true : undefined));
    await s3.send(new DeleteBucketCommand({ Bucket: BUCKET }));
    await eventually(async () => ((await active()).length === 0 ? true : undefined));
  });
});
