import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { auditSettings } from '../../src/audit/index.js';
import { verifyRecords } from '../../src/audit/verifyRecords.js';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('audit retention', () => {
  let server: TestServer;
  let iam: IAMClient;
  let cloudtrail: CloudTrailClient;

  before(async () => {
    server = await startTestServer();
    const client = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    iam = new IAMClient(client);
    cloudtrail = new CloudTrailClient(client);
  });
  after(async () => {
    await server.stop();
  });

  it('defaults to 90 days and reads GATEHOUSE_AUDIT_RETENTION_DAYS', () => {
    assert.equal(auditSettings({}).retentionDays, 90);
    assert.equal(auditSettings({ GATEHOUSE_AUDIT_RETENTION_DAYS: '7' }).retentionDays, 7);
    assert.throws(() => auditSettings({ GATEHOUSE_AUDIT_RETENTION_DAYS: 'soon' }), /GATEHOUSE_AUDIT_RETENTION_DAYS must be a positive number/);
    assert.throws(() => auditSettings({ GATEHOUSE_AUDIT: 'maybe' }), /GATEHOUSE_AUDIT must be `on` or `off`/);
  });

  it('prunes records past the period and the remaining chain still verifies from the checkpoint', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'old-1' }));
    await iam.send(new CreateUserCommand({ UserName: 'old-2' }));
    await server.gatehouse.flushAudit();
    await sleep(1100);
    const boundary = new Date();
    await sleep(1100);
    await iam.send(new CreateUserCommand({ UserName: 'new-1' }));
    await iam.send(new CreateUserCommand({ UserName: 'new-2' }));
    await server.gatehouse.flushAudit();

    const pruned = await server.gatehouse.audit.deliverer.pruneNow(new Date(boundary.getTime() + 90 * DAY));
    assert.ok(pruned >= 2, `pruned ${pruned}`);
    const users = (
      await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }))
    ).Events!.map((e) => JSON.parse(e.CloudTrailEvent!).requestParameters.userName);
    assert.deepEqual(users.sort(), ['new-1', 'new-2']);
    const store = server.gatehouse.store;
    const result = await verifyRecords(store);
    assert.deepEqual(result.findings, []);
    assert.ok(result.checked >= 2);
    assert.equal(await server.gatehouse.audit.deliverer.pruneNow(new Date(boundary.getTime() + 90 * DAY)), 0, 'pruning again removes nothing');

    const first = await store.db.selectFrom('audit_events').select('seq').orderBy('seq').limit(1).executeTakeFirstOrThrow();
    await store.db.deleteFrom('audit_event_resources').where('seq', '=', first.seq).execute();
    await store.db.deleteFrom('audit_events').where('seq', '=', first.seq).execute();
    const tampered = await verifyRecords(store);
    assert.deepEqual(
      tampered.findings.map((f) => `${f.kind} ${f.name}`),
      [`DELETED seq ${first.seq}`],
    );
  });
});
