import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FederatedCaller, Principal } from '../model/index.js';
import { ANONYMOUS } from '../model/index.js';
import { auditEventJson, buildAuditEvent } from './event.js';
import type { AuditInput } from './event.js';
import { columnsOfRecord, usernameOf } from './recordColumns.js';

const ACCOUNT = '123456789012';
const session = (sessionName: string) => ({ issuedAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000), chainDepth: 0, sessionName });

function call(principal: Principal, extra: Partial<AuditInput> = {}): AuditInput {
  return {
    principal,
    service: 'iam',
    operation: 'CreateUser',
    region: 'us-east-1',
    sourceIp: '192.0.2.1',
    userAgent: 'test',
    requestId: 'r',
    time: new Date(),
    readOnly: false,
    input: { UserName: 'newbie' },
    output: { User: { UserName: 'newbie', UserId: 'AIDAX', Arn: 'arn' } },
    ...extra,
  };
}

describe('the columns of a record, derived from the record alone', () => {
  it("LookupEvents' Username: root, the IAM user, the session name, the federated caller; none for anonymous", () => {
    const cases: [string, AuditInput, string | null][] = [
      ['root', call({ type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, accessKeyId: 'AKIAROOT' }), 'root'],
      ['root session', call({ type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, session: session('x') }), 'root'],
      ['IAM user', call({ type: 'IAMUser', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/p/alice`, userId: 'AIDAA', userName: 'alice' }), 'alice'],
      [
        'IAM user session',
        call({
          type: 'IAMUser',
          accountId: ACCOUNT,
          arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
          userId: 'AIDAA',
          userName: 'alice',
          session: session('ignored'),
        }),
        'alice',
      ],
      [
        'role session',
        call({
          type: 'AssumedRole',
          accountId: ACCOUNT,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Ops/bob-laptop`,
          userId: 'AROAOPS:bob-laptop',
          roleArn: `arn:aws:iam::${ACCOUNT}:role/Ops`,
          session: session('bob-laptop'),
        }),
        'bob-laptop',
      ],
      [
        'federated user',
        call({
          type: 'FederatedUser',
          accountId: ACCOUNT,
          arn: `arn:aws:sts::${ACCOUNT}:federated-user/carol`,
          userId: `${ACCOUNT}:carol`,
          session: session('carol'),
        }),
        'carol',
      ],
      ['anonymous', call(ANONYMOUS), null],
      ['no principal', { ...call(ANONYMOUS), principal: undefined }, null],
    ];
    const federated: FederatedCaller = {
      type: 'WebIdentityUser',
      principalId: 'accounts.example.com:app:sub',
      userName: 'sub-42',
      identityProvider: 'accounts.example.com',
      accountId: ACCOUNT,
    };
    cases.push(['web identity caller', call(ANONYMOUS, { federatedCaller: federated }), 'sub-42']);
    for (const [name, input, expected] of cases) {
      const event = buildAuditEvent(input);
      assert.equal(usernameOf(event.userIdentity), expected, name);
      assert.equal(columnsOfRecord(auditEventJson(event))?.username, expected, name);
    }
  });

  it('every column, and the resources, from the JSON text', () => {
    const event = buildAuditEvent(
      call(
        { type: 'IAMUser', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userId: 'AIDAA', userName: 'alice', accessKeyId: 'AKIAALICE' },
        { errorCode: 'AccessDenied', errorMessage: 'no' },
      ),
    );
    assert.deepEqual(columnsOfRecord(auditEventJson(event)), {
      eventId: event.eventID,
      accountId: ACCOUNT,
      eventTime: event.eventTime,
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      readOnly: false,
      username: 'alice',
      accessKeyId: 'AKIAALICE',
      errorCode: 'AccessDenied',
      resources: [{ type: 'AWS::IAM::User', name: 'newbie' }],
    });
    assert.equal(columnsOfRecord('not json'), undefined);
  });
});
