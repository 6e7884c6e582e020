import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient, CreateTrailCommand, LookupEventsCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { s3Client } from '../support/s3.js';

interface TrailRecord {
  eventName: string;
  eventSource: string;
  eventCategory: string;
  managementEvent: boolean;
  resources?: { ARN: string; type: string }[];
}

async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesBelow(path)));
    else out.push(path);
  }
  return out;
}

/**
 * S3 in the audit trail: bucket calls are management events (event history and every trail);
 * object calls are data events, recorded only once a trail's event selectors name their objects,
 * delivered to that trail and never shown by LookupEvents. AWS: CloudTrail User Guide, "Logging
 * data events"; S3 User Guide, "Logging Amazon S3 API calls using AWS CloudTrail".
 */
describe('S3 management and data events', () => {
  let server: TestServer;
  let s3: S3Client;
  let cloudtrail: CloudTrailClient;

  const deliver = async () => {
    await server.gatehouse.flushAudit();
    await server.gatehouse.audit.deliverer.deliverNow();
  };
  const delivered = async (): Promise<TrailRecord[]> => {
    const records: TrailRecord[] = [];
    for (const file of (await filesBelow(join(server.dataDir, 'trails'))).filter((f) => f.endsWith('.json.gz'))) {
      records.push(...(JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as { Records: TrailRecord[] }).Records);
    }
    return records;
  };
  const history = async (): Promise<string[]> =>
    (
      (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 's3.amazonaws.com' }] }))).Events ?? []
    ).map((e) => e.EventName!);

  before(async () => {
    server = await startTestServer({ auditSettings: { deliveryIntervalMs: 3_600_000 } });
    s3 = s3Client(server.endpoint, server.credentials);
    cloudtrail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await cloudtrail.send(new CreateTrailCommand({ Name: 'objects', S3BucketName: 'trail-logs' }));
    await cloudtrail.send(new StartLoggingCommand({ Name: 'objects' }));
  });
  after(async () => {
    s3.destroy();
    await server.stop();
  });

  it('without data event selectors: bucket calls are recorded and delivered, object calls are not', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'audited' }));
    await s3.send(new PutObjectCommand({ Bucket: 'audited', Key: 'quiet.txt', Body: 'x' }));
    await (await s3.send(new GetObjectCommand({ Bucket: 'audited', Key: 'quiet.txt' }))).Body!.transformToString();
    await deliver();
    const names = (await delivered()).filter((r) => r.eventSource === 's3.amazonaws.com').map((r) => r.eventName);
    assert.ok(names.includes('CreateBucket'));
    assert.ok(!names.includes('PutObject') && !names.includes('GetObject'), names.join());
    assert.deepEqual(await history(), ['CreateBucket']);
  });

  it('with DataResources naming the bucket’s objects: object calls are data events delivered to the trail, never in the event history', async () => {
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'objects',
        EventSelectors: [
          { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::audited/logged/'] }] },
        ],
      }),
    );
    // The recorder reads trails' selectors again within a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await s3.send(new PutObjectCommand({ Bucket: 'audited', Key: 'logged/a.txt', Body: 'x' }));
    await (await s3.send(new GetObjectCommand({ Bucket: 'audited', Key: 'logged/a.txt' }))).Body!.transformToString();
    await s3.send(new PutObjectCommand({ Bucket: 'audited', Key: 'unlogged/b.txt', Body: 'x' }));
    await deliver();
    const data = (await delivered()).filter((r) => r.eventCategory === 'Data');
    assert.deepEqual(
      data.map((r) => r.eventName),
      ['PutObject', 'GetObject'],
    );
    for (const record of data) {
      assert.equal(record.managementEvent, false);
      assert.deepEqual(record.resources, [
        { ARN: 'arn:aws:s3:::audited/logged/a.txt', type: 'AWS::S3::Object' },
        { ARN: 'arn:aws:s3:::audited', type: 'AWS::S3::Bucket' },
      ]);
    }
    assert.deepEqual(await history(), ['CreateBucket']);
  });
});
