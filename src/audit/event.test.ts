import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../model/index.js';
import { ANONYMOUS } from '../model/index.js';
import { auditEventJson, buildAuditEvent, newEventId } from './event.js';

const user: Principal = {
  type: 'IAMUser',
  accountId: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/al"ice',
  userId: 'AIDAEXAMPLE',
  userName: 'al"ice',
  accessKeyId: 'AKIAEXAMPLE',
};
const session: Principal = {
  type: 'AssumedRole',
  accountId: '123456789012',
  arn: 'arn:aws:sts::123456789012:assumed-role/r/s',
  userId: 'AROAEXAMPLE:s',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  accessKeyId: 'ASIAEXAMPLE',
  session: {
    issuedAt: new Date('2026-11-21T10:00:00.123Z'),
    expiresAt: new Date('2026-11-21T11:00:00Z'),
    sessionName: 's',
    sourceIdentity: 'me',
    mfaAuthenticatedAt: new Date('2026-11-21T10:00:00Z'),
  },
} as Principal;

it('the record text is exactly JSON.stringify of the event, for every kind of caller and outcome', () => {
  const base = {
    service: 'iam',
    region: 'us-east-1',
    sourceIp: '10.0.0.1',
    userAgent: 'agent "quoted" \u0001',
    requestId: 'req',
    time: new Date('2026-11-21T10:00:01.999Z'),
  };
  const events = [
    buildAuditEvent({
      ...base,
      principal: user,
      operation: 'CreateUser',
      readOnly: false,
      input: { UserName: 'bob', Tags: [{ Key: 'k', Value: 'ü' }] },
      output: { User: { UserName: 'bob' } },
    }),
    buildAuditEvent({
      ...base,
      principal: user,
      operation: 'ListUsers',
      readOnly: true,
      input: {},
      errorCode: 'AccessDenied',
      errorMessage: 'User: "x" is not authorized',
    }),
    buildAuditEvent({ ...base, principal: session, operation: 'GetRole', readOnly: true, input: { RoleName: 'r' }, output: {} }),
    buildAuditEvent({
      ...base,
      principal: ANONYMOUS,
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      readOnly: true,
      errorCode: 'InvalidIdentityToken',
      errorMessage: 'bad',
    }),
    buildAuditEvent({
      ...base,
      service: null,
      readOnly: false,
      errorCode: 'InvalidClientTokenId',
      errorMessage: 'The security token included in the request is invalid.',
    }),
  ];
  for (const event of events) {
    assert.equal(auditEventJson(event), JSON.stringify(event));
    // A second event of the same caller shares its identity text and still serializes exactly.
    assert.equal(auditEventJson(event), JSON.stringify(event));
  }
  assert.equal(events[0]!.eventTime, '2026-11-21T10:00:01Z');
  assert.equal(events[2]!.userIdentity.sessionContext?.attributes.creationDate, '2026-11-21T10:00:00Z');
});

it('event IDs are version 7 UUIDs that carry their millisecond and sort by it', () => {
  const a = newEventId(Date.parse('2026-11-21T10:00:00.000Z'));
  const b = newEventId(Date.parse('2026-11-21T10:00:00.001Z'));
  const c = newEventId(Date.parse('2026-11-21T10:00:00.001Z'));
  for (const id of [a, b, c]) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(a.replace('-', '').slice(0, 12), 16), Date.parse('2026-11-21T10:00:00.000Z'));
  assert.ok(a < b && b.slice(0, 14) === c.slice(0, 14) && b !== c);
});
