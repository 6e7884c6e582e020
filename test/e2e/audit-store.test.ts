import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { TrailDeliverer, pruneAudit } from '../../src/audit/index.js';
import { verifyRecords } from '../../src/audit/verifyRecords.js';
import { verifyTrail } from '../../src/audit/verifyTrail.js';
import { randomAccountId, testBackends } from '../support/storeBackends.js';
import type { NewAuditRecord, Store } from '../../src/store/index.js';

const SETTINGS = { enabled: true, retentionDays: 90, deliveryIntervalMs: 60_000, digestIntervalMs: 3_600_000 };

function record(accountId: string, i: number, time: string): NewAuditRecord {
  const event = {
    eventVersion: '1.10',
    userIdentity: { type: 'Root', accountId },
    eventTime: time,
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    eventID: `${accountId}-${i}`,
    readOnly: false,
    requestParameters: { userName: `u${i}` },
    recipientAccountId: accountId,
  };
  return {
    eventId: event.eventID,
    accountId,
    eventTime: time,
    eventName: 'CreateUser',
    eventSource: 'iam.amazonaws.com',
    readOnly: false,
    username: 'root',
    accessKeyId: null,
    errorCode: null,
    record: JSON.stringify(event),
    decision: null,
    resources: [{ type: 'AWS::IAM::User', name: `u${i}` }],
  };
}

for (const backend of testBackends()) {
  describe(`trail delivery, digests, leases and retention on ${backend.name}`, { skip: backend.skip }, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-trails-'));
    let store: Store;
    after(async () => {
      await store?.close();
      await backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('delivers, digests and verifies a trail; prunes with a checkpoint; elects one lease holder; keeps the latest access', async () => {
      if (backend.missing !== undefined) assert.fail(backend.missing);
      store = await backend.open();
      const accountId = randomAccountId();
      const now = new Date();
      await store.transaction((tx) => tx.auditEvents.append([record(accountId, 0, '2020-01-01T00:00:00Z')]));
      const head = await store.auditEvents.head();
      const trail = {
        accountId,
        name: 'store-trail',
        homeRegion: 'us-east-1',
        s3BucketName: `b${accountId}`,
        s3KeyPrefix: null,
        includeGlobalServiceEvents: true,
        isMultiRegionTrail: false,
        logFileValidationEnabled: true,
        eventSelectors: null,
        insightSelectors: null,
        tags: [],
        isLogging: true,
        startLoggingTime: now.toISOString(),
        stopLoggingTime: null,
        cursorSeq: head.seq,
        latestDeliveryTime: null,
        latestDeliveryError: null,
        digestStartTime: now.toISOString(),
        latestDigestTime: null,
        lastDigestObject: null,
        lastDigestHash: null,
        lastDigestSignature: null,
        createdAt: now.toISOString(),
        organizationId: null,
      };
      assert.equal(await store.transaction((tx) => tx.trails.create(trail)), true);
      assert.equal(await store.transaction((tx) => tx.trails.create(trail)), false);
      const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
      await store.transaction((tx) => tx.auditEvents.append([1, 2, 3].map((i) => record(accountId, i, time))));
      const deliverer = new TrailDeliverer(store, dataDir, SETTINGS, pino({ level: 'silent' }));
      await deliverer.deliverNow();
      await deliverer.digestNow(new Date(now.getTime() + 3_600_000));
      await deliverer.stop();
      const files = (await readdir(join(dataDir, 'trails'), { recursive: true })).filter((f) => String(f).endsWith('.json.gz'));
      assert.equal(files.length, 2, files.join());
      const stored = (await store.trails.get(accountId, 'store-trail'))!;
      assert.equal(stored.cursorSeq, head.seq + 3);
      assert.deepEqual(await store.trails.undigested(accountId, 'store-trail'), []);
      const verified = await verifyTrail(store, dataDir, stored);
      assert.deepEqual(verified.findings, []);
      assert.equal(verified.logFiles, 1);
      assert.equal((await store.auditSigningKeys.list(accountId)).length, 1);

      assert.ok((await pruneAudit(store, new Date('2020-03-31T00:00:00Z'), 1)) >= 1);
      assert.deepEqual((await verifyRecords(store)).findings, []);

      const later = new Date(now.getTime() + 60_000).toISOString();
      assert.equal(await store.transaction((tx) => tx.auditLeases.acquire('test-lease', 'a', now.toISOString(), later)), true);
      assert.equal(await store.transaction((tx) => tx.auditLeases.acquire('test-lease', 'b', now.toISOString(), later)), false);
      assert.equal(await store.transaction((tx) => tx.auditLeases.acquire('test-lease', 'b', new Date(now.getTime() + 120_000).toISOString(), later)), true);

      const arn = `arn:aws:iam::${accountId}:user/alice`;
      await store.transaction((tx) =>
        tx.auditLastAccessed.record([{ entityArn: arn, service: 'iam', action: 'ListUsers', at: '2026-01-02T00:00:00.000Z', region: 'us-east-1' }]),
      );
      await store.transaction((tx) =>
        tx.auditLastAccessed.record([{ entityArn: arn, service: 'iam', action: 'ListUsers', at: '2026-01-01T00:00:00.000Z', region: 'eu-west-1' }]),
      );
      assert.deepEqual(await store.auditLastAccessed.forEntities([arn]), [
        { entityArn: arn, service: 'iam', action: 'ListUsers', at: '2026-01-02T00:00:00.000Z', region: 'us-east-1' },
      ]);
    });

    it("keeps a trail's Insights selectors as JSON, and null while Insights is off", async () => {
      if (backend.missing !== undefined) assert.fail(backend.missing);
      store ??= await backend.open();
      const accountId = randomAccountId();
      const createdAt = new Date().toISOString();
      await store.transaction((tx) =>
        tx.trails.create({
          accountId,
          name: 'insights-trail',
          homeRegion: 'us-east-1',
          s3BucketName: `b${accountId}`,
          s3KeyPrefix: null,
          includeGlobalServiceEvents: true,
          isMultiRegionTrail: false,
          logFileValidationEnabled: false,
          eventSelectors: null,
          insightSelectors: null,
          tags: [],
          isLogging: false,
          startLoggingTime: null,
          stopLoggingTime: null,
          cursorSeq: 0,
          latestDeliveryTime: null,
          latestDeliveryError: null,
          digestStartTime: null,
          latestDigestTime: null,
          lastDigestObject: null,
          lastDigestHash: null,
          lastDigestSignature: null,
          createdAt,
          organizationId: null,
        }),
      );
      assert.equal((await store.trails.get(accountId, 'insights-trail'))!.insightSelectors, null);
      const selectors = [{ InsightType: 'ApiErrorRateInsight' }, { InsightType: 'ApiCallRateInsight' }] as const;
      await store.transaction((tx) => tx.trails.update(accountId, 'insights-trail', { insightSelectors: selectors }));
      assert.deepEqual((await store.trails.get(accountId, 'insights-trail'))!.insightSelectors, selectors);
      await store.transaction((tx) => tx.trails.update(accountId, 'insights-trail', { s3KeyPrefix: 'logs' }));
      assert.deepEqual((await store.trails.list(accountId))[0]!.insightSelectors, selectors, 'another change keeps the selectors');
      await store.transaction((tx) => tx.trails.update(accountId, 'insights-trail', { insightSelectors: null }));
      assert.equal((await store.trails.get(accountId, 'insights-trail'))!.insightSelectors, null);
    });
  });
}
