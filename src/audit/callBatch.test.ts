import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../model/index.js';
import { ANONYMOUS } from '../model/index.js';
import { CALL_BATCH_CODEC, CallBatch, decodeBatch } from './callBatch.js';
import { describeOnBackends } from '../../test/support/storeBackends.js';
import { usernameOf } from './recordColumns.js';
import { accountCopies, buildAuditEvent, type AuditEvent, type AuditInput, type DecisionRecord } from './event.js';
import { eventResources } from './resources.js';

const user: Principal = {
  type: 'IAMUser',
  accountId: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/al"ice',
  userId: 'AIDAEXAMPLE',
  userName: 'al"ice',
  accessKeyId: 'AKIAEXAMPLE',
};
const session = {
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
    mfaAuthenticatedAt: new Date('2026-11-21T10:00:00Z'),
  },
} as Principal;
const decision: DecisionRecord = {
  allowed: false,
  decisions: [
    {
      action: 'iam:ListUsers',
      resource: '*',
      result: 'explicitDeny',
      blockedBy: ['scp'],
      matchedStatements: [{ policyId: 'p-1', policyType: 'scp', sid: 'No"Users', index: 0, effect: 'Deny' }],
    },
  ],
};

const base = {
  service: 'iam',
  region: 'us-east-1',
  sourceIp: '10.0.0.1',
  userAgent: 'agent "quoted" \u0001 ~ 3:x 𝄞',
  requestId: 'req',
  time: new Date('2026-11-21T10:00:01.999Z'),
};
const calls: [AuditInput, DecisionRecord | undefined][] = [
  [
    {
      ...base,
      principal: user,
      operation: 'CreateUser',
      readOnly: false,
      input: { UserName: 'bob', Tags: [{ Key: 'k', Value: 'ü' }] },
      output: { User: { UserName: 'bob', UserId: 'AIDABOB', CreateDate: new Date('2026-11-21T22:08:07Z') } },
    },
    undefined,
  ],
  [
    { ...base, principal: user, operation: 'ListUsers', readOnly: true, input: {}, errorCode: 'AccessDenied', errorMessage: 'User: "x" is not authorized' },
    decision,
  ],
  [
    {
      ...base,
      principal: session,
      operation: 'GetRole',
      readOnly: true,
      input: { RoleName: 'r' },
      output: { Role: { RoleName: 'r' } },
      time: new Date('2026-11-21T10:00:02.000Z'),
    },
    undefined,
  ],
  [{ ...base, principal: user, operation: 'ChangePassword', readOnly: false, input: { OldPassword: 'a', NewPassword: 'b' }, output: {} }, undefined],
  [
    {
      ...base,
      principal: ANONYMOUS,
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      readOnly: false,
      errorCode: 'InvalidIdentityToken',
      errorMessage: 'bad',
    },
    undefined,
  ],
  [
    {
      ...base,
      principal: ANONYMOUS,
      federatedCaller: {
        type: 'WebIdentityUser',
        principalId: 'accounts.example.com:sub',
        userName: 'sub',
        identityProvider: 'accounts.example.com',
        accountId: '210987654321',
      },
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      readOnly: false,
      input: { RoleArn: 'arn:aws:iam::210987654321:role/web', WebIdentityToken: 'secret-token' },
      output: { AssumedRoleUser: { Arn: 'arn' } },
    },
    undefined,
  ],
  [
    { ...base, service: null, readOnly: false, errorCode: 'InvalidClientTokenId', errorMessage: 'The security token included in the request is invalid.' },
    undefined,
  ],
  [
    {
      ...base,
      principal: user,
      service: 'sts',
      operation: 'AssumeRole',
      readOnly: true,
      input: { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's' },
      output: {
        Credentials: { AccessKeyId: 'ASIANEW', SecretAccessKey: 'new-secret', SessionToken: 'new-token', Expiration: new Date('2026-11-21T11:00:01Z') },
        AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
      },
    },
    undefined,
  ],
  // A role in another account: its owner receives a copy of the record.
  [
    {
      ...base,
      principal: user,
      service: 'sts',
      operation: 'AssumeRole',
      readOnly: true,
      input: { RoleArn: 'arn:aws:iam::210987654321:role/x', RoleSessionName: 's' },
      output: {
        Credentials: { AccessKeyId: 'ASIAX', SecretAccessKey: 'x-secret', SessionToken: 'x-token', Expiration: new Date('2026-11-21T11:00:01Z') },
        AssumedRoleUser: { AssumedRoleId: 'AROAX:s', Arn: 'arn:aws:sts::210987654321:assumed-role/x/s' },
      },
    },
    { allowed: true, decisions: [] },
  ],
  // Denied: the role's owner receives nothing.
  [
    {
      ...base,
      principal: user,
      service: 'sts',
      operation: 'AssumeRole',
      readOnly: true,
      input: { RoleArn: 'arn:aws:iam::210987654321:role/x', RoleSessionName: 's' },
      errorCode: 'AccessDenied',
      errorMessage: 'no',
    },
    decision,
  ],
];

