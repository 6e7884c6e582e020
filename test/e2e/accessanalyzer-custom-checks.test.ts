import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  type CheckAccessNotGrantedCommandInput,
} from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../support/gatehouse.js';
import { clientConfig, userWithPolicy } from '../support/organizations.js';
import { rejects } from '../support/rejects.js';

const doc = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });

/** AWS's own example of check-no-new-access (AWS CLI examples). */
const EXISTING = doc({
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'],
});
const UPDATED = doc({
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:ListBucket'],
  Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'],
});
const JOHN_DOE = (action: string, resource: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Id: '123',
    Statement: [{ Sid: 'AllowJohnDoe', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/JohnDoe' }, Action: action, Resource: resource }],
  });

describe('Access Analyzer custom policy checks over the SDK', () => {
  let server: TestServer;
  let analyzer: AccessAnalyzerClient;

  before(async () => {
    server = await startTestServer();
    analyzer = new AccessAnalyzerClient(clientConfig(server.endpoint, server.credentials));
  });
  after(async () => server.stop());

  it("CheckNoNewAccess answers AWS's CLI example with AWS's result, message and reason", async () => {
    const fail = await analyzer.send(
      new CheckNoNewAccessCommand({ newPolicyDocument: UPDATED, existingPolicyDocument: EXISTING, policyType: 'IDENTITY_POLICY' }),
    );
    assert.equal(fail.result, 'FAIL');
    assert.equal(fail.message, 'The modified permissions grant new access compared to your existing policy.');
    assert.deepEqual(fail.reasons, [{ description: 'New access in the statement with index: 0.', statementIndex: 0 }]);
    const pass = await analyzer.send(
      new CheckNoNewAccessCommand({ newPolicyDocument: EXISTING, existingPolicyDocument: UPDATED, policyType: 'IDENTITY_POLICY' }),
    );
    assert.equal(pass.result, 'PASS');
    assert.equal(pass.reasons, undefined);
  });

  it('CheckNoNewAccess compares resource policies, principals included, and names statements by Sid', async () => {
    const existing = doc({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
    const narrower = doc({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::bucket/reports/*',
    });
    const wider = doc({ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
    const pass = await analyzer.send(
      new CheckNoNewAccessCommand({ newPolicyDocument: narrower, existingPolicyDocument: existing, policyType: 'RESOURCE_POLICY' }),
    );
    assert.equal(pass.result, 'PASS');
    const fail = await analyzer.send(
      new CheckNoNewAccessCommand({ newPolicyDocument: wider, existingPolicyDocument: existing, policyType: 'RESOURCE_POLICY' }),
    );
    assert.deepEqual(fail.reasons, [{ description: 'New access in the statement with sid: Everyone.', statementIndex: 0, statementId: 'Everyone' }]);
  });

  it("CheckAccessNotGranted answers AWS's SDK examples: actions, resources, PASS and FAIL", async () => {
    const passActions = await analyzer.send(
      new CheckAccessNotGrantedCommand({
        access: [{ actions: ['s3:PutObject'] }],
        policyDocument: JOHN_DOE('s3:GetObject', '*'),
        policyType: 'RESOURCE_POLICY',
      }),
    );
    assert.deepEqual(
      [passActions.result, passActions.message],
      ['PASS', 'The policy document does not grant access to perform the listed actions or resources.'],
    );
    const passResources = await analyzer.send(
      new CheckAccessNotGrantedCommand({
        access: [{ resources: ['arn:aws:s3:::sensitive-bucket/*'] }],
        policyDocument: JOHN_DOE('s3:PutObject', 'arn:aws:s3:::non-sensitive-bucket/*'),
        policyType: 'RESOURCE_POLICY',
      }),
    );
    assert.equal(passResources.result, 'PASS');
    const fail = await analyzer.send(
      new CheckAccessNotGrantedCommand({
        access: [{ resources: ['arn:aws:s3:::my-bucket/*'] }],
        policyDocument: JOHN_DOE('s3:PutObject', 'arn:aws:s3:::my-bucket/*'),
        policyType: 'RESOURCE_POLICY',
      }),
    );
    assert.equal(fail.message, 'The policy document grants access to perform one or more of the listed actions or resources.');
    assert.deepEqual(fail.reasons, [
      {
        description: 'One or more of the listed actions or resources in the statement with sid: AllowJohnDoe.',
        statementId: 'AllowJohnDoe',
        statementIndex: 0,
      },
    ]);
  });

  it("CheckNoPublicAccess answers AWS's SDK examples, and reads what limits a statement to known callers", async () => {
    const pass = await analyzer.send(
      new CheckNoPublicAccessCommand({
        policyDocument: doc({ Sid: 'Bob', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/JohnDoe' }, Action: ['s3:GetObject'] }),
        resourceType: 'AWS::S3::Bucket',
      }),
    );
    assert.deepEqual(
      [pass.result, pass.message, pass.reasons],
      ['PASS', 'The resource policy does not grant public access for the given resource type.', undefined],
    );
    const fail = await analyzer.send(
      new CheckNoPublicAccessCommand({
        policyDocument: doc({ Sid: 'Bob', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'] }),
        resourceType: 'AWS::S3::Bucket',
      }),
    );
    assert.equal(fail.message, 'The resource policy grants public access for the given resource type.');
    assert.deepEqual(fail.reasons, [{ description: 'Public access granted in the following statement with sid: Bob.', statementId: 'Bob', statementIndex: 0 }]);
    const org = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sqs:SendMessage',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
    assert.equal((await analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: org, resourceType: 'AWS::SQS::Queue' }))).result, 'PASS');
    const trust = doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' });
    assert.equal(
      (await analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: trust, resourceType: 'AWS::IAM::AssumeRolePolicyDocument' }))).result,
      'FAIL',
    );
  });

  it("answers bad input with AWS's ValidationException", async () => {
    const check = (input: Partial<CheckAccessNotGrantedCommandInput>) =>
      analyzer.send(
        new CheckAccessNotGrantedCommand({
          policyDocument: EXISTING,
          access: [{ actions: ['s3:GetObject'] }],
          policyType: 'IDENTITY_POLICY',
          ...input,
        } as CheckAccessNotGrantedCommandInput),
      );
    // A document that is not a policy, or not one of the type.
    await rejects(
      analyzer.send(
        new CheckNoNewAccessCommand({ newPolicyDocument: '{"Version": "2012-10-17",', existingPolicyDocument: EXISTING, policyType: 'IDENTITY_POLICY' }),
      ),
      'ValidationException',
      {
        message: /^Invalid newPolicyDocument: /,
      },
    );
    await rejects(check({ policyDocument: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) }), 'ValidationException', {
      message: /^Invalid policyDocument: .*Principal/,
    });
    await rejects(
      check({ policyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), policyType: 'RESOURCE_POLICY' }),
      'ValidationException',
      { message: /^Invalid policyDocument: / },
    );
    // The model's constraints, in AWS's words.
    await rejects(check({ policyType: 'SERVICE_CONTROL_POLICY' as never }), 'ValidationException', {
      message:
        "1 validation error detected: Value 'SERVICE_CONTROL_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY]",
    });
    const actions = Array.from({ length: 101 }, (_, i) => `s3:Action${i}`);
    await rejects(check({ access: [{ actions }] }), 'ValidationException', {
      message: /at 'access\.1\.member\.actions' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    });
    const resources = Array.from({ length: 101 }, (_, i) => `arn:aws:s3:::bucket${i}/*`);
    await rejects(check({ access: [{ resources }] }), 'ValidationException', { message: /Member must have length less than or equal to 100$/ });
    await rejects(check({ access: [{ actions: ['s3:GetObject'] }, { actions: ['s3:PutObject'] }] }), 'ValidationException', {
      message: /at 'access' failed to satisfy constraint: Member must have length less than or equal to 1$/,
    });
    await rejects(check({ access: [] }), 'ValidationException', { message: /^Invalid access: / });
    await rejects(
      analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: EXISTING, resourceType: 'AWS::EC2::Instance' as never })),
      'ValidationException',
      {
        message:
          /^1 validation error detected: Value 'AWS::EC2::Instance' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: \[AWS::DynamoDB::Table, /,
      },
    );
    await rejects(analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: EXISTING } as never)), 'ValidationException', {
      message: /at 'resourceType' failed to satisfy constraint: Member must not be null/,
    });
  });

  it('checks a 1 MB document off the request thread while other calls are answered, and refuses one over 1 MiB', async () => {
    const statements: object[] = [];
    for (let i = 0, size = 0; size < 1_000_000; i++) {
      const s = {
        Sid: `S${i}`,
        Effect: 'Allow',
        Action: ['s3:GetObject', 'ec2:StartInstances'],
        Resource: [`arn:aws:s3:::bucket-${i}/*`],
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
      };
      size += JSON.stringify(s).length + 1;
      statements.push(s);
    }
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    assert.ok(big.length >= 1_000_000 && big.length <= 1024 * 1024, `${big.length} characters`);
    const sts = new STSClient(clientConfig(server.endpoint, server.credentials));
    let checked = false;
    const pending = analyzer
      .send(new CheckNoNewAccessCommand({ newPolicyDocument: big, existingPolicyDocument: EXISTING, policyType: 'IDENTITY_POLICY' }))
      .finally(() => {
        checked = true;
      });
    // Other calls are answered while the check runs: a check on the request thread would hold them until it ended.
    let answeredDuringCheck = 0;
    for (let i = 0; i < 10; i++) {
      await sts.send(new GetCallerIdentityCommand({}));
      if (!checked) answeredDuringCheck++;
    }
    const out = await pending;
    assert.ok(answeredDuringCheck > 0, 'no call was answered while the check ran');
    assert.equal(out.result, 'FAIL');
    assert.equal(out.reasons!.length, statements.length);
    const tooBig = big + ' '.repeat(1024 * 1024 - big.length + 1);
    await rejects(
      analyzer.send(new CheckNoNewAccessCommand({ newPolicyDocument: tooBig, existingPolicyDocument: EXISTING, policyType: 'IDENTITY_POLICY' })),
      'ValidationException',
      {
        message:
          "1 validation error detected: Value at 'newPolicyDocument' failed to satisfy constraint: Member must have length less than or equal to 1048576",
      },
    );
  });

  it('a small hostile document (patterns of many wildcards, 100 × 100 lists) never stalls other calls', async () => {
    const stars = `${'*a'.repeat(1500)}*`;
    const actions = Array.from({ length: 100 }, (_, i) => `svc${i % 7}:Act*${i}*${stars.slice(0, 40)}`);
    const resources = Array.from({ length: 100 }, (_, i) => `arn:aws:s3:::b${i % 5}/${stars.slice(0, 120)}`);
    // More work than the calling thread's budget allows: the check moves to a worker thread.
    const hostile = doc(
      { Effect: 'Allow', Action: actions, Resource: resources.slice(0, 60) },
      { Effect: 'Deny', Action: actions.slice(0, 60), Resource: [`arn:aws:s3:::${stars.slice(0, 2000)}`] },
      { Effect: 'Deny', Action: actions.slice(40), Resource: resources.slice(0, 30) },
    );
    assert.ok(hostile.length < 32 * 1024, 'checked on the calling thread first');
    const sts = new STSClient(clientConfig(server.endpoint, server.credentials));
    const started = performance.now();
    const pending = analyzer.send(
      new CheckAccessNotGrantedCommand({ policyDocument: hostile, access: [{ actions, resources }], policyType: 'IDENTITY_POLICY' }),
    );
    let slowest = 0;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await sts.send(new GetCallerIdentityCommand({}));
      slowest = Math.max(slowest, performance.now() - t);
    }
    const out = await pending;
    assert.equal(out.result, 'FAIL');
    // A stall is seconds of a blocked thread; the bound only catches one, it measures nothing.
    assert.ok(slowest < 5_000, `a concurrent call waited ${slowest.toFixed(0)} ms`);
    assert.ok(performance.now() - started < 20_000);
  });

  it('is authorized as access-analyzer:CheckNoNewAccess, CheckAccessNotGranted and CheckNoPublicAccess', async () => {
    const iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    const denied = new AccessAnalyzerClient(
      clientConfig(
        server.endpoint,
        await userWithPolicy(iam, 'no-checks', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'access-analyzer:ValidatePolicy', Resource: '*' }],
        }),
      ),
    );
    const allowed = new AccessAnalyzerClient(
      clientConfig(
        server.endpoint,
        await userWithPolicy(iam, 'checker', {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['access-analyzer:CheckNoNewAccess', 'access-analyzer:CheckAccessNotGranted', 'access-analyzer:CheckNoPublicAccess'],
              Resource: '*',
            },
          ],
        }),
      ),
    );
    const commands = () => [
      new CheckNoNewAccessCommand({ newPolicyDocument: EXISTING, existingPolicyDocument: EXISTING, policyType: 'IDENTITY_POLICY' }),
      new CheckAccessNotGrantedCommand({ policyDocument: EXISTING, access: [{ actions: ['s3:PutObject'] }], policyType: 'IDENTITY_POLICY' }),
      new CheckNoPublicAccessCommand({ policyDocument: JOHN_DOE('s3:GetObject', '*'), resourceType: 'AWS::S3::Bucket' }),
    ];
    for (const command of commands()) await rejects(denied.send(command as never), 'AccessDeniedException', { status: 403 });
    for (const command of commands()) assert.equal(((await allowed.send(command as never)) as { result: string }).result, 'PASS');
  });
});
