import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePolicyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { encodeAuthorizationMessage } from '../../src/auth/encodedMessage.js';
import { sessionCallRestriction } from '../../src/auth/sessionRestrictions.js';
import { openSessionToken, principalFromClaims } from '../../src/auth/sessionToken.js';
import { newAccessKeyId } from '../../src/model/index.js';
import { buildContext, evaluate } from '../../src/policy/index.js';
import { ACCOUNT, allow, rejectsWith, sessionCreds, StsFixture, totp } from './sts-sessions.support.js';
import type { Creds } from './sts-sessions.support.js';

const secondsFromNow = (f: StsFixture, seconds: number) => Math.floor(f.now.getTime() / 1000) * 1000 + seconds * 1000;

describe('sts:GetSessionToken', () => {
  const f = new StsFixture();
  let dana: { arn: string; creds: Creds };

  before(async () => {
    await f.start();
    dana = await f.user('dana', allow('iam:ListUsers', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }));
  });
  after(() => f.stop());

  it('issues credentials that act as the same user, 12 hours by default', async () => {
    const out = await f.sts(dana.creds).send(new GetSessionTokenCommand({}));
    assert.equal(out.Credentials!.Expiration!.getTime(), secondsFromNow(f, 43_200));
    const me = await f.sts(sessionCreds(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, dana.arn);
    const longest = await f.sts(dana.creds).send(new GetSessionTokenCommand({ DurationSeconds: 129_600 }));
    assert.equal(longest.Credentials!.Expiration!.getTime(), secondsFromNow(f, 129_600));
    await rejectsWith(f.sts(dana.creds).send(new GetSessionTokenCommand({ DurationSeconds: 129_601 })), 'ValidationError', 400);
    await rejectsWith(f.sts(dana.creds).send(new GetSessionTokenCommand({ DurationSeconds: 899 })), 'ValidationError', 400);
  });

  it('limits the root user to one hour', async () => {
    const out = await f.sts(f.server.credentials).send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assert.equal(out.Credentials!.Expiration!.getTime(), secondsFromNow(f, 3600));
    const me = await f.sts(sessionCreds(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  it('cannot be called with session credentials', async () => {
    const out = await f.sts(dana.creds).send(new GetSessionTokenCommand({}));
    await rejectsWith(
      f.sts(sessionCreds(out.Credentials)).send(new GetSessionTokenCommand({})),
      'AccessDenied',
      403,
      'Cannot call GetSessionToken with session credentials',
    );
  });

  it('with MFA, makes aws:MultiFactorAuthPresent true for a policy that requires it', async () => {
    const { serial, seed } = await f.mfa('dana');
    await rejectsWith(
      f.iam(dana.creds).send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      /because no identity-based policy allows the iam:ListUsers action/,
    );
    const plain = await f.sts(dana.creds).send(new GetSessionTokenCommand({}));
    const denied = await f.allowed(plain.Credentials!.SessionToken!, 'iam:ListUsers');
    assert.equal(denied.allowed, false, 'a session without MFA does not meet the condition');
    assert.match(denied.message!, /because no identity-based policy allows the iam:ListUsers action/);
    const restricted = principalFromClaims(openSessionToken(f.server.gatehouse.store.keyRing, plain.Credentials!.SessionToken!)!);
    assert.equal(sessionCallRestriction(restricted, 'iam', 'ListUsers')?.code, 'InvalidClientTokenId', 'and may not call IAM at all');
    assert.equal(sessionCallRestriction(restricted, 'sts', 'AssumeRole'), undefined);
    assert.equal(sessionCallRestriction(restricted, 'sts', 'DecodeAuthorizationMessage')?.code, 'AccessDenied');
    await rejectsWith(
      f.sts(dana.creds).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totp(seed, f.step() + 5) })),
      'AccessDenied',
      403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
    await rejectsWith(f.sts(dana.creds).send(new GetSessionTokenCommand({ SerialNumber: serial })), 'AccessDenied', 403, /must provide both/);
    const mfa = await f.sts(dana.creds).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totp(seed, f.step()) }));
    const withMfa = principalFromClaims(openSessionToken(f.server.gatehouse.store.keyRing, mfa.Credentials!.SessionToken!)!);
    assert.equal(sessionCallRestriction(withMfa, 'iam', 'ListUsers'), undefined, 'MFA sessions may call IAM');
    const users = await f.iam(sessionCreds(mfa.Credentials)).send(new ListUsersCommand({}));
    assert.ok(users.Users!.some((u) => u.UserName === 'dana'));
    const other = await f.user('ed');
    await rejectsWith(
      f.sts(other.creds).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totp(seed, f.step() + 1) })),
      'AccessDenied',
      403,
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    );
  });
});