/** What each call's records should be: its event, then the copies other accounts receive, each with its decision (none for a copy). */
function expectedRecords(): { event: AuditEvent; call: AuditInput; decision: DecisionRecord | undefined }[] {
  return calls.flatMap(([call, d]) => {
    const event = buildAuditEvent(call);
    const copies = accountCopies(event, call.time.getTime());
    return [{ event, call, decision: d }, ...copies.map((copy) => ({ event: copy, call, decision: undefined }))];
  });
}

/** The record text `event` must have, with the IDs the writer drew itself (event ID, shared event ID). */
function expectedText(event: AuditEvent, stored: { eventId: string; record: string }): string {
  const shared = (JSON.parse(stored.record) as { sharedEventID?: string }).sharedEventID;
  return JSON.stringify({ ...event, eventID: stored.eventId, ...(event.sharedEventID !== undefined ? { sharedEventID: shared } : {}) });
}

it('the writer thread builds each record exactly as buildAuditEvent does, identities declared once per batch', () => {
  const batch = new CallBatch();
  for (const [call, d] of calls) batch.add(call, d);
  // The same caller's calls share one declaration.
  assert.equal(batch.text.match(/(^|[^0-9])P\d+:\{/g)?.length, 5);
  const records = decodeBatch(batch.text);
  const expected = expectedRecords();
  assert.equal(records.length, calls.length + 1);
  assert.equal(expected.length, records.length);
  records.forEach((record, i) => {
    const { event, call, decision: d } = expected[i]!;
    assert.equal(record.record, expectedText(event, record), `record ${i}`);
    assert.match(record.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(record.eventId.replace('-', '').slice(0, 12), 16), call.time.getTime());
    assert.deepEqual(
      [
        record.accountId,
        record.eventTime,
        record.eventName,
        record.eventSource,
        record.readOnly,
        record.username,
        record.accessKeyId,
        record.errorCode,
        record.decision,
      ],
      [
        event.recipientAccountId ?? '',
        event.eventTime,
        event.eventName,
        event.eventSource,
        event.readOnly,
        usernameOf(event.userIdentity),
        event.userIdentity.accessKeyId ?? null,
        event.errorCode ?? null,
        d === undefined ? null : JSON.stringify(d),
      ],
      `record ${i}`,
    );
    assert.deepEqual(record.resources, eventResources(event.requestParameters, event.responseElements));
  });
  assert.deepEqual(records[0]!.resources, [{ type: 'AWS::IAM::User', name: 'bob' }]);
  assert.equal(records[5]!.accountId, '210987654321');
  assert.equal(records[5]!.username, 'sub');
  assert.doesNotMatch(batch.text, /secret-token|"b"|new-secret|new-token/);
  // A read-only call that issues credentials records them (but their key ID and expiry only).
  assert.equal(JSON.parse(records[7]!.record).responseElements.credentials.expiration, 'Nov 21, 2026, 11:00:01 AM');
  assert.deepEqual(JSON.parse(records[7]!.record).resources, [{ ARN: 'arn:aws:iam::123456789012:role/r', accountId: '123456789012', type: 'AWS::IAM::Role' }]);
  // A failed call, and one that assumes nothing, names no resource in the record.
  assert.equal(JSON.parse(records[4]!.record).resources, undefined);
  assert.equal(JSON.parse(records[2]!.record).resources, undefined);
  // A cross-account assumption is recorded in both accounts, linked by sharedEventID; the role owner's copy carries no decision.
  const [mine, theirs] = [JSON.parse(records[8]!.record), JSON.parse(records[9]!.record)];
  assert.deepEqual([records[8]!.accountId, records[9]!.accountId], ['123456789012', '210987654321']);
  assert.deepEqual([mine.recipientAccountId, theirs.recipientAccountId], ['123456789012', '210987654321']);
  assert.match(mine.sharedEventID, /^[0-9a-f-]{36}$/);
  assert.equal(theirs.sharedEventID, mine.sharedEventID);
  assert.notEqual(theirs.eventID, mine.eventID);
  assert.deepEqual(theirs.userIdentity, mine.userIdentity);
  assert.deepEqual(theirs.resources, [{ ARN: 'arn:aws:iam::210987654321:role/x', accountId: '210987654321', type: 'AWS::IAM::Role' }]);
  assert.equal(records[8]!.decision, '{"allowed":true,"decisions":[]}');
  assert.equal(records[9]!.decision, null);
  assert.equal(records[9]!.username, 'al"ice');
  // Denied, or in the caller's own account: one record, no sharedEventID.
  assert.equal(records[10]!.accountId, '123456789012');
  assert.equal(JSON.parse(records[10]!.record).sharedEventID, undefined);
  assert.equal(JSON.parse(records[7]!.record).sharedEventID, undefined);
});

it('a call whose facts cannot be read is refused and leaves the batch as it was; malformed text is refused', () => {
  const batch = new CallBatch();
  batch.add(calls[2]![0], undefined);
  const before = batch.text;
  assert.throws(() => batch.add({ ...base, principal: user, operation: 'GetUser', readOnly: true, input: { UserName: 10n } }, undefined), TypeError);
  assert.equal(batch.text, before);
  assert.equal(decodeBatch(batch.text).length, 1);
  assert.deepEqual(decodeBatch(''), []);
  assert.throws(() => decodeBatch(before.slice(0, -2)), /malformed audit batch/);
  assert.throws(() => decodeBatch(`X${before}`), /malformed audit batch/);
  // A call naming an identity the batch never declared.
  assert.ok(before.includes('R1:0'));
  assert.throws(() => decodeBatch(before.replace('R1:0', 'R1:1')), /malformed audit batch/);
});

describeOnBackends('call batches appended to the audit trail', (store, backend) => {
  it('are decoded where the store appends them: by the writer thread on SQLite, in the call on PostgreSQL', async () => {
    const batch = new CallBatch();
    for (const [call, d] of calls) batch.add(call, d);
    const before = await store().auditEvents.head();
    // On SQLite the writer thread loads the codec's module; this thread's `decode` must not run.
    const codec =
      backend.name === 'sqlite' ? { module: CALL_BATCH_CODEC.module, decode: () => assert.fail('decoded on the request thread') } : CALL_BATCH_CODEC;
    await store().appendAuditBatch(batch.text, codec);
    const stored = await store().auditEvents.range(before.seq + 1);
    const expected = expectedRecords();
    assert.equal(stored.length, expected.length);
    for (const [i, record] of stored.entries()) assert.equal(record.record, expectedText(expected[i]!.event, record));
  });
});
