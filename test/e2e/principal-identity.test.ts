import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetRoleCommand,
  ListAccessKeysCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT, rejectsWith, sessionCreds, StsFixture } from './sts-sessions.support.js';

/**
 * Principals are their unique IDs, not their names (IAM User Guide, "IAM identifiers"): a session
 * outlives nothing of the principal it was issued to, a stored trust policy stays bound to the
 * principal it named, and iam:PassRole guards the operations that hand a role to a service.
 */
describe('principals are their unique IDs', () => {
  const fx = new StsFixture();
  before(() => fx.start());
  after(() => fx.stop());

  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const trustAccount = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
  };

  /** Deletes a user with its keys and its inline policy `p`. */
  async function deleteUser(name: string): Promise<void> {
    for (const key of (await fx.root.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? []) {
      await fx.root.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKeyId! }));
    }
    await fx.root.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'p' })).catch(() => undefined);
    await fx.root.send(new DeleteUserCommand({ UserName: name }));
  }

  it('refuses a role session once its role is deleted, even when a role of the same name exists again', async () => {
    const caller = await fx.user('session-maker', allowAll);
    await fx.role('Replaced', trustAccount, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });
    const assumed = await fx.sts(caller.creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Replaced`, RoleSessionName: 'old' }));
    const old = fx.sts(sessionCreds(assumed.Credentials));
    assert.match((await old.send(new GetCallerIdentityCommand({}))).Arn!, /assumed-role\/Replaced\/old$/);

    await fx.root.send(new DeleteRolePolicyCommand({ RoleName: 'Replaced', PolicyName: 'p' }));
    await fx.root.send(new DeleteRoleCommand({ RoleName: 'Replaced' }));
    await rejectsWith(old.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);

    // A new role of that name, with more permissions and a trust policy that never named the old session.
    await fx.role('Replaced', trustAccount, allowAll);
    await rejectsWith(old.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    await rejectsWith(fx.iam(sessionCreds(assumed.Credentials)).send(new CreateUserCommand({ UserName: 'should-not-exist' })), 'InvalidClientTokenId', 403);
    // A session of the new role works.
    const fresh = await fx.sts(caller.creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Replaced`, RoleSessionName: 'new' }));
    assert.match((await fx.sts(sessionCreds(fresh.Credentials)).send(new GetCallerIdentityCommand({}))).Arn!, /assumed-role\/Replaced\/new$/);
  });

  it("refuses a user's GetSessionToken and GetFederationToken sessions once the user is replaced", async () => {
    const first = await fx.user('dora', allowAll);
    const token = await fx.sts(first.creds).send(new GetSessionTokenCommand({}));
    const federation = await fx.sts(first.creds).send(new GetFederationTokenCommand({ Name: 'dora-fed', Policy: JSON.stringify(allowAll) }));
    const session = fx.sts(sessionCreds(token.Credentials));
    const federated = fx.sts(sessionCreds(federation.Credentials));
    assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, first.arn);
    assert.match((await federated.send(new GetCallerIdentityCommand({}))).Arn!, /federated-user\/dora-fed$/);

    await deleteUser('dora');
    await fx.user('dora', allowAll);
    await rejectsWith(session.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    await rejectsWith(federated.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });

  it('shows the unique ID of a deleted principal in a trust policy that named it, and a new principal of that name gets nothing from it', async () => {
    const bob = await fx.user('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sts:AssumeRole' }] };
    await fx.role('TrustsBob', trust);
    await fx.sts(bob.creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/TrustsBob`, RoleSessionName: 'ok' }));
    const documentOf = async () =>
      JSON.parse(decodeURIComponent((await fx.root.send(new GetRoleCommand({ RoleName: 'TrustsBob' }))).Role!.AssumeRolePolicyDocument!));
    assert.equal((await documentOf()).Statement[0].Principal.AWS, bob.arn);

    const bobId = (await fx.sts(bob.creds).send(new GetCallerIdentityCommand({}))).UserId!;
    await deleteUser('bob');
    assert.equal((await documentOf()).Statement[0].Principal.AWS, bobId, 'the deleted user shows as its unique ID');

    const newBob = await fx.user('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    await rejectsWith(
      fx.sts(newBob.creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/TrustsBob`, RoleSessionName: 'no' })),
      'AccessDenied',
      403,
    );
  });

  it('follows a renamed user in the trust policies that name it', async () => {
    const erin = await fx.user('erin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    await fx.role('TrustsErin', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: [erin.arn, `arn:aws:iam::${ACCOUNT}:root`] }, Action: 'sts:AssumeRole' }],
    });
    await fx.root.send(new UpdateUserCommand({ UserName: 'erin', NewUserName: 'erin2', NewPath: '/moved/' }));
    const role = await fx.root.send(new GetRoleCommand({ RoleName: 'TrustsErin' }));
    const document = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
    assert.deepEqual(document.Statement[0].Principal.AWS, [`arn:aws:iam::${ACCOUNT}:user/moved/erin2`, `arn:aws:iam::${ACCOUNT}:root`]);
    const assumed = await fx.sts(erin.creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/TrustsErin`, RoleSessionName: 'renamed' }));
    assert.ok(assumed.Credentials?.SessionToken);
  });
});

describe('iam:PassRole', () => {
  const fx = new StsFixture();
  before(() => fx.start());
  after(() => fx.stop());

  const statement = (extra: object) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:AddRoleToInstanceProfile', 'iam:CreateInstanceProfile', 'cloudtrail:CreateTrail'], Resource: '*' }, extra],
  });

  it('is needed to add a role to an instance profile, passed to EC2', async () => {
    const roleArn = await fx.role('Ec2Role', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const none = await fx.user('no-pass', statement({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }));
    const toLambda = await fx.user(
      'pass-to-lambda',
      statement({ Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }),
    );
    const toEc2 = await fx.user(
      'pass-to-ec2',
      statement({ Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }),
    );
    await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await rejectsWith(
      fx.iam(none.creds).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'Ec2Role' })),
      'AccessDenied',
      403,
      /iam:PassRole on resource: arn:aws:iam::\d{12}:role\/Ec2Role/,
    );
    await rejectsWith(
      fx.iam(toLambda.creds).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'Ec2Role' })),
      'AccessDenied',
      403,
      /iam:PassRole/,
    );
    await fx.iam(toEc2.creds).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'Ec2Role' }));
  });

  it("is needed for a trail's CloudWatch Logs role, passed to CloudTrail", async () => {
    const roleArn = await fx.role('TrailLogs', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const none = await fx.user('trail-maker', statement({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }));
    const trails = new CloudTrailClient({ endpoint: fx.server.endpoint, region: 'us-east-1', credentials: none.creds, maxAttempts: 1 });
    await rejectsWith(
      trails.send(
        new CreateTrailCommand({
          Name: 'logs',
          S3BucketName: 'trail-bucket',
          CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail:*`,
          CloudWatchLogsRoleArn: roleArn,
        }),
      ),
      'AccessDenied',
      403,
      /iam:PassRole/,
    );
  });
});
