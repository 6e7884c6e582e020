import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

const ACCOUNT = TEST_ACCOUNT_ID;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/team/alice`;

const allowS3Read = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }],
});
const denyDelete = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }],
});

/** AWS's error code for a request the IAM API rejects as bad input. */
async function rejectsInvalidInput(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, 'InvalidInputException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
}

describe('policy simulator', () => {
  let server: TestServer;
  let iam: IAMClient;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    // Seed a user with inline policies straight into the store (the users/policies APIs belong to other topics).
    const store = server.gatehouse.store;
    await store.users.create({ accountId: ACCOUNT, userId: 'AIDASIMULATORALICE01', name: 'alice', path: '/team/', arn: ALICE });
    await store.db
      .insertInto('inline_policies')
      .values([
        { account_id: ACCOUNT, principal_kind: 'user', principal_name: 'alice', policy_name: 'read', document: allowS3Read },
        {
          account_id: ACCOUNT,
          principal_kind: 'user',
          principal_name: 'alice',
          policy_name: 'home',
          document: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:PutObject',
                Resource: 'arn:aws:s3:::home/${aws:username}/*',
                Condition: { Bool: { 'aws:SecureTransport': 'true' } },
              },
            ],
          }),
        },
      ])
      .execute();
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it('allows, denies implicitly and denies explicitly, with the matched statement and its position', async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [allowS3Read, denyDelete],
        ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      }),
    );
    assert.equal(out.IsTruncated, false);
    const [get, put, del] = out.EvaluationResults!;
    assert.equal(get!.EvalActionName, 's3:GetObject');
    assert.equal(get!.EvalResourceName, '*');
    assert.equal(get!.EvalDecision, 'allowed');
    assert.deepEqual(get!.MatchedStatements, [
      { SourcePolicyId: 'PolicyInputList.1', StartPosition: { Line: 1, Column: 39 }, EndPosition: { Line: 1, Column: 126 } },
    ]);
    // AWS: OrganizationsDecisionDetail "only applies if the simulated user's account is part of an organization".
    assert.equal(get!.OrganizationsDecisionDetail, undefined);
    assert.deepEqual(get!.MissingContextValues, []);
    assert.equal(put!.EvalDecision, 'implicitDeny');
    assert.deepEqual(put!.MatchedStatements, []);
    assert.equal(del!.EvalDecision, 'explicitDeny');
    assert.equal(del!.MatchedStatements![0]!.SourcePolicyId, 'PolicyInputList.2');
  });

  it('answers the AWS CLI documentation example exactly', async () => {
    // aws-cli awscli/examples/iam/simulate-custom-policy.rst and get-context-keys-for-custom-policy.rst
    const policy =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    const at = (date: string) =>
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [policy],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: [date], ContextKeyType: 'date' }],
        }),
      );
    const allowed = await at('2019-04-25T11:00:00Z');
    assert.deepEqual(allowed.EvaluationResults, [
      {
        EvalActionName: 'dynamodb:CreateBackup',
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }],
        MissingContextValues: [],
      },
    ]);
    const denied = await at('2014-04-25T11:00:00Z');
    assert.deepEqual(denied.EvaluationResults, [
      { EvalActionName: 'dynamodb:CreateBackup', EvalResourceName: '*', EvalDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: [] },
    ]);
    const keys = await iam.send(
      new GetContextKeysForCustomPolicyCommand({
        PolicyInputList: [
          '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}',
        ],
      }),
    );
    assert.deepEqual(keys.ContextKeyNames, ['aws:username', 'aws:CurrentTime']);
  });

  it('lets a resource policy naming the caller grant access, and reports each layer', async () => {
    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/*' }],
    });
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [allowS3Read],
        ActionNames: ['s3:PutObject'],
        ResourceArns: ['arn:aws:s3:::shared/report.csv', 'arn:aws:s3:::other/report.csv'],
        ResourcePolicy: resourcePolicy,
        ResourceOwner: `arn:aws:iam::${ACCOUNT}:root`,
        CallerArn: ALICE,
      }),
    );
    const [shared, other] = out.EvaluationResults!;
    assert.equal(shared!.EvalDecision, 'allowed');
    assert.equal(shared!.EvalResourceName, 'arn:aws:s3:::shared/report.csv');
    assert.deepEqual(shared!.EvalDecisionDetails, { 'IAM Policy': 'implicitDeny', ResourcePolicy: 'allowed' });
    assert.equal(shared!.ResourceSpecificResults![0]!.EvalResourceDecision, 'allowed');
    assert.equal(shared!.MatchedStatements![0]!.SourcePolicyType, 'resource');
    assert.equal(other!.EvalDecision, 'implicitDeny');
  });

  it('requires CallerArn with a resource policy, and an IAM user as caller', async () => {
    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
    });
    await rejectsInvalidInput(
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowS3Read], ActionNames: ['s3:GetObject'], ResourcePolicy: resourcePolicy })),
    );
    await rejectsInvalidInput(
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [allowS3Read],
          ActionNames: ['s3:GetObject'],
          ResourcePolicy: resourcePolicy,
          CallerArn: `arn:aws:iam::${ACCOUNT}:role/admin`,
        }),
      ),
    );
  });

  it('limits identity permissions with a permissions boundary', async () => {
    const boundary = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [allowS3Read],
        PermissionsBoundaryPolicyInputList: [boundary],
        ActionNames: ['s3:GetObject', 's3:ListBucket'],
      }),
    );
    const [get, list] = out.EvaluationResults!;
    assert.equal(get!.EvalDecision, 'implicitDeny');
    assert.deepEqual(get!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
    assert.equal(list!.EvalDecision, 'allowed');
    assert.deepEqual(list!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
    assert.ok(list!.MatchedStatements!.some((m) => m.SourcePolicyId === 'PermissionsBoundaryPolicyInputList.1'));
  });

  it('evaluates conditions on ContextEntries and reports the keys it was not given', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ec2:StartInstances',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, NumericLessThan: { 'ec2:Quota': '5' } },
        },
      ],
    });
    const run = (entries: { ContextKeyName: string; ContextKeyValues: string[]; ContextKeyType: any }[]) =>
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['ec2:StartInstances'], ContextEntries: entries }));

    const none = (await run([])).EvaluationResults![0]!;
    assert.equal(none.EvalDecision, 'implicitDeny');
    assert.deepEqual(none.MissingContextValues, ['aws:SourceIp', 'ec2:Quota']);

    const inside = (
      await run([
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['203.0.113.9'], ContextKeyType: 'ip' },
        { ContextKeyName: 'ec2:Quota', ContextKeyValues: ['3'], ContextKeyType: 'numeric' },
      ])
    ).EvaluationResults![0]!;
    assert.equal(inside.EvalDecision, 'allowed');
    assert.deepEqual(inside.MissingContextValues, []);

    const outside = (
      await run([
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['198.51.100.1'], ContextKeyType: 'ip' },
        { ContextKeyName: 'ec2:Quota', ContextKeyValues: ['3'], ContextKeyType: 'numeric' },
      ])
    ).EvaluationResults![0]!;
    assert.equal(outside.EvalDecision, 'implicitDeny');

    await rejectsInvalidInput(run([{ ContextKeyName: 'ec2:Quota', ContextKeyValues: ['three'], ContextKeyType: 'numeric' }]));
  });

  it('pages through results with MaxItems and Marker', async () => {
    const actions = ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:DeleteObject', 's3:GetBucketPolicy'];
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowS3Read], ActionNames: actions, MaxItems: 2, Marker: marker }));
      pages++;
      assert.ok(out.EvaluationResults!.length <= 2);
      seen.push(...out.EvaluationResults!.map((r) => r.EvalActionName!));
      marker = out.IsTruncated ? out.Marker : undefined;
      if (out.IsTruncated) assert.ok(out.Marker);
    } while (marker !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen, actions);
    // AWS: every paginated IAM list answers a marker it did not hand out with ValidationError "Invalid Marker.".
    await assert.rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allowS3Read], ActionNames: actions, Marker: 'bogus' })), {
      name: 'ValidationError',
      message: 'Invalid Marker.',
    });
  });

  it('rejects a policy that does not parse, with nothing simulated', async () => {
    await rejectsInvalidInput(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":"2012-10-17"'], ActionNames: ['s3:GetObject'] })));
  });

  it('simulates a user with its inline policies, resolving policy variables from the context', async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: ALICE,
        ActionNames: ['s3:GetObject', 's3:PutObject'],
        ResourceArns: ['arn:aws:s3:::home/alice/notes.txt'],
        ContextEntries: [
          { ContextKeyName: 'aws:username', ContextKeyValues: ['alice'], ContextKeyType: 'string' },
          { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
        ],
      }),
    );
    const [get, put] = out.EvaluationResults!;
    assert.equal(get!.EvalDecision, 'allowed');
    assert.deepEqual(
      get!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
      [['read', 'IAM Policy']],
    );
    assert.equal(put!.EvalDecision, 'allowed');
    assert.equal(put!.MatchedStatements![0]!.SourcePolicyId, 'home');

    const bare = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: ALICE, ActionNames: ['s3:PutObject'], ResourceArns: ['arn:aws:s3:::home/alice/notes.txt'] }),
    );
    const result = bare.EvaluationResults![0]!;
    assert.equal(result.EvalDecision, 'implicitDeny');
    // AWS (recorded): without a resource policy EvalDecisionDetails is present and empty.
    assert.deepEqual(result.EvalDecisionDetails, {});
    assert.deepEqual(result.ResourceSpecificResults![0]!.MissingContextValues, ['aws:username', 'aws:SecureTransport']);
  });

  it('answers NoSuchEntity for an unknown principal and InvalidInput for a malformed ARN', async () => {
    await assert.rejects(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/nobody`, ActionNames: ['s3:GetObject'] })),
      (err: any) => err.name === 'NoSuchEntityException' && err.$metadata.httpStatusCode === 404,
    );
    await rejectsInvalidInput(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:s3:::not-a-principal', ActionNames: ['s3:GetObject'] })));
  });

  it('lists the context keys of custom and principal policies, variables included', async () => {
    const custom = await iam.send(
      new GetContextKeysForCustomPolicyCommand({
        PolicyInputList: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:*',
                Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*',
                Condition: { StringEquals: { 's3:prefix': '${aws:username}/' }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
              },
            ],
          }),
          JSON.stringify({
            Version: '2012-10-17',
            Statement: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'AWS:CurrentTime': 'x', 'aws:MultiFactorAuthPresent': 'false' } } },
          }),
        ],
      }),
    );
    assert.deepEqual(custom.ContextKeyNames, ['aws:PrincipalTag/team', 's3:prefix', 'aws:username', 'aws:CurrentTime', 'aws:MultiFactorAuthPresent']);

    const principal = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: ALICE }));
    assert.deepEqual(principal.ContextKeyNames, ['aws:username', 'aws:SecureTransport']);
    await rejectsInvalidInput(iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: ['not json'] })));
  });

  it('includes the policies of the groups a user belongs to, and simulates a group', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'Readers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'Erin' }));
    await server.gatehouse.store.db
      .insertInto('inline_policies')
      .values({ account_id: ACCOUNT, principal_kind: 'group', principal_name: 'Readers', policy_name: 'group-read', document: allowS3Read })
      .execute();
    const user = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/erin`, ActionNames: ['s3:GetObject', 's3:PutObject'] }),
    );
    assert.deepEqual(
      user.EvaluationResults!.map((r) => [r.EvalDecision, r.MatchedStatements!.map((m) => `${m.SourcePolicyType}:${m.SourcePolicyId}`)]),
      [
        ['allowed', ['IAM Policy:group-read']],
        ['implicitDeny', []],
      ],
    );
    const group = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:group/Readers`, ActionNames: ['s3:ListBucket'] }),
    );
    assert.equal(group.EvaluationResults![0]!.EvalDecision, 'allowed');
  });

  it('simulates a role with an AWS managed policy, then within its permissions boundary', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust }));
    const store = server.gatehouse.store;
    await store.policyAttachments.attach(ACCOUNT, 'role', 'deployer', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
    const simulate = () => iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: Role!.Arn, ActionNames: ['s3:GetObject', 'ec2:DescribeInstances'] }));

    const [get, describe] = (await simulate()).EvaluationResults!;
    assert.equal(get!.EvalDecision, 'allowed');
    assert.deepEqual(
      get!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
      [['AmazonS3ReadOnlyAccess', 'IAM Policy']],
    );
    assert.equal(get!.PermissionsBoundaryDecisionDetail, undefined);
    assert.equal(describe!.EvalDecision, 'implicitDeny');

    await store.policyAttachments.setBoundary(ACCOUNT, 'role', 'deployer', 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess');
    const [bounded] = (await simulate()).EvaluationResults!;
    assert.equal(bounded!.EvalDecision, 'implicitDeny');
    assert.deepEqual(bounded!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  });
});
