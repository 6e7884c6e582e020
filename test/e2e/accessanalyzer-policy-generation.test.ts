import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  CancelPolicyGenerationCommand,
  GetGeneratedPolicyCommand,
  ListPolicyGenerationsCommand,
  StartPolicyGenerationCommand,
} from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand, GetUserCommand, IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { loadCatalog } from '../../src/catalog/index.js';
import { validatePolicy } from '../../src/analysis/validation/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { clientConfig, userWithPolicy, type Creds } from '../support/organizations.js';
import { rejects } from '../support/rejects.js';

const TRAIL = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/main`;
const ACCESS_ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/service-role/AccessAnalyzerMonitorServiceRole`;
const DEV = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/dev`;

describe('Access Analyzer policy generation from the audit trail, over the SDK', () => {
  let server: TestServer;
  let analyzer: AccessAnalyzerClient;
  let dev: Creds;
  const startedAt = new Date(Date.now() - 60_000);

  before(async () => {
    server = await startTestServer();
    const config = clientConfig(server.endpoint, server.credentials);
    analyzer = new AccessAnalyzerClient(config);
    const iam = new IAMClient(config);
    await new CloudTrailClient(config).send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-bucket' }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'AccessAnalyzerMonitorServiceRole',
        Path: '/service-role/',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'access-analyzer.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    dev = await userWithPolicy(iam, 'dev', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] });
    const asDev = new IAMClient(clientConfig(server.endpoint, dev));
    await asDev.send(new GetUserCommand({}));
    await asDev.send(new ListUsersCommand({}));
    await asDev.send(new ListRolesCommand({}));
    await rejects(asDev.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntityException', {
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
    await new STSClient(clientConfig(server.endpoint, dev)).send(new GetCallerIdentityCommand({}));
  });
  after(async () => server.stop());

  const start = (principalArn: string) =>
    analyzer.send(
      new StartPolicyGenerationCommand({
        policyGenerationDetails: { principalArn },
        cloudTrailDetails: { trails: [{ cloudTrailArn: TRAIL, allRegions: true }], accessRole: ACCESS_ROLE, startTime: startedAt },
      }),
    );

  it('generates a policy of what the user did, on the resources the records name, that validates with no error or security warning', async () => {
    const { jobId } = await start(DEV);
    const got = await analyzer.send(new GetGeneratedPolicyCommand({ jobId }));
    assert.equal(got.jobDetails?.status, 'SUCCEEDED');
    assert.ok(got.jobDetails?.completedOn instanceof Date);
    assert.equal(got.generatedPolicyResult?.properties?.principalArn, DEV);
    assert.equal(got.generatedPolicyResult?.properties?.isComplete, true);
    assert.deepEqual(got.generatedPolicyResult?.properties?.cloudTrailProperties?.trailProperties, [{ cloudTrailArn: TRAIL, allRegions: true, regions: [] }]);
    const policies = got.generatedPolicyResult?.generatedPolicies?.map((p) => p.policy!) ?? [];
    assert.equal(policies.length, 1);
    assert.deepEqual(JSON.parse(policies[0]!), {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SupportedServiceSid0',
          Effect: 'Allow',
          Action: ['iam:GetUser'],
          Resource: [`arn:aws:iam::${TEST_ACCOUNT_ID}:user/dev`, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/nobody`],
        },
        { Sid: 'SupportedServiceSid1', Effect: 'Allow', Action: ['iam:ListRoles', 'iam:ListUsers'], Resource: '*' },
      ],
    });
    await loadCatalog();
    const serious = validatePolicy(policies[0]!, { policyType: 'IDENTITY_POLICY' }).filter(
      (f) => f.findingType === 'ERROR' || f.findingType === 'SECURITY_WARNING',
    );
    assert.deepEqual(serious, []);
    // Placeholders stand only for actions used on no resource that have a resource type (none here: list actions have none).
    const placeholders = await analyzer.send(new GetGeneratedPolicyCommand({ jobId, includeResourcePlaceholders: true, includeServiceLevelTemplate: true }));
    assert.deepEqual(placeholders.generatedPolicyResult?.generatedPolicies, got.generatedPolicyResult?.generatedPolicies);
  });

  it('lists the generations of the last seven days, of one principal when asked', async () => {
    const listed = await analyzer.send(new ListPolicyGenerationsCommand({ principalArn: DEV }));
    assert.ok(listed.policyGenerations!.length >= 1);
    assert.ok(listed.policyGenerations!.every((g) => g.principalArn === DEV && g.status === 'SUCCEEDED'));
  });

  it('a generation canceled before its result was read is CANCELED; canceling an ended one changes nothing', async () => {
    const { jobId } = await start(DEV);
    await analyzer.send(new CancelPolicyGenerationCommand({ jobId }));
    const got = await analyzer.send(new GetGeneratedPolicyCommand({ jobId }));
    assert.equal(got.jobDetails?.status, 'CANCELED');
    assert.equal(got.generatedPolicyResult?.generatedPolicies, undefined);
    await analyzer.send(new CancelPolicyGenerationCommand({ jobId }));
    assert.equal((await analyzer.send(new GetGeneratedPolicyCommand({ jobId }))).jobDetails?.status, 'CANCELED');
  });

  it('a principal or trail that does not exist fails the job with RESOURCE_NOT_FOUND_ERROR; bad input is a ValidationException', async () => {
    const { jobId } = await start(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/ghost`);
    const got = await analyzer.send(new GetGeneratedPolicyCommand({ jobId }));
    assert.deepEqual([got.jobDetails?.status, got.jobDetails?.jobError?.code], ['FAILED', 'RESOURCE_NOT_FOUND_ERROR']);
    await rejects(
      analyzer.send(
        new StartPolicyGenerationCommand({
          policyGenerationDetails: { principalArn: DEV },
          cloudTrailDetails: { trails: [], accessRole: ACCESS_ROLE, startTime: new Date(), endTime: startedAt },
        }),
      ),
      'ValidationException',
      { message: 'Invalid CloudTrailDetails: startTime must be before endTime' },
    );
    await rejects(analyzer.send(new GetGeneratedPolicyCommand({ jobId: 'c557dc4a-0338-4489-95dd-739014860ff9' })), 'ResourceNotFoundException', {
      status: 404,
      message: 'PolicyGeneration not found',
    });
  });
});
