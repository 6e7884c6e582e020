import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  CreateAnalyzerCommand,
  GenerateFindingRecommendationCommand,
  GetAnalyzerCommand,
  GetFindingRecommendationCommand,
  GetFindingsStatisticsCommand,
  GetFindingV2Command,
  ListFindingsCommand,
  ListFindingsV2Command,
  UpdateAnalyzerCommand,
  type FindingSummaryV2,
} from '@aws-sdk/client-accessanalyzer';
import {
  CreateLoginProfileCommand,
  CreateRoleCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  GetUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { unusedAccessOfAccount } from '../../src/services/accessanalyzer/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { userWithPolicy, type Creds } from '../support/organizations.js';
import { rejects } from '../support/rejects.js';

const DAY = 24 * 3600 * 1000;
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const arn = (kind: 'user' | 'role', name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:${kind}/${name}`;

/**
 * Unused access findings from Gatehouse's own records, with the server's clock moved (never
 * waited): entities made 200 days ago, some used 10 days ago, read today.
 */
describe('Access Analyzer unused access findings over the SDK', () => {
  let server: TestServer;
  /** Where the server's clock stands, relative to the real one (clients sign with the same offset). */
  let offset = -200 * DAY;
  const config = (credentials: Creds) => ({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: offset });
  const analyzer = () => new AccessAnalyzerClient(config(server.credentials));
  let analyzerArn: string;
  let alice: Creds;
  let bob: Creds;

  const open = async (): Promise<FindingSummaryV2[]> =>
    ((await analyzer().send(new ListFindingsV2Command({ analyzerArn, filter: { status: { eq: ['ACTIVE'] } } }))).findings ?? []).sort((a, b) =>
      `${a.resource}${a.findingType}`.localeCompare(`${b.resource}${b.findingType}`),
    );
  const summary = (list: FindingSummaryV2[]) => list.map((f) => [f.resource, f.findingType]);

  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + offset) });
    const iam = new IAMClient(config(server.credentials));
    alice = await userWithPolicy(iam, 'alice', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers', 's3:ListAllMyBuckets'], Resource: '*' }],
    });
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-9-Battery' }));
    bob = await userWithPolicy(iam, 'bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    const trustBob = doc({ Effect: 'Allow', Principal: { AWS: arn('user', 'bob') }, Action: 'sts:AssumeRole' });
    await iam.send(new CreateRoleCommand({ RoleName: 'worker', AssumeRolePolicyDocument: trustBob }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'worker',
        PolicyName: 'work',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:ListRoles', 'iam:GetRole'], Resource: '*' }),
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'idle', AssumeRolePolicyDocument: trustBob }));
    analyzerArn = (
      await analyzer().send(
        new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 90 } } }),
      )
    ).arn!;

    offset = -10 * DAY;
    await new IAMClient(config(alice)).send(new GetUserCommand({}));
    const session = (await new STSClient(config(bob)).send(new AssumeRoleCommand({ RoleArn: arn('role', 'worker'), RoleSessionName: 'work' }))).Credentials!;
    const worker = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };
    await new STSClient(config(worker)).send(new GetCallerIdentityCommand({}));
    await new IAMClient(config(worker)).send(new ListRolesCommand({}));
    offset = 0;
  });
  after(async () => server.stop());

  it('the analyzer keeps its tracking period', async () => {
    const got = (await analyzer().send(new GetAnalyzerCommand({ analyzerName: 'unused' }))).analyzer!;
    assert.deepEqual([got.type, got.configuration], ['ACCOUNT_UNUSED_ACCESS', { unusedAccess: { unusedAccessAge: 90 } }]);
  });

  it('reports the unused role, the unused password and unused permissions; not what was used 10 days ago', async () => {
    assert.deepEqual(summary(await open()), [
      [arn('role', 'idle'), 'UnusedIAMRole'],
      [arn('role', 'worker'), 'UnusedPermission'],
      [arn('user', 'alice'), 'UnusedIAMUserPassword'],
      [arn('user', 'alice'), 'UnusedPermission'],
    ]);
  });

  it('GetFindingV2: an unused permission finding names each service and its unused actions with their last use', async () => {
    const finding = (await open()).find((f) => f.resource === arn('user', 'alice') && f.findingType === 'UnusedPermission')!;
    const got = await analyzer().send(new GetFindingV2Command({ analyzerArn, id: finding.id! }));
    assert.deepEqual([got.resourceType, got.resourceOwnerAccount, got.findingType], ['AWS::IAM::User', TEST_ACCOUNT_ID, 'UnusedPermission']);
    assert.deepEqual(got.findingDetails, [
      {
        unusedPermissionDetails: {
          serviceNamespace: 'iam',
          actions: [{ action: 'iam:ListUsers' }],
          lastAccessed: got.findingDetails?.[0]?.unusedPermissionDetails?.lastAccessed,
        },
      },
      { unusedPermissionDetails: { serviceNamespace: 's3', actions: [{ action: 's3:ListAllMyBuckets' }] } },
    ]);
    const lastUsed = got.findingDetails?.[0]?.unusedPermissionDetails?.lastAccessed;
    assert.ok(lastUsed instanceof Date && Date.now() - lastUsed.getTime() > 9 * DAY, 'the last use of iam is the GetUser call 10 days ago');
    const paged = await analyzer().send(new GetFindingV2Command({ analyzerArn, id: finding.id!, maxResults: 1 }));
    assert.equal(paged.findingDetails?.length, 1);
    assert.ok(paged.nextToken);
  });

  it('a recommendation narrows the role policy to what was used (CREATE_POLICY)', async () => {
    const finding = (await open()).find((f) => f.resource === arn('role', 'worker'))!;
    await rejects(analyzer().send(new GetFindingRecommendationCommand({ analyzerArn, id: finding.id! })), 'ResourceNotFoundException', {
      status: 404,
      message: 'Recommendation not found',
    });
    await analyzer().send(new GenerateFindingRecommendationCommand({ analyzerArn, id: finding.id! }));
    const got = await analyzer().send(new GetFindingRecommendationCommand({ analyzerArn, id: finding.id! }));
    assert.deepEqual([got.status, got.recommendationType, got.resourceArn], ['SUCCEEDED', 'UnusedPermissionRecommendation', arn('role', 'worker')]);
    assert.deepEqual(got.recommendedSteps, [
      {
        unusedPermissionsRecommendedStep: {
          recommendedAction: 'CREATE_POLICY',
          existingPolicyId: 'work',
          recommendedPolicy: doc({ Effect: 'Allow', Action: ['iam:ListRoles'], Resource: '*' }),
        },
      },
    ]);
  });

  it('100 days later without use: the access keys and the worker role are unused, its permission finding resolved', async () => {
    offset = 100 * DAY;
    const now = summary(await open());
    assert.deepEqual(now, [
      [arn('role', 'idle'), 'UnusedIAMRole'],
      [arn('role', 'worker'), 'UnusedIAMRole'],
      [arn('user', 'alice'), 'UnusedIAMUserAccessKey'],
      [arn('user', 'alice'), 'UnusedIAMUserPassword'],
      [arn('user', 'alice'), 'UnusedPermission'],
      [arn('user', 'bob'), 'UnusedIAMUserAccessKey'],
      [arn('user', 'bob'), 'UnusedPermission'],
    ]);
    const resolved = (await analyzer().send(new ListFindingsV2Command({ analyzerArn, filter: { status: { eq: ['RESOLVED'] } } }))).findings!;
    assert.deepEqual(summary(resolved), [[arn('role', 'worker'), 'UnusedPermission']]);
  });

  it('GetFindingsStatistics counts active findings by unused access type and account', async () => {
    const stats = (await analyzer().send(new GetFindingsStatisticsCommand({ analyzerArn }))).findingsStatistics![0]!.unusedAccessFindingsStatistics!;
    assert.equal(stats.totalActiveFindings, 7);
    assert.equal(stats.totalResolvedFindings, 1);
    assert.deepEqual(stats.unusedAccessTypeStatistics, [
      { unusedAccessType: 'UnusedIAMRole', total: 2 },
      { unusedAccessType: 'UnusedIAMUserAccessKey', total: 2 },
      { unusedAccessType: 'UnusedIAMUserPassword', total: 1 },
      { unusedAccessType: 'UnusedPermission', total: 2 },
    ]);
    assert.deepEqual(stats.topAccounts?.[0]?.account, TEST_ACCOUNT_ID);
  });

  it('an exclusion by resource tag removes the tagged role from analysis (its findings are resolved)', async () => {
    await new IAMClient(config(server.credentials)).send(new TagRoleCommand({ RoleName: 'idle', Tags: [{ Key: 'team', Value: 'ops' }] }));
    await analyzer().send(
      new UpdateAnalyzerCommand({
        analyzerName: 'unused',
        configuration: { unusedAccess: { unusedAccessAge: 90, analysisRule: { exclusions: [{ resourceTags: [{ team: 'ops' }] }] } } },
      }),
    );
    assert.equal(
      (await open()).some((f) => f.resource === arn('role', 'idle')),
      false,
    );
  });

  it("the server can compute an account's unused access without an analyzer (for the console and posture checks)", async () => {
    const found = await unusedAccessOfAccount(server.gatehouse.store, TEST_ACCOUNT_ID, { now: new Date(Date.now() + offset), unusedAccessAge: 90 });
    assert.deepEqual(
      found.filter((f) => f.resource === arn('role', 'idle')).map((f) => f.findingType),
      ['UnusedIAMRole'],
    );
  });

  it('the first findings API is for external access analyzers only', async () => {
    await rejects(analyzer().send(new ListFindingsCommand({ analyzerArn })), 'ValidationException', {
      message: 'ListFindings is supported only for external access analyzers. Use ListFindingsV2 for unused access analyzers.',
    });
  });
});
