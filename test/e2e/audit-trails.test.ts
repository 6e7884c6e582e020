import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, createVerify, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
  ListTagsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const BUCKET = 'audit-bucket';
const ARN = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/main`;

async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe('CloudTrail trails deliver log files and signed digests', () => {
  let server: TestServer;
  let cloudtrail: CloudTrailClient;
  let iam: IAMClient;
  let logDir: string;
  let digestDir: string;

  const deliver = async () => {
    await server.gatehouse.flushAudit();
    await server.gatehouse.audit.deliverer.deliverNow();
  };
  const logFiles = async () => (await filesBelow(logDir)).filter((f) => f.endsWith('.json.gz'));
  const records = async (path: string) =>
    (JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as { Records: { eventName: string; readOnly: boolean }[] }).Records;

  before(async () => {
    server = await startTestServer();
    const client = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    cloudtrail = new CloudTrailClient(client);
    iam = new IAMClient(client);
    logDir = join(server.dataDir, 'trails', BUCKET, 'logs', 'AWSLogs', TEST_ACCOUNT_ID, 'CloudTrail', 'us-east-1');
    digestDir = join(server.dataDir, 'trails', BUCKET, 'logs', 'AWSLogs', TEST_ACCOUNT_ID, 'CloudTrail-Digest', 'us-east-1');
  });
  after(async () => {
    await server.stop();
  });

  it("creates a trail and refuses a duplicate, a bad name, a bad bucket and an unknown trail with AWS's errors", async () => {
    const created = await cloudtrail.send(
      new CreateTrailCommand({
        Name: 'main',
        S3BucketName: BUCKET,
        S3KeyPrefix: 'logs',
        EnableLogFileValidation: true,
        TagsList: [{ Key: 'team', Value: 'sec' }],
      }),
    );
    assert.equal(created.TrailARN, ARN);
    assert.equal(created.LogFileValidationEnabled, true);
    assert.equal(created.IncludeGlobalServiceEvents, true);
    await assert.rejects(cloudtrail.send(new CreateTrailCommand({ Name: 'main', S3BucketName: BUCKET })), {
      name: 'TrailAlreadyExistsException',
      message: `Trail main already exists for customer: ${TEST_ACCOUNT_ID}`,
    });
    await assert.rejects(cloudtrail.send(new CreateTrailCommand({ Name: '-trail', S3BucketName: BUCKET })), {
      name: 'InvalidTrailNameException',
      message: 'Trail name must starts with a letter or number.',
    });
    await assert.rejects(cloudtrail.send(new CreateTrailCommand({ Name: 'my#trail', S3BucketName: BUCKET })), { name: 'InvalidTrailNameException' });
    await assert.rejects(cloudtrail.send(new CreateTrailCommand({ Name: 'other', S3BucketName: '../escape' })), { name: 'InvalidS3BucketNameException' });
    await assert.rejects(cloudtrail.send(new GetTrailCommand({ Name: 'nope' })), {
      name: 'TrailNotFoundException',
      message: `Unknown trail: arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/nope for the user: ${TEST_ACCOUNT_ID}`,
    });
    const got = await cloudtrail.send(new GetTrailCommand({ Name: ARN }));
    assert.equal(got.Trail?.S3KeyPrefix, 'logs');
    assert.equal(got.Trail?.HomeRegion, 'us-east-1');
    assert.deepEqual(
      (await cloudtrail.send(new DescribeTrailsCommand({}))).trailList?.map((t) => t.Name),
      ['main'],
    );
    assert.deepEqual((await cloudtrail.send(new DescribeTrailsCommand({ trailNameList: ['nope'] }))).trailList, []);
    assert.deepEqual((await cloudtrail.send(new ListTrailsCommand({}))).Trails, [{ TrailARN: ARN, Name: 'main', HomeRegion: 'us-east-1' }]);
  });

  it('tags a trail', async () => {
    await cloudtrail.send(new AddTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'env', Value: 'test' }] }));
    await cloudtrail.send(new RemoveTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'team' }] }));
    const tags = await cloudtrail.send(new ListTagsCommand({ ResourceIdList: [ARN] }));
    assert.deepEqual(tags.ResourceTagList, [{ ResourceId: ARN, TagsList: [{ Key: 'env', Value: 'test' }] }]);
  });

  it('delivers nothing before StartLogging, then the calls made after it as gzip\'d {"Records":[…]}', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'before-logging' }));
    await deliver();
    assert.deepEqual(await logFiles(), []);
    assert.equal((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging, false);

    await cloudtrail.send(new StartLoggingCommand({ Name: 'main' }));
    await iam.send(new CreateUserCommand({ UserName: 'trail-user' }));
    await iam.send(new ListUsersCommand({}));
    await deliver();
    const files = await logFiles();
    assert.equal(files.length, 1);
    assert.match(files[0]!, new RegExp(`/\\d{4}/\\d{2}/\\d{2}/${TEST_ACCOUNT_ID}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`));
    const names = (await records(files[0]!)).map((r) => r.eventName);
    assert.ok(names.includes('StartLogging') && names.includes('CreateUser') && names.includes('ListUsers'), names.join());
    const text = gunzipSync(await readFile(files[0]!)).toString('utf8');
    assert.ok(text.includes('"trail-user"') && !text.includes('"before-logging"'), 'only calls from StartLogging on are delivered');
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }));
    assert.equal(status.IsLogging, true);
    assert.ok(status.LatestDeliveryTime instanceof Date);
    assert.ok(status.StartLoggingTime instanceof Date);
  });

  it("writes a digest listing each log file's SHA-256, signed with the key ListPublicKeys serves, chained to the previous digest", async () => {
    await server.gatehouse.audit.deliverer.digestNow(new Date(Date.now() + 3_600_000));
    await iam.send(new CreateUserCommand({ UserName: 'second-hour' }));
    await deliver();
    await server.gatehouse.audit.deliverer.digestNow(new Date(Date.now() + 7_200_000));
    const digests = (await filesBelow(digestDir)).filter((f) => f.endsWith('.json.gz'));
    assert.equal(digests.length, 2);
    assert.match(digests[0]!, new RegExp(`${TEST_ACCOUNT_ID}_CloudTrail-Digest_us-east-1_main_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`));
    const keys = (await cloudtrail.send(new ListPublicKeysCommand({}))).PublicKeyList!;
    assert.equal(keys.length, 1);
    const publicKey = createPublicKey({ key: Buffer.from(keys[0]!.Value!), format: 'der', type: 'pkcs1' });
    let previousSignature: string | null = null;
    let previousHash: string | null = null;
    let listed = 0;
    for (const path of digests) {
      const content = gunzipSync(await readFile(path));
      const digest = JSON.parse(content.toString('utf8'));
      const signature = (await readFile(`${path}.sig`, 'utf8')).trim();
      assert.equal(digest.digestSignatureAlgorithm, 'SHA256withRSA');
      assert.equal(digest.digestPublicKeyFingerprint, keys[0]!.Fingerprint);
      assert.equal(digest.previousDigestSignature, previousSignature);
      assert.equal(digest.previousDigestHashValue, previousHash);
      const toSign = [
        digest.digestEndTime,
        `${digest.digestS3Bucket}/${digest.digestS3Object}`,
        createHash('sha256').update(content).digest('hex'),
        previousSignature ?? 'null',
      ].join('\n');
      assert.ok(createVerify('RSA-SHA256').update(toSign).verify(publicKey, Buffer.from(signature, 'hex')), `signature of ${path}`);
      for (const f of digest.logFiles) {
        const file = join(server.dataDir, 'trails', f.s3Bucket, ...f.s3Object.split('/'));
        assert.equal(
          createHash('sha256')
            .update(gunzipSync(await readFile(file)))
            .digest('hex'),
          f.hashValue,
        );
        listed += 1;
      }
      previousSignature = signature;
      previousHash = createHash('sha256').update(content).digest('hex');
    }
    assert.equal(listed, 2);
    assert.ok((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).LatestDigestDeliveryTime instanceof Date);
  });

  it('filters by event selectors: WriteOnly delivers no read-only records', async () => {
    const put = await cloudtrail.send(
      new PutEventSelectorsCommand({ TrailName: 'main', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }),
    );
    assert.equal(put.TrailARN, ARN);
    const before = new Set(await logFiles());
    await iam.send(new ListUsersCommand({}));
    await iam.send(new CreateUserCommand({ UserName: 'write-only' }));
    await deliver();
    const fresh = (await logFiles()).filter((f) => !before.has(f));
    assert.equal(fresh.length, 1);
    const delivered = await records(fresh[0]!);
    assert.ok(delivered.some((r) => r.eventName === 'CreateUser'));
    assert.ok(
      delivered.every((r) => r.readOnly === false),
      JSON.stringify(delivered.map((r) => r.eventName)),
    );
    const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'main' }));
    assert.equal(selectors.EventSelectors?.[0]?.ReadWriteType, 'WriteOnly');
    await assert.rejects(cloudtrail.send(new PutEventSelectorsCommand({ TrailName: 'main', EventSelectors: [] })), { name: 'InvalidEventSelectorsException' });
  });

  it('stops logging, updates and deletes the trail', async () => {
    await cloudtrail.send(new StopLoggingCommand({ Name: 'main' }));
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }));
    assert.equal(status.IsLogging, false);
    assert.ok(status.StopLoggingTime instanceof Date);
    const updated = await cloudtrail.send(new UpdateTrailCommand({ Name: 'main', IncludeGlobalServiceEvents: false }));
    assert.equal(updated.IncludeGlobalServiceEvents, false);
    await cloudtrail.send(new DeleteTrailCommand({ Name: 'main' }));
    await assert.rejects(cloudtrail.send(new DeleteTrailCommand({ Name: 'main' })), { name: 'TrailNotFoundException' });
  });
});
