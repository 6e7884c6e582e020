import { it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAuditBatch, encodeAuditBatch } from './auditWriter.js';
import type { NewAuditRecord } from './repositories/auditEvents.js';

const record = (over: Partial<NewAuditRecord>): NewAuditRecord => ({
  eventId: 'e', accountId: '123456789012', eventTime: '2026-11-21T10:00:00Z', eventName: 'GetUser', eventSource: 'iam.amazonaws.com', readOnly: true,
  username: null, accessKeyId: null, errorCode: null, record: '{}', decision: null, resources: [], ...over,
});

it('an audit batch crosses to the writer thread unchanged, whatever its text holds', () => {
  const batch = [
    record({}),
    record({ readOnly: false, username: '~', accessKeyId: '12:34', errorCode: '', record: '{"a":"ü ✓ 𝄞 ~ 3:x"}', decision: '{"allowed":false}', resources: [{ type: 'AWS::IAM::User', name: 'b:o~b' }, { type: 'AWS::IAM::Role', name: '' }] }),
    record({ username: 'alice', record: 'x'.repeat(70_000) }),
  ];
  assert.deepEqual(decodeAuditBatch(encodeAuditBatch(batch)), batch);
  assert.deepEqual(decodeAuditBatch(encodeAuditBatch([])), []);
  assert.throws(() => decodeAuditBatch(encodeAuditBatch(batch).slice(0, -3)), /malformed audit batch/);
});
