import { it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from './openStore.js';
import assert from 'node:assert/strict';
import { auditFrame, decodeAuditBatch, FrameReader } from './auditWriter.js';

const event = (over: Record<string, unknown>) => ({
  eventVersion: '1.10',
  userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAEXAMPLE' },
  eventTime: '2026-11-21T10:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'GetUser',
  awsRegion: 'us-east-1',
  requestParameters: null,
  responseElements: null,
  eventID: 'e1',
  readOnly: true,
  recipientAccountId: '123456789012',
  ...over,
});
/** A record as the recorder frames it: the event, and its JSON. */
const withEvent = (e: ReturnType<typeof event>) => ({ event: e, record: JSON.stringify(e) });

it('an audit batch crosses to the writer thread unchanged, whatever its text holds, with the columns read from each event', () => {
  const records = [
    { ...withEvent(event({})), decision: null, username: null, resources: [] },
    {
      ...withEvent(event({ eventID: 'e2', readOnly: false, errorCode: 'AccessDenied', eventName: 'Tag~User', userAgent: 'ü ✓ 𝄞 ~ 3:x' })),
      decision: '{"allowed":false}',
      username: '~',
      resources: [
        { type: 'AWS::IAM::User', name: 'b:o~b' },
        { type: 'AWS::IAM::Role', name: '' },
      ],
    },
    {
      ...withEvent(event({ eventID: 'e3', userIdentity: { type: 'WebIdentityUser' }, recipientAccountId: undefined, big: 'x'.repeat(70_000) })),
      decision: null,
      username: 'alice',
      resources: [],
    },
  ];
  const text = records.map(auditFrame).join('');
  const decoded = decodeAuditBatch(text);
  assert.deepEqual(
    decoded.map(({ record, decision, username, resources }) => ({ record, decision, username, resources })),
    records.map(({ record, decision, username, resources }) => ({ record, decision, username, resources })),
  );
  assert.deepEqual(
    decoded.map((r) => [r.eventId, r.accountId, r.eventTime, r.eventName, r.eventSource, r.readOnly, r.accessKeyId, r.errorCode]),
    [
      ['e1', '123456789012', '2026-11-21T10:00:00Z', 'GetUser', 'iam.amazonaws.com', true, 'AKIAEXAMPLE', null],
      ['e2', '123456789012', '2026-11-21T10:00:00Z', 'Tag~User', 'iam.amazonaws.com', false, 'AKIAEXAMPLE', 'AccessDenied'],
      ['e3', '', '2026-11-21T10:00:00Z', 'GetUser', 'iam.amazonaws.com', true, null, null],
    ],
  );
  assert.deepEqual(decodeAuditBatch(''), []);
  assert.throws(() => decodeAuditBatch(text.slice(0, -3)), /malformed audit batch/);
});

it('a field whose length is missing, not a number, too long or past the end is malformed', () => {
  for (const text of [':x', 'a:x', '1a:x', '-1:x', '9999999999999999:x', '5:abc', '3']) {
    assert.throws(() => new FrameReader(text).optional(), /malformed audit batch/, text);
  }
  const read = new FrameReader('3:abc~0:1');
  assert.deepEqual([read.optional(), read.optional(), read.optional(), read.flag(), read.done], ['abc', null, '', true, true]);
  assert.throws(() => read.code(), /malformed audit batch/);
});

it('a batch the writer thread cannot append is appended on the calling thread, and the operator is told once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-writer-'));
  const said: { obj: object; msg: string | undefined }[] = [];
  const store = await openStore({ dataDir: dir, logger: { info: (obj, msg) => said.push({ obj, msg }) } });
  try {
    const frame = (id: string) =>
      auditFrame({ event: { ...event({ eventID: id }) }, record: JSON.stringify(event({ eventID: id })), decision: null, username: null, resources: [] });
    // A codec the writer thread cannot load: the store decodes the batch itself.
    const codec = { module: pathToFileURL(join(dir, 'no-such-codec.js')).href, decode: decodeAuditBatch };
    const before = await store.auditEvents.head();
    await store.appendAuditBatch(frame('w1'), codec);
    await store.appendAuditBatch(frame('w2'), codec);
    const stored = await store.auditEvents.range(before.seq + 1);
    assert.deepEqual(
      stored.map((r) => r.eventId),
      ['w1', 'w2'],
    );
    const told = said.filter((s) => /audit writer thread/.test(s.msg ?? ''));
    assert.equal(told.length, 1);
    assert.match(String((told[0]!.obj as { reason: string }).reason), /no-such-codec/);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // A writer that stops as the store closes tells nobody.
  assert.equal(said.filter((s) => /stopped/.test(JSON.stringify(s.obj))).length, 0);
});
