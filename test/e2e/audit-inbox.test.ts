import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { AuditRecorder } from '../../src/audit/recorder.js';
import { verifyRecords } from '../../src/audit/verifyRecords.js';
import { auditFrame, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { describeOnBackends, randomAccountId } from '../support/storeBackends.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';

/** One record in the form the recorder hands the store: a CloudTrail event's JSON, framed. */
function frame(accountId: string, eventName: string, readOnly: boolean): { eventId: string; frame: string } {
  const eventId = randomUUID();
  const event = {
    eventVersion: '1.10',
    userIdentity: { type: 'Root', accountId, accessKeyId: undefined },
    eventTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    requestParameters: { userName: eventId },
    eventID: eventId,
    readOnly,
    eventType: 'AwsApiCall',
    recipientAccountId: accountId,
  };
  return {
    eventId,
    frame: auditFrame({ event, record: JSON.stringify(event), decision: null, username: 'root', resources: [{ type: 'AWS::IAM::User', name: eventId }] }),
  };
}

const inboxSize = async (store: Store) => (await store.db.selectFrom('audit_inbox').select('frame').execute()).length;

/** The account's chained records, oldest first, as event IDs. */
async function chained(store: Store, accountId: string): Promise<string[]> {
  const rows = await store.db.selectFrom('audit_events').select(['event_id', 'seq']).where('account_id', '=', accountId).orderBy('seq').execute();
  return rows.map((r) => r.event_id);
}

describeOnBackends('the audit inbox', (opened, backend) => {
  it('holds a mutation’s record exactly when its transaction commits, and the next group commit chains it once', async () => {
    const store = opened();
    const accountId = randomAccountId();
    const rolledBack = frame(accountId, 'CreateUser', false);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.auditEvents.enqueue(rolledBack.frame);
        throw new Error('the mutation failed');
      }),
      /the mutation failed/,
    );
    assert.equal(await inboxSize(store), 0, 'a rolled-back transaction leaves no record');

    const before = await store.auditEvents.head();
    const committed = frame(accountId, 'CreateUser', false);
    await store.transaction((tx) => tx.auditEvents.enqueue(committed.frame));
    assert.equal(await inboxSize(store), 1);
    assert.deepEqual(await store.auditEvents.head(), before, 'the inbox is not the chain');

    const read = frame(accountId, 'GetUser', true);
    await store.appendAuditBatch(read.frame);
    assert.equal(await inboxSize(store), 0, 'the group commit emptied the inbox');
    assert.deepEqual(await chained(store, accountId), [committed.eventId, read.eventId], 'the inbox’s record is chained before the batch’s');
    const [record] = (await store.auditEvents.lookup({ accountId, attribute: { key: 'ResourceName', value: committed.eventId }, maxResults: 5 })).items;
    assert.equal(record?.eventName, 'CreateUser');
    assert.equal(record?.readOnly, false);
    assert.equal(record?.username, 'root');
    assert.deepEqual((await verifyRecords(store)).findings, []);
  });

  it('chains each inbox record once when group commits run at the same time', async () => {
    const store = opened();
    const accountId = randomAccountId();
    const frames = Array.from({ length: 20 }, () => frame(accountId, 'TagUser', false));
    await Promise.all(frames.map((f) => store.transaction((tx) => tx.auditEvents.enqueue(f.frame))));
    await Promise.all([store.appendAuditBatch(''), store.appendAuditBatch(''), store.appendAuditBatch('')]);
    assert.deepEqual((await chained(store, accountId)).sort(), frames.map((f) => f.eventId).sort());
    assert.equal(await inboxSize(store), 0);
    assert.deepEqual((await verifyRecords(store)).findings, []);
  });

  it('a record another node committed and could not chain is chained by a live node’s sweep', async () => {
    const store = opened();
    const accountId = randomAccountId();
    const liveStore = await backend.open();
    const live = new AuditRecorder(liveStore, pino({ level: 'silent' }), { sweepMs: 100 });
    try {
      await live.flush(); // its start-up chaining is done: what follows is left by the other node
      const orphan = frame(accountId, 'DeleteRole', false);
      await store.transaction((tx) => tx.auditEvents.enqueue(orphan.frame));
      const deadline = Date.now() + 5000;
      while (!(await chained(store, accountId)).includes(orphan.eventId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(await chained(store, accountId), [orphan.eventId]);
    } finally {
      await live.close();
      await liveStore.close();
    }
  });
});

describe('a record a crash left in the inbox', () => {
  let dataDir: string | undefined;
  after(async () => {
    if (dataDir !== undefined) await (await startTestServer({ dataDir })).stop();
  });

  it('is chained when the server starts again, before any call', async () => {
    const first = await startTestServer();
    dataDir = first.dataDir;
    await first.stop({ keepData: true });
    // As a crash leaves it: the mutation and its record committed, the chaining not yet done.
    const left = frame(TEST_ACCOUNT_ID, 'CreateRole', false);
    const offline = await openStore({ dataDir });
    await offline.transaction((tx) => tx.auditEvents.enqueue(left.frame));
    await offline.close();

    const second = await startTestServer({ dataDir });
    try {
      // No waiting: the server chains what the inbox holds before it is ready (the 1-second
      // sweep would chain it too, but later).
      assert.equal(await inboxSize(second.gatehouse.store), 0);
      assert.ok((await chained(second.gatehouse.store, TEST_ACCOUNT_ID)).includes(left.eventId));
    } finally {
      await second.stop({ keepData: true });
    }
  });
});
