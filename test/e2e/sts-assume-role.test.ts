import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreatePolicyCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { openSessionToken } from '../../src/auth/sessionToken.js';
import { ACCOUNT, allow, rejectsWith, sessionCreds, StsFixture, totp, trust } from './sts-sessions.support.js';
import type { Creds } from './sts-sessions.support.js';

describe('sts:AssumeRole', () => {
  const f = new StsFixture();
  let alice: { arn: string; creds: Creds };
  let bob: { arn: string; creds: Creds };
  let reader: string;

  before(async () => {
    await f.start();
    alice = await f.user('alice');
    bob = await f.user('bob', allow('sts:AssumeRole'));
    reader = await f.role('reader', trust(alice.arn, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']), allow(['iam:ListUsers', 'iam:ListRoles']));
  });
  after(() => f.stop());

  it('issues role-session credentials that act as the assumed role', async () => {
    const out = await f.sts(alice.creds).send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 'alice-session' }));
    const role = (await f.root.send(new GetRoleCommand({ RoleName: 'reader' }))).Role!;
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/reader/alice-session`);
    assert.equal(out.AssumedRoleUser?.AssumedRoleId, `${role.RoleId}:alice-session`);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.Credentials!.Expiration!.getTime(), Math.floor(f.now.getTime() / 1000) * 1000 + 3_600_000, 'one hour by default');
    assert.equal(out.PackedPolicySize, undefined, 'no session policies or tags: nothing packed');
    const session = sessionCreds(out.Credentials);
    const me = await f.sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, out.AssumedRoleUser?.Arn);
    assert.equal(me.UserId, out.AssumedRoleUser?.AssumedRoleId);
    assert.ok(
      (await f.iam(session).send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'alice'),
      'the role policy applies',
    );
    assert.equal((await f.sts(f.server.credentials).send(new GetAccessKeyInfoCommand({ AccessKeyId: session.accessKeyId }))).Account, ACCOUNT);
    const used = (await f.root.send(new GetRoleCommand({ RoleName: 'reader' }))).Role!.RoleLastUsed;
    assert.equal(used?.Region, 'us-east-1');
    assert.ok(used?.LastUsedDate instanceof Date);
  });

  it("gives a role session its role's ARN as aws:PrincipalArn, never the session's", async () => {
    const roleArn = await f.role(
      'principal-arn',
      trust(alice.arn),
      allow('iam:ListUsers', { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/principal-arn` } }),
    );
    await f.root.send(
      new PutRolePolicyCommand({
        RoleName: 'principal-arn',
        PolicyName: 'session-arn',
        PolicyDocument: JSON.stringify(allow('iam:ListRoles', { ArnLike: { 'aws:PrincipalArn': `arn:aws:sts::${ACCOUNT}:assumed-role/*` } })),
      }),
    );
    const out = await f.sts(alice.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'arn-check' }));
    const session = f.iam(sessionCreds(out.Credentials));
    await session.send(new ListUsersCommand({}));
    await rejectsWith(session.send(new ListRolesCommand({})), 'AccessDenied', 403);
  });

  it('works as the SDK credential provider fromTemporaryCredentials', async () => {
    const provider = fromTemporaryCredentials({
      masterCredentials: alice.creds,
      params: { RoleArn: reader, RoleSessionName: 'provider' },
      clientConfig: { endpoint: f.server.endpoint, region: 'us-east-1' },
    });
    const me = await f.sts(await provider()).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/reader/provider`);
  });

  it('refuses the root user, and answers AccessDenied for a role that does not exist', async () => {
    await rejectsWith(
      f.sts(f.server.credentials).send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      'Roles may not be assumed by root accounts.',
    );
    const missing = `arn:aws:iam::${ACCOUNT}:role/nope`;
    await rejectsWith(
      f.sts(alice.creds).send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    );
    await rejectsWith(
      f.sts(alice.creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/wrong/path/reader`, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
    );
  });

  it('is denied by the trust policy when it does not name the caller', async () => {
    await rejectsWith(
      f.sts(bob.creds).send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      `User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${reader} because no resource-based policy allows the sts:AssumeRole action`,
    );
  });

  it('needs an identity policy too when the trust policy names only the account', async () => {
    const shared = await f.role('shared', trust(`arn:aws:iam::${ACCOUNT}:root`));
    await rejectsWith(
      f.sts(alice.creds).send(new AssumeRoleCommand({ RoleArn: shared, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${shared} because no identity-based policy allows the sts:AssumeRole action`,
    );
    const out = await f.sts(bob.creds).send(new AssumeRoleCommand({ RoleArn: shared, RoleSessionName: 's1' }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/shared/s1`);
  });

  it('checks sts:ExternalId: missing and wrong are denied, the right one is allowed', async () => {
    const vendor = await f.role('vendor', trust(bob.arn, 'sts:AssumeRole', { StringEquals: { 'sts:ExternalId': 'unicorn-42' } }));
    const sts = f.sts(bob.creds);
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: vendor, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      /because no resource-based policy allows/,
    );
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: vendor, RoleSessionName: 's1', ExternalId: 'unicorn-41' })), 'AccessDenied', 403);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: vendor, RoleSessionName: 's1', ExternalId: 'unicorn-42' }));
    assert.ok(out.Credentials?.SessionToken);
  });

  it('requires MFA when the trust policy says so, with a real TOTP code that cannot be replayed', async () => {
    const carol = await f.user('carol');
    const { serial, seed } = await f.mfa('carol');
    const admin = await f.role('mfa-admin', trust(carol.arn, 'sts:AssumeRole', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), allow('iam:ListRoles'));
    const sts = f.sts(carol.creds);
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: admin, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      /because no resource-based policy allows/,
    );
    const wrong = totp(seed, f.step()) === '000000' ? '111111' : '000000';
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: admin, RoleSessionName: 's1', SerialNumber: serial, TokenCode: wrong })),
      'AccessDenied',
      403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: admin, RoleSessionName: 's1', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/someone-else`, TokenCode: '123456' })),
      'AccessDenied',
      403,
      /unable to validate MFA code/,
    );
    const code = totp(seed, f.step());
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: admin, RoleSessionName: 's1', SerialNumber: serial, TokenCode: code }));
    assert.ok((await f.iam(sessionCreds(out.Credentials)).send(new ListRolesCommand({}))).Roles!.length > 0);
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: admin, RoleSessionName: 's2', SerialNumber: serial, TokenCode: code })),
      'AccessDenied',
      403,
      /invalid MFA one time pass code/,
    );
  });

  it('enforces DurationSeconds limits: the model minimum and the role maximum', async () => {
    const long = await f.role('long', trust(alice.arn), undefined, 7200);
    const sts = f.sts(alice.creds);
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 's1', DurationSeconds: 899 })), 'ValidationError', 400);
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 's1', DurationSeconds: 3601 })),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: long, RoleSessionName: 's1', DurationSeconds: 7200 }));
    assert.equal(out.Credentials!.Expiration!.getTime(), Math.floor(f.now.getTime() / 1000) * 1000 + 7_200_000);
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: long, RoleSessionName: 'bad name!' })), 'ValidationError', 400);
  });

  it('caps role chaining at one hour and carries transitive tags and the source identity along', async () => {
    const hop = await f.role('hop', trust(`arn:aws:iam::${ACCOUNT}:root`, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']), undefined, 43_200);
    await f.root.send(
      new PutRolePolicyCommand({
        RoleName: 'reader',
        PolicyName: 'chain',
        PolicyDocument: JSON.stringify(allow(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])),
      }),
    );
    const first = await f.sts(alice.creds).send(
      new AssumeRoleCommand({
        RoleArn: reader,
        RoleSessionName: 'first',
        SourceIdentity: 'alice@example.com',
        Tags: [
          { Key: 'team', Value: 'blue' },
          { Key: 'ticket', Value: 'T-1' },
        ],
        TransitiveTagKeys: ['team'],
      }),
    );
    assert.equal(first.SourceIdentity, 'alice@example.com');
    assert.ok((first.PackedPolicySize ?? 0) > 0);
    const sts = f.sts(sessionCreds(first.Credentials));
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: hop, RoleSessionName: 'second', DurationSeconds: 3601 })),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: hop, RoleSessionName: 'second', Tags: [{ Key: 'TEAM', Value: 'red' }] })),
      'InvalidParameterValue',
      400,
      /conflicts with a transitive tag key from the calling session/,
    );
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: hop, RoleSessionName: 'second', SourceIdentity: 'mallory' })), 'InvalidParameterValue', 400);
    const second = await sts.send(new AssumeRoleCommand({ RoleArn: hop, RoleSessionName: 'second', DurationSeconds: 3600 }));
    assert.equal(second.SourceIdentity, 'alice@example.com');
    const claims = openSessionToken(f.server.gatehouse.store.keyRing, second.Credentials!.SessionToken!);
    assert.deepEqual(claims?.sessionTags, { team: 'blue' }, 'the transitive tag came along, the other did not');
    assert.deepEqual(claims?.transitiveTagKeys, ['team']);
    assert.equal(claims?.chainDepth, 1);
  });

  it('narrows the role with session policies (inline and managed)', async () => {
    const sts = f.sts(alice.creds);
    const narrowed = await sts.send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 'narrow', Policy: JSON.stringify(allow('iam:ListRoles')) }));
    assert.ok((narrowed.PackedPolicySize ?? 0) > 0);
    const iam = f.iam(sessionCreds(narrowed.Credentials));
    assert.ok((await iam.send(new ListRolesCommand({}))).Roles!.length > 0);
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/reader/narrow`;
    await rejectsWith(
      iam.send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      `User: ${arn} is not authorized to perform: iam:ListUsers because no session policy allows the iam:ListUsers action`,
    );
    const managed = (await f.root.send(new CreatePolicyCommand({ PolicyName: 'only-users', PolicyDocument: JSON.stringify(allow('iam:ListUsers')) }))).Policy!;
    const viaArn = await sts.send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 'managed', PolicyArns: [{ arn: managed.Arn }] }));
    const iam2 = f.iam(sessionCreds(viaArn.Credentials));
    assert.ok((await iam2.send(new ListUsersCommand({}))).Users!.length > 0);
    await rejectsWith(iam2.send(new ListRolesCommand({})), 'AccessDenied', 403, /because no session policy allows the iam:ListRoles action/);
  });

  it('a managed session policy deleted and created again under its name applies at once', async () => {
    const document = JSON.stringify(allow('iam:ListUsers'));
    const arn = (await f.root.send(new CreatePolicyCommand({ PolicyName: 'session-recreated', PolicyDocument: document }))).Policy!.Arn!;
    const out = await f.sts(alice.creds).send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 'recreated', PolicyArns: [{ arn }] }));
    const iam = f.iam(sessionCreds(out.Credentials));
    await iam.send(new ListUsersCommand({}));
    await f.root.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await rejectsWith(iam.send(new ListUsersCommand({})), 'AccessDenied', 403, /because no session policy allows the iam:ListUsers action/);
    await f.root.send(new CreatePolicyCommand({ PolicyName: 'session-recreated', PolicyDocument: document }));
    assert.ok((await iam.send(new ListUsersCommand({}))).Users!.length > 0);
  });

  it('makes session tags principal tags for conditions, and needs sts:TagSession to pass them', async () => {
    const tagged = await f.role(
      'tagged',
      trust(alice.arn, ['sts:AssumeRole', 'sts:TagSession']),
      allow('iam:ListRoles', { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }),
    );
    await f.root.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'team', Value: 'red' }] }));
    const sts = f.sts(alice.creds);
    const blue = await sts.send(new AssumeRoleCommand({ RoleArn: tagged, RoleSessionName: 'blue', Tags: [{ Key: 'team', Value: 'blue' }] }));
    assert.ok((await f.iam(sessionCreds(blue.Credentials)).send(new ListRolesCommand({}))).Roles!.length > 0, 'the session tag overrides the role tag');
    const plain = await sts.send(new AssumeRoleCommand({ RoleArn: tagged, RoleSessionName: 'plain' }));
    await rejectsWith(f.iam(sessionCreds(plain.Credentials)).send(new ListRolesCommand({})), 'AccessDenied', 403, /because no identity-based policy allows/);
    const noTagSession = await f.role('no-tagging', trust(alice.arn));
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: noTagSession, RoleSessionName: 'sx', Tags: [{ Key: 'team', Value: 'blue' }] })),
      'AccessDenied',
      403,
      /sts:TagSession/,
    );
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: noTagSession, RoleSessionName: 'sx', SourceIdentity: 'alice' })),
      'AccessDenied',
      403,
      /sts:SetSourceIdentity/,
    );
  });

  it('refuses malformed session inputs', async () => {
    const sts = f.sts(alice.creds);
    const send = (extra: object) => sts.send(new AssumeRoleCommand({ RoleArn: reader, RoleSessionName: 'sx', ...extra }));
    await rejectsWith(
      send({ Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*"}]}' }),
      'MalformedPolicyDocument',
      400,
      'Policy statement must contain resources.',
    );
    await rejectsWith(send({ Policy: '{not json' }), 'MalformedPolicyDocument', 400);
    // AWS: a RoleArn that is not an ARN is refused before any authorization.
    for (const arn of [
      'nothing-valid-in-here',
      'arn::b:::something/test-role',
      'arn:a::::something/test-role',
      'arn:a:::something/test-role',
      'arn:a:a::aaaaaaaaaa:',
    ]) {
      await rejectsWith(send({ RoleArn: arn }), 'ValidationError', 400, `${arn} is invalid`);
    }
    await rejectsWith(send({ PolicyArns: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/missing` }] }), 'MalformedPolicyDocument', 400);
    await rejectsWith(
      send({
        Tags: [
          { Key: 'Team', Value: 'a' },
          { Key: 'team', Value: 'b' },
        ],
      }),
      'InvalidParameterValue',
      400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    await rejectsWith(send({ Tags: [{ Key: 'a', Value: 'b' }], TransitiveTagKeys: ['c'] }), 'InvalidParameterValue', 400);
    // AWS: IAM User Guide, "Rules for tagging in IAM and AWS STS": no session tag key or value begins with aws:.
    await rejectsWith(send({ Tags: [{ Key: 'aws:team', Value: 'a' }] }), 'InvalidParameterValue', 400, /begins with aws:/);
    await rejectsWith(send({ Tags: [{ Key: 'team', Value: 'AWS:a' }] }), 'InvalidParameterValue', 400, /begins with aws:/);
    // Random resource names do not compress: 150 of them exceed the packed budget though the text is accepted.
    const huge = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:GetRole',
          Resource: Array.from({ length: 150 }, () => `arn:aws:iam::${ACCOUNT}:role/${randomBytes(24).toString('hex')}`),
        },
      ],
    };
    await rejectsWith(
      send({ Policy: JSON.stringify(huge) }),
      'PackedPolicyTooLarge',
      400,
      /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/,
    );
  });

  it('sees every change to the role on the very next call: tags, trust policy, deletion (the node keeps roles it has read)', async () => {
    const gated = await f.role('gated', trust(alice.arn, 'sts:AssumeRole', { StringEquals: { 'iam:ResourceTag/gate': 'open' } }));
    const assume = () => f.sts(alice.creds).send(new AssumeRoleCommand({ RoleArn: gated, RoleSessionName: 'gate' }));
    await rejectsWith(assume(), 'AccessDenied', 403);
    await f.root.send(new TagRoleCommand({ RoleName: 'gated', Tags: [{ Key: 'gate', Value: 'open' }] }));
    assert.ok((await assume()).Credentials);
    await f.root.send(new UntagRoleCommand({ RoleName: 'gated', TagKeys: ['gate'] }));
    await rejectsWith(assume(), 'AccessDenied', 403);
    await f.root.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'gated', PolicyDocument: JSON.stringify(trust(alice.arn)) }));
    assert.ok((await assume()).Credentials);
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }] };
    await f.root.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'gated', PolicyDocument: JSON.stringify(deny) }));
    await rejectsWith(assume(), 'AccessDenied', 403);
    await f.root.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'gated', PolicyDocument: JSON.stringify(trust(alice.arn)) }));
    assert.ok((await assume()).Credentials);
    await f.root.send(new DeleteRoleCommand({ RoleName: 'gated' }));
    await rejectsWith(assume(), 'AccessDenied', 403, `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${gated}`);
  });
});
