/**
 * CloudTrail Insights selectors on trails (PutInsightSelectors, GetInsightSelectors) through the
 * AWS SDK for JavaScript v3 over a real socket: round trips, turning Insights off, AWS's errors for
 * bad selectors, unknown trails and parameter combinations, the management events each Insights
 * type needs, HasInsightSelectors on the trail, and who may call them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
} from '@aws-sdk/client-cloudtrail';
import type { InsightSelector, InsightType } from '@aws-sdk/client-cloudtrail';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { createMemberAccount } from '../support/organizations.js';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { rejects } from '../support/rejects.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const BUCKET = 'insights-bucket';
const arnOf = (name: string) => `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/${name}`;
const notEnabled = (name: string) =>
  `Trail ${arnOf(name)} does not have Insights enabled. Edit the trail settings to enable Insights, and then try the operation again.`;
const BOTH: InsightSelector[] = [{ InsightType: 'ApiErrorRateInsight' }, { InsightType: 'ApiCallRateInsight' }];

describe('CloudTrail Insights selectors on trails', () => {
  let server: TestServer;
  let cloudtrail: CloudTrailClient;
  let iam: IAMClient;
  const clientFor = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const selectorsOf = async (name: string) => (await cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: name }))).InsightSelectors;
  const hasInsights = async (name: string) => (await cloudtrail.send(new GetTrailCommand({ Name: name }))).Trail?.HasInsightSelectors;
  const userClient = async (userName: string, policy?: object) => {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    if (policy !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'insights', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
    return clientFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  };

  before(async () => {
    server = await startTestServer();
    cloudtrail = clientFor(server.credentials);
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    for (const name of ['main', 'reads', 'data-only']) await cloudtrail.send(new CreateTrailCommand({ Name: name, S3BucketName: BUCKET }));
  });
  after(async () => {
    await server.stop();
  });

  it('a trail starts without Insights: GetInsightSelectors is InsightNotEnabledException and HasInsightSelectors is false', async () => {
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'main' })), 'InsightNotEnabledException', { message: notEnabled('main') });
    assert.equal(await hasInsights('main'), false);
  });

  it('puts both Insights types and gets them back, by name or ARN; the trail shows HasInsightSelectors', async () => {
    const put = await cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: BOTH }));
    assert.equal(put.TrailARN, arnOf('main'));
    assert.deepEqual(put.InsightSelectors, BOTH);
    const got = await cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: arnOf('main') }));
    assert.equal(got.TrailARN, arnOf('main'));
    assert.deepEqual(got.InsightSelectors, BOTH);
    assert.equal(await hasInsights('main'), true);
    const described = (await cloudtrail.send(new DescribeTrailsCommand({}))).trailList!;
    assert.deepEqual(
      described.map((t) => [t.Name, t.HasInsightSelectors]),
      [
        ['data-only', false],
        ['main', true],
        ['reads', false],
      ],
    );
    assert.equal((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging, false);

    const replaced = await cloudtrail.send(
      new PutInsightSelectorsCommand({ TrailName: arnOf('main'), InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] }),
    );
    assert.equal(replaced.TrailARN, arnOf('main'));
    assert.deepEqual(await selectorsOf('main'), [{ InsightType: 'ApiCallRateInsight' }]);
  });

  it('refuses an invalid, missing or repeated Insights type with InvalidInsightSelectorsException and changes nothing', async () => {
    const bogus = [{ InsightType: 'ApiCallVolumeInsight' as InsightType }];
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: bogus })), 'InvalidInsightSelectorsException', {
      message: 'Insight type ApiCallVolumeInsight is not valid. Valid Insight types are ApiCallRateInsight and ApiErrorRateInsight.',
    });
    const mixed = [{ InsightType: 'ApiErrorRateInsight' as InsightType }, { InsightType: 'apicallrateinsight' as InsightType }];
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: mixed })), 'InvalidInsightSelectorsException');
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: [{}] })), 'InvalidInsightSelectorsException');
    const repeated = [{ InsightType: 'ApiErrorRateInsight' as InsightType }, { InsightType: 'ApiErrorRateInsight' as InsightType }];
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: repeated })), 'InvalidInsightSelectorsException', {
      message: 'Insight type ApiErrorRateInsight is specified more than once.',
    });
    assert.deepEqual(await selectorsOf('main'), [{ InsightType: 'ApiCallRateInsight' }]);

    // A trail without Insights stays without them.
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'reads', InsightSelectors: bogus })), 'InvalidInsightSelectorsException');
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'reads' })), 'InsightNotEnabledException');
  });

  it('API call rate Insights need write management events; API error rate Insights need read or write ones', async () => {
    await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: 'reads', EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] }));
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'reads', InsightSelectors: BOTH })), 'InvalidInsightSelectorsException', {
      message: 'To log ApiCallRateInsight Insights events, the trail must log write management events.',
    });
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'reads' })), 'InsightNotEnabledException');
    const errors = await cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'reads', InsightSelectors: [{ InsightType: 'ApiErrorRateInsight' }] }));
    assert.deepEqual(errors.InsightSelectors, [{ InsightType: 'ApiErrorRateInsight' }]);

    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'data-only',
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
      }),
    );
    const errorsOnly = new PutInsightSelectorsCommand({ TrailName: 'data-only', InsightSelectors: [{ InsightType: 'ApiErrorRateInsight' }] });
    await rejects(cloudtrail.send(errorsOnly), 'InvalidInsightSelectorsException', {
      message: 'To log ApiErrorRateInsight Insights events, the trail must log read or write management events.',
    });
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'data-only' })), 'InsightNotEnabledException');
  });

  it('an empty list turns Insights off', async () => {
    const off = await cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: [] }));
    assert.equal(off.TrailARN, arnOf('main'));
    assert.deepEqual(off.InsightSelectors, []);
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'main' })), 'InsightNotEnabledException', { message: notEnabled('main') });
    assert.equal(await hasInsights('main'), false);
    // Turning off a trail that has no Insights is no error either.
    await cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: [] }));
  });

  it('an unknown trail is TrailNotFoundException; a malformed ARN is CloudTrailARNInvalidException', async () => {
    const unknown = `Unknown trail: ${arnOf('nope')} for the user: ${TEST_ACCOUNT_ID}`;
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'nope', InsightSelectors: BOTH })), 'TrailNotFoundException', {
      message: unknown,
    });
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: arnOf('nope') })), 'TrailNotFoundException', { message: unknown });
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'arn:aws:s3:::bucket' })), 'CloudTrailARNInvalidException');
  });

  it('TrailName with EventDataStore or InsightsDestination, or neither, is InvalidParameterCombinationException; event data stores are not implemented', async () => {
    const store = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`;
    const withStore = new PutInsightSelectorsCommand({ TrailName: 'main', EventDataStore: store, InsightSelectors: BOTH });
    await rejects(cloudtrail.send(withStore), 'InvalidParameterCombinationException');
    const withDestination = new PutInsightSelectorsCommand({ TrailName: 'main', InsightsDestination: store, InsightSelectors: BOTH });
    await rejects(cloudtrail.send(withDestination), 'InvalidParameterCombinationException');
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'main', EventDataStore: store })), 'InvalidParameterCombinationException');
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({})), 'InvalidParameterCombinationException', {
      message: 'You must specify either TrailName or EventDataStore.',
    });
    await rejects(cloudtrail.send(new PutInsightSelectorsCommand({ InsightSelectors: BOTH })), 'InvalidParameterCombinationException');
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ EventDataStore: store })), 'NotImplemented', { status: 501 });
    await rejects(cloudtrail.send(new GetInsightSelectorsCommand({ TrailName: 'main' })), 'InsightNotEnabledException');
  });

  it('needs cloudtrail:PutInsightSelectors / cloudtrail:GetInsightSelectors on the trail ARN; a denied call changes nothing', async () => {
    await cloudtrail.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: BOTH }));
    const nobody = await userClient('nobody');
    await rejects(nobody.send(new PutInsightSelectorsCommand({ TrailName: 'main', InsightSelectors: [] })), 'AccessDeniedException', {
      status: 403,
      message: /cloudtrail:PutInsightSelectors/,
    });
    await rejects(nobody.send(new GetInsightSelectorsCommand({ TrailName: 'main' })), 'AccessDeniedException', {
      status: 403,
      message: /cloudtrail:GetInsightSelectors/,
    });

    const reader = await userClient('reader', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['cloudtrail:GetInsightSelectors', 'cloudtrail:PutInsightSelectors'], Resource: arnOf('reads') }],
    });
    assert.deepEqual((await reader.send(new GetInsightSelectorsCommand({ TrailName: 'reads' }))).InsightSelectors, [{ InsightType: 'ApiErrorRateInsight' }]);
    await rejects(reader.send(new GetInsightSelectorsCommand({ TrailName: 'main' })), 'AccessDeniedException', { status: 403 });
    await rejects(reader.send(new PutInsightSelectorsCommand({ TrailName: arnOf('main'), InsightSelectors: [] })), 'AccessDeniedException', { status: 403 });
    assert.deepEqual(await selectorsOf('main'), BOTH);
  });

  it("only the trail's account reaches its Insights selectors: another account's administrator does not", async () => {
    const orgs = new OrganizationsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const memberId = await createMemberAccount(orgs, 'member');
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
    const adminCredentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: adminCredentials, maxAttempts: 1 });
    const role = `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`;
    const session = (await sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'insights' }))).Credentials!;
    const member = clientFor({ accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! });

    await rejects(member.send(new PutInsightSelectorsCommand({ TrailName: arnOf('main'), InsightSelectors: [] })), 'AccessDeniedException', { status: 403 });
    await rejects(member.send(new GetInsightSelectorsCommand({ TrailName: arnOf('main') })), 'AccessDeniedException', { status: 403 });
    // By name, a trail is looked up in the caller's own account.
    await rejects(member.send(new GetInsightSelectorsCommand({ TrailName: 'main' })), 'TrailNotFoundException');
    assert.deepEqual(await selectorsOf('main'), BOTH);
  });
});