describe('sts:GetFederationToken', () => {
  const f = new StsFixture();
  let frank: { arn: string; creds: Creds };
  const allowed = (token: string, action: string) => f.allowed(token, action);

  before(async () => {
    await f.start();
    frank = await f.user('frank', allow(['sts:GetFederationToken', 'iam:ListUsers', 'iam:ListRoles']));
  });
  after(() => f.stop());

  it('names the federated user and grants the intersection of the user policies and the session policy', async () => {
    const out = await f.sts(frank.creds).send(
      new GetFederationTokenCommand({
        Name: 'fed-frank',
        Policy: JSON.stringify(allow(['iam:ListRoles', 'iam:CreateUser'])),
        Tags: [{ Key: 'dept', Value: 'ops' }],
      }),
    );
    assert.deepEqual(out.FederatedUser, { FederatedUserId: `${ACCOUNT}:fed-frank`, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/fed-frank` });
    assert.ok((out.PackedPolicySize ?? 0) > 0);
    assert.equal(out.Credentials!.Expiration!.getTime(), secondsFromNow(f, 43_200));
    const me = await f.sts(sessionCreds(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:federated-user/fed-frank`);
    assert.equal(me.UserId, `${ACCOUNT}:fed-frank`);
    const token = out.Credentials!.SessionToken!;
    assert.equal((await allowed(token, 'iam:ListRoles')).allowed, true, 'in both');
    const users = await allowed(token, 'iam:ListUsers');
    assert.equal(users.allowed, false, 'only in the user policy');
    assert.match(users.message!, /federated-user\/fed-frank is not authorized to perform: iam:ListUsers because no session policy allows/);
    const create = await allowed(token, 'iam:CreateUser');
    assert.equal(create.allowed, false, 'only in the session policy');
    assert.match(create.message!, /because no identity-based policy allows/);
  });

  it('without a session policy the federated user has no permissions', async () => {
    const out = await f.sts(frank.creds).send(new GetFederationTokenCommand({ Name: 'bare' }));
    // AWS (recorded response): GetFederationToken reports PackedPolicySize 0 when nothing was packed.
    assert.equal(out.PackedPolicySize, 0);
    const roles = await allowed(out.Credentials!.SessionToken!, 'iam:ListRoles');
    assert.equal(roles.allowed, false);
    assert.match(roles.message!, /because no session policy allows the iam:ListRoles action/);
  });

  it('takes managed session policies by ARN', async () => {
    const managed = (await f.root.send(new CreatePolicyCommand({ PolicyName: 'users-only', PolicyDocument: JSON.stringify(allow('iam:ListUsers')) }))).Policy!;
    const out = await f.sts(frank.creds).send(new GetFederationTokenCommand({ Name: 'managed', PolicyArns: [{ arn: managed.Arn }] }));
    assert.equal((await allowed(out.Credentials!.SessionToken!, 'iam:ListUsers')).allowed, true);
    assert.equal((await allowed(out.Credentials!.SessionToken!, 'iam:ListRoles')).allowed, false);
  });

  it('needs sts:GetFederationToken, long-term credentials and valid inputs; root sessions last at most an hour', async () => {
    const gina = await f.user('gina');
    await rejectsWith(
      f.sts(gina.creds).send(new GetFederationTokenCommand({ Name: 'x1' })),
      'AccessDenied',
      403,
      `User: ${gina.arn} is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${ACCOUNT}:federated-user/x1 because no identity-based policy allows the sts:GetFederationToken action`,
    );
    const session = await f.sts(frank.creds).send(new GetSessionTokenCommand({}));
    await rejectsWith(
      f.sts(sessionCreds(session.Credentials)).send(new GetFederationTokenCommand({ Name: 'x1' })),
      'AccessDenied',
      403,
      'Cannot call GetFederationToken with session credentials',
    );
    await rejectsWith(f.sts(frank.creds).send(new GetFederationTokenCommand({ Name: 'x' })), 'ValidationError', 400);
    await rejectsWith(f.sts(frank.creds).send(new GetFederationTokenCommand({ Name: 'x1', Policy: '{"Statement":[]' })), 'MalformedPolicyDocument', 400);
    await rejectsWith(
      f.sts(frank.creds).send(
        new GetFederationTokenCommand({
          Name: 'x1',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
      'InvalidParameterValue',
      400,
    );
    const root = await f
      .sts(f.server.credentials)
      .send(new GetFederationTokenCommand({ Name: 'rooted', DurationSeconds: 7200, Policy: JSON.stringify(allow('iam:ListRoles')) }));
    assert.equal(root.Credentials!.Expiration!.getTime(), secondsFromNow(f, 3600));
    assert.equal((await allowed(root.Credentials!.SessionToken!, 'iam:ListRoles')).allowed, true, "the root user's permissions within the session policy");
    assert.equal((await allowed(root.Credentials!.SessionToken!, 'iam:ListUsers')).allowed, false);
  });

  it('may call no IAM operation and no STS operation but GetCallerIdentity (restriction for the pipeline)', async () => {
    const out = await f.sts(frank.creds).send(new GetFederationTokenCommand({ Name: 'limited', Policy: JSON.stringify(allow('*')) }));
    const principal = principalFromClaims(openSessionToken(f.server.gatehouse.store.keyRing, out.Credentials!.SessionToken!)!);
    assert.equal(sessionCallRestriction(principal, 'iam', 'ListRoles')?.code, 'InvalidClientTokenId');
    assert.equal(sessionCallRestriction(principal, 'sts', 'AssumeRole')?.code, 'AccessDenied');
    assert.equal(sessionCallRestriction(principal, 'sts', 'GetCallerIdentity'), undefined);
    assert.equal(sessionCallRestriction(principal, 's3', 'ListBuckets'), undefined);
  });
});

describe('sts:GetAccessKeyInfo and sts:DecodeAuthorizationMessage', () => {
  const f = new StsFixture();
  let hank: { arn: string; creds: Creds };

  before(async () => {
    await f.start();
    hank = await f.user('hank', allow(['sts:GetAccessKeyInfo', 'sts:DecodeAuthorizationMessage']));
  });
  after(() => f.stop());

  it('GetAccessKeyInfo names the account of a user key, a session key and the root key', async () => {
    const sts = f.sts(hank.creds);
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: hank.creds.accessKeyId }))).Account, ACCOUNT);
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: f.server.credentials.accessKeyId }))).Account, ACCOUNT);
    const session = await sts.send(new GetSessionTokenCommand({}));
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: session.Credentials!.AccessKeyId! }))).Account, ACCOUNT);
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: newAccessKeyId(true, '210987654321') }))).Account, '210987654321');
    // A key AWS issued decodes to the account AWS encoded in it (AWS's documentation example key).
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }))).Account, '581039954779');
    await rejectsWith(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'ZZZZ0000000000000000' })), 'InvalidParameterValue', 400);
    await rejectsWith(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'short' })), 'ValidationError', 400);
  });

  it('DecodeAuthorizationMessage expands an encoded denial, refuses altered messages and needs permission', async () => {
    const request = {
      principal: { arn: hank.arn, accountId: ACCOUNT, type: 'IAMUser' as const, userId: 'AIDAEXAMPLE' },
      action: 'ec2:StopInstances',
      resource: { arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`, accountId: ACCOUNT },
      context: buildContext({ 'ec2:Tenancy': 'default', 'aws:TagKeys': ['a', 'b'] }),
    };
    const decision = evaluate(request, { identity: [] });
    const encoded = encodeAuthorizationMessage(f.server.gatehouse.store.keyRing, request, decision);
    const out = await f.sts(hank.creds).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    assert.deepEqual(JSON.parse(out.DecodedMessage!), {
      allowed: false,
      explicitDeny: false,
      matchedStatements: { items: [] },
      failures: { items: [] },
      context: {
        principal: { id: 'AIDAEXAMPLE', name: hank.arn.slice(hank.arn.lastIndexOf('/') + 1), arn: hank.arn },
        action: 'ec2:StopInstances',
        resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`,
        conditions: {
          items: [
            { key: 'aws:TagKeys', values: { items: [{ value: 'a' }, { value: 'b' }] } },
            { key: 'ec2:Tenancy', values: { items: [{ value: 'default' }] } },
          ],
        },
      },
      reason: `denied implicitly: no identity-based policy allows ec2:StopInstances on arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`,
    });
    const middle = Math.floor(encoded.length / 2);
    const altered = encoded.slice(0, middle) + (encoded[middle] === 'A' ? 'B' : 'A') + encoded.slice(middle + 1);
    await rejectsWith(f.sts(hank.creds).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: altered })), 'InvalidAuthorizationMessageException', 400);
    await rejectsWith(
      f.sts(hank.creds).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })),
      'InvalidAuthorizationMessageException',
      400,
    );
    const ivy = await f.user('ivy');
    await rejectsWith(
      f.sts(ivy.creds).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })),
      'AccessDenied',
      403,
      `User: ${ivy.arn} is not authorized to perform: sts:DecodeAuthorizationMessage because no identity-based policy allows the sts:DecodeAuthorizationMessage action`,
    );
  });
});
