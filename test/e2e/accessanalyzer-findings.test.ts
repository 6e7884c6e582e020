import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  ApplyArchiveRuleCommand,
  CreateAnalyzerCommand,
  CreateArchiveRuleCommand,
  DeleteAnalyzerCommand,
  DeleteArchiveRuleCommand,
  GetAnalyzedResourceCommand,
  GetAnalyzerCommand,
  GetArchiveRuleCommand,
  GetFindingCommand,
  GetFindingsStatisticsCommand,
  GetFindingV2Command,
  ListAnalyzedResourcesCommand,
  ListAnalyzersCommand,
  ListArchiveRulesCommand,
  ListFindingsCommand,
  ListFindingsV2Command,
  ListTagsForResourceCommand,
  StartResourceScanCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAnalyzerCommand,
  UpdateArchiveRuleCommand,
  UpdateFindingsCommand,
  type FindingSummary,
} from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateOrganizationCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-organizations';
import { externalAccessOfAccount } from '../../src/services/accessanalyzer/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { clientConfig, createMemberAccount, memberRoleSession, userWithPolicy } from '../support/organizations.js';
import { rejects } from '../support/rejects.js';

const OUTSIDER = '444455556666';
const trust = (principal: object, extra: object = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }] });
const OWN_ONLY = trust({ AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` });

/** Polls until `check` returns a value, for at most `ms` (findings follow changes off the request path). */
async function within<T>(ms: number, check: () => Promise<T | undefined>): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return { value, elapsed: Date.now() - started };
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Access Analyzer external access findings over the SDK', () => {
  let server: TestServer;
  let analyzer: AccessAnalyzerClient;
  let iam: IAMClient;
  let analyzerArn: string;
  const roleArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/shared`;

  const findingsOf = async (resource: string) =>
    (await analyzer.send(new ListFindingsCommand({ analyzerArn, filter: { resource: { eq: [resource] } } }))).findings ?? [];

  before(async () => {
    server = await startTestServer();
    analyzer = new AccessAnalyzerClient(clientConfig(server.endpoint, server.credentials));
    iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    await iam.send(new CreateRoleCommand({ RoleName: 'shared', AssumeRolePolicyDocument: OWN_ONLY }));
    analyzerArn = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'account', type: 'ACCOUNT', tags: { team: 'sec' } }))).arn!;
    await server.gatehouse.findings.idle();
  });
  after(async () => server.stop());

  it("an analyzer is AWS's AnalyzerSummary: ARN, type, status, tags; listed and filtered by type", async () => {
    assert.equal(analyzerArn, `arn:aws:access-analyzer:us-east-1:${TEST_ACCOUNT_ID}:analyzer/account`);
    const got = (await analyzer.send(new GetAnalyzerCommand({ analyzerName: 'account' }))).analyzer!;
    assert.deepEqual([got.arn, got.name, got.type, got.status, got.tags], [analyzerArn, 'account', 'ACCOUNT', 'ACTIVE', { team: 'sec' }]);
    assert.ok(got.createdAt instanceof Date);
    assert.equal(got.lastResourceAnalyzed !== undefined, true, 'the first pass analyzed the account');
    const listed = await analyzer.send(new ListAnalyzersCommand({ type: 'ACCOUNT' }));
    assert.deepEqual(
      listed.analyzers?.map((a) => a.name),
      ['account'],
    );
    assert.deepEqual((await analyzer.send(new ListAnalyzersCommand({ type: 'ORGANIZATION' }))).analyzers, []);
  });

  it('Access Analyzer calls are CloudTrail records like every other call', async () => {
    const events = await new CloudTrailClient(clientConfig(server.endpoint, server.credentials)).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateAnalyzer' }] }),
    );
    const record = JSON.parse(events.Events![0]!.CloudTrailEvent!) as { eventSource: string; requestParameters: Record<string, unknown> };
    assert.equal(record.eventSource, 'access-analyzer.amazonaws.com');
    assert.equal(record.requestParameters['analyzerName'], 'account');
  });

  it('a trust policy of the own account only is no finding', async () => {
    assert.deepEqual(await findingsOf(roleArn), []);
  });

  it('opening the trust policy to another account makes an ACTIVE finding within 1 s; closing it RESOLVES it within 1 s', async () => {
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'shared', PolicyDocument: trust({ AWS: OUTSIDER }) }));
    const opened = await within(1000, async () => (await findingsOf(roleArn)).find((f) => f.status === 'ACTIVE'));
    const finding = opened.value;
    assert.deepEqual(finding.principal, { AWS: OUTSIDER });
    assert.deepEqual(finding.action, ['sts:AssumeRole']);
    assert.deepEqual(finding.condition, {});
    assert.equal(finding.isPublic, false);
    assert.equal(finding.resourceType, 'AWS::IAM::Role');
    assert.equal(finding.resourceOwnerAccount, TEST_ACCOUNT_ID);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'shared', PolicyDocument: OWN_ONLY }));
    const closed = await within(1000, async () => (await findingsOf(roleArn)).find((f) => f.id === finding.id && f.status === 'RESOLVED'));
    assert.ok(closed.value.updatedAt! >= finding.updatedAt!);
    console.log(`# finding created ${opened.elapsed} ms and resolved ${closed.elapsed} ms after the change was answered`);
  });

  it('GetFinding and GetFindingV2 give the finding in both shapes; ListFindingsV2 its summary', async () => {
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'shared',
        PolicyDocument: trust({ AWS: OUTSIDER }, { Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } } }),
      }),
    );
    const { value: summary } = await within(1000, async () => (await findingsOf(roleArn)).find((f) => f.status === 'ACTIVE'));
    const v1 = (await analyzer.send(new GetFindingCommand({ analyzerArn, id: summary.id! }))).finding!;
    assert.deepEqual(
      [v1.id, v1.principal, v1.condition, v1.resource, v1.status],
      [summary.id, { AWS: OUTSIDER }, { 'sts:ExternalId': 'ext-1' }, roleArn, 'ACTIVE'],
    );
    const v2 = await analyzer.send(new GetFindingV2Command({ analyzerArn, id: summary.id! }));
    assert.equal(v2.findingType, 'ExternalAccess');
    assert.deepEqual(v2.findingDetails, [
      {
        externalAccessDetails: {
          action: ['sts:AssumeRole'],
          condition: { 'sts:ExternalId': 'ext-1' },
          isPublic: false,
          principal: { AWS: OUTSIDER },
          resourceControlPolicyRestriction: 'NOT_APPLICABLE',
        },
      },
    ]);
    const listed = await analyzer.send(new ListFindingsV2Command({ analyzerArn, filter: { 'condition.sts:ExternalId': { eq: ['ext-1'] } } }));
    assert.deepEqual(
      listed.findings?.map((f) => [f.id, f.findingType, f.status]),
      [[summary.id, 'ExternalAccess', 'ACTIVE']],
    );
  });

  it('UpdateFindings archives and reactivates findings; GetFindingsStatistics counts them', async () => {
    const active = (await findingsOf(roleArn)).filter((f) => f.status === 'ACTIVE');
    await analyzer.send(new UpdateFindingsCommand({ analyzerArn, status: 'ARCHIVED', ids: active.map((f) => f.id!) }));
    assert.deepEqual(
      (await findingsOf(roleArn)).filter((f) => f.status === 'ACTIVE'),
      [],
    );
    const stats = await analyzer.send(new GetFindingsStatisticsCommand({ analyzerArn }));
    assert.equal(stats.findingsStatistics?.[0]?.externalAccessFindingsStatistics?.totalArchivedFindings, 1);
    await analyzer.send(new UpdateFindingsCommand({ analyzerArn, status: 'ACTIVE', resourceArn: roleArn }));
    const after = await analyzer.send(new GetFindingsStatisticsCommand({ analyzerArn }));
    const external = after.findingsStatistics?.[0]?.externalAccessFindingsStatistics;
    assert.equal(external?.totalActiveFindings, 1);
    assert.deepEqual(external?.resourceTypeStatistics?.['AWS::IAM::Role'], { totalActivePublic: 0, totalActiveCrossAccount: 1, totalActiveErrors: 0 });
  });

  it('archive rules: CRUD, new matching findings are archived at once, ApplyArchiveRule archives existing ones', async () => {
    const filter = { 'principal.AWS': { eq: ['999988887777'] } };
    await analyzer.send(new CreateArchiveRuleCommand({ analyzerName: 'account', ruleName: 'partner', filter }));
    assert.deepEqual((await analyzer.send(new GetArchiveRuleCommand({ analyzerName: 'account', ruleName: 'partner' }))).archiveRule?.filter, filter);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'shared', PolicyDocument: trust({ AWS: ['999988887777', OUTSIDER] }) }));
    const { value } = await within(1000, async () => {
      const list = (await findingsOf(roleArn)).filter((f) => f.status !== 'RESOLVED');
      return list.length === 2 ? list : undefined;
    });
    const byPrincipal = Object.fromEntries(value.map((f: FindingSummary) => [f.principal?.['AWS'], f.status]));
    assert.deepEqual(byPrincipal, { '999988887777': 'ARCHIVED', [OUTSIDER]: 'ACTIVE' });
    await analyzer.send(new UpdateArchiveRuleCommand({ analyzerName: 'account', ruleName: 'partner', filter: { 'principal.AWS': { eq: [OUTSIDER] } } }));
    await analyzer.send(new ApplyArchiveRuleCommand({ analyzerArn, ruleName: 'partner' }));
    assert.deepEqual(
      (await findingsOf(roleArn)).filter((f) => f.status === 'ACTIVE'),
      [],
    );
    assert.deepEqual(
      (await analyzer.send(new ListArchiveRulesCommand({ analyzerName: 'account' }))).archiveRules?.map((r) => r.ruleName),
      ['partner'],
    );
    await analyzer.send(new DeleteArchiveRuleCommand({ analyzerName: 'account', ruleName: 'partner' }));
    await rejects(analyzer.send(new GetArchiveRuleCommand({ analyzerName: 'account', ruleName: 'partner' })), 'ResourceNotFoundException', {
      status: 404,
      message: 'ArchiveRule not found',
    });
  });

  it('analyzed resources: listed by type, one read with its public flag and actions; StartResourceScan analyzes one now; a deleted role resolves its findings', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'public', AssumeRolePolicyDocument: trust({ AWS: '*' }) }));
    const publicArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/public`;
    await analyzer.send(new StartResourceScanCommand({ analyzerArn, resourceArn: publicArn }));
    const resource = (await analyzer.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: publicArn }))).resource!;
    assert.deepEqual([resource.resourceType, resource.isPublic, resource.actions, resource.status], ['AWS::IAM::Role', true, ['sts:AssumeRole'], 'ACTIVE']);
    const listed = await analyzer.send(new ListAnalyzedResourcesCommand({ analyzerArn, resourceType: 'AWS::IAM::Role' }));
    assert.ok(listed.analyzedResources?.some((r) => r.resourceArn === publicArn));
    const [publicFinding] = await findingsOf(publicArn);
    assert.deepEqual([publicFinding?.principal, publicFinding?.isPublic], [{ AWS: '*' }, true]);
    await iam.send(new DeleteRoleCommand({ RoleName: 'public' }));
    await within(1000, async () => ((await findingsOf(publicArn))[0]?.status === 'RESOLVED' ? true : undefined));
    await rejects(analyzer.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: publicArn })), 'ResourceNotFoundException', {
      status: 404,
      message: 'Resource not found',
    });
  });

  it("the server can compute an account's external access without an analyzer (for the console and posture checks)", async () => {
    const found = await externalAccessOfAccount(server.gatehouse.store, TEST_ACCOUNT_ID);
    const shared = found.find((r) => r.resource.resourceArn === roleArn);
    assert.ok(shared !== undefined && 'accesses' in shared.result);
    assert.deepEqual(
      shared.result.accesses.map((a) => a.principal),
      [{ AWS: OUTSIDER }, { AWS: '999988887777' }],
    );
  });

  it('tags: TagResource, UntagResource, ListTagsForResource on the analyzer', async () => {
    await analyzer.send(new TagResourceCommand({ resourceArn: analyzerArn, tags: { env: 'test' } }));
    await analyzer.send(new UntagResourceCommand({ resourceArn: analyzerArn, tagKeys: ['team'] }));
    assert.deepEqual((await analyzer.send(new ListTagsForResourceCommand({ resourceArn: analyzerArn }))).tags, { env: 'test' });
  });

  it("bad input gets AWS's errors: not found, conflict, quota, validation", async () => {
    await rejects(analyzer.send(new GetAnalyzerCommand({ analyzerName: 'nope' })), 'ResourceNotFoundException', { status: 404, message: 'Analyzer not found' });
    await rejects(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'account', type: 'ACCOUNT' })), 'ConflictException', {
      status: 409,
      message: 'An analyzer named account already exists',
    });
    await rejects(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'second', type: 'ACCOUNT' })), 'ServiceQuotaExceededException', {
      status: 402,
      message: 'You have reached the maximum number of analyzers of type ACCOUNT in this Region',
    });
    await rejects(
      analyzer.send(
        new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 400 } } }),
      ),
      'ValidationException',
      { status: 400, message: 'Invalid UnusedAccessConfiguration: unusedAccessAge must be between 1 and 365 days, got 400' },
    );
    await rejects(analyzer.send(new CreateAnalyzerCommand({ analyzerName: '1bad', type: 'ACCOUNT' })), 'ValidationException', {
      status: 400,
      message: /analyzerName/,
    });
    await rejects(analyzer.send(new GetFindingCommand({ analyzerArn, id: 'missing' })), 'ResourceNotFoundException', {
      status: 404,
      message: 'Finding not found',
    });
    await rejects(analyzer.send(new ListFindingsCommand({ analyzerArn, filter: { colour: { eq: ['red'] } } })), 'ValidationException', {
      status: 400,
      message: 'Invalid filter key: colour',
    });
    await rejects(analyzer.send(new ListFindingsCommand({ analyzerArn, nextToken: 'forged' })), 'ValidationException', {
      status: 400,
      message: 'Invalid pagination token',
    });
    await rejects(
      analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'account', configuration: { unusedAccess: { unusedAccessAge: 30 } } })),
      'ValidationException',
      { status: 400, message: /not supported for external access analyzers/ },
    );
    await rejects(
      analyzer.send(new ListFindingsCommand({ analyzerArn: `arn:aws:access-analyzer:us-east-1:${TEST_ACCOUNT_ID}:analyzer/nope` })),
      'ResourceNotFoundException',
      { status: 404, message: 'Analyzer not found' },
    );
  });

  it('paging: maxResults and nextToken walk the findings', async () => {
    const all = (await analyzer.send(new ListFindingsCommand({ analyzerArn }))).findings!;
    assert.ok(all.length >= 3);
    const first = await analyzer.send(new ListFindingsCommand({ analyzerArn, maxResults: 2 }));
    assert.equal(first.findings?.length, 2);
    const rest = await analyzer.send(new ListFindingsCommand({ analyzerArn, nextToken: first.nextToken }));
    assert.deepEqual(
      [...first.findings!, ...rest.findings!].map((f) => f.id),
      all.map((f) => f.id),
    );
    const sorted = await analyzer.send(new ListFindingsCommand({ analyzerArn, sort: { attributeName: 'status', orderBy: 'DESC' } }));
    const statuses = sorted.findings!.map((f) => f.status!);
    assert.deepEqual(statuses, [...statuses].sort().reverse());
  });

  it('DeleteAnalyzer deletes it and its findings', async () => {
    await analyzer.send(new DeleteAnalyzerCommand({ analyzerName: 'account' }));
    await rejects(analyzer.send(new ListFindingsCommand({ analyzerArn })), 'ResourceNotFoundException', { status: 404, message: 'Analyzer not found' });
  });
});

describe('organization analyzers', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('needs trusted access and the management account or a delegated administrator; its zone of trust is the organization', async () => {
    const config = clientConfig(server.endpoint, server.credentials);
    const analyzer = new AccessAnalyzerClient(config);
    const iam = new IAMClient(config);
    const orgs = new OrganizationsClient(config);
    await rejects(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })), 'ValidationException', {
      status: 400,
      message: `Account ${TEST_ACCOUNT_ID} is not a member of an organization`,
    });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const member = await createMemberAccount(orgs, 'member');
    await rejects(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })), 'ValidationException', {
      status: 400,
      message: 'Service not enabled for AWS Organizations',
    });
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    const admin = await userWithPolicy(iam, 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const memberSession = await memberRoleSession(server.endpoint, admin, member, 'admin');
    await rejects(
      new AccessAnalyzerClient(clientConfig(server.endpoint, memberSession)).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' })),
      'AccessDeniedException',
      { status: 403, message: `Account ${member} is not a delegated administrator` },
    );
    const orgArn = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }))).arn!;
    const accountArn = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'account', type: 'ACCOUNT' }))).arn!;
    await iam.send(new CreateRoleCommand({ RoleName: 'to-member', AssumeRolePolicyDocument: trust({ AWS: member }) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'to-outsider', AssumeRolePolicyDocument: trust({ AWS: OUTSIDER }) }));
    await server.gatehouse.findings.idle();
    const principals = async (arn: string) =>
      (
        (await analyzer.send(new ListFindingsCommand({ analyzerArn: arn, filter: { status: { eq: ['ACTIVE'] }, resourceType: { eq: ['AWS::IAM::Role'] } } })))
          .findings ?? []
      )
        .map((f) => f.principal?.['AWS'])
        .sort();
    assert.deepEqual(await principals(orgArn), [OUTSIDER], 'the organization analyzer does not report an account of its organization');
    assert.deepEqual(await principals(accountArn), [OUTSIDER, member].sort(), 'the account analyzer does');
  });

  it("analyzes the organization's delegation policy: a member account it names is outside an account analyzer's zone", async () => {
    const config = clientConfig(server.endpoint, server.credentials);
    const analyzer = new AccessAnalyzerClient(config);
    const orgs = new OrganizationsClient(config);
    const accountArn = `arn:aws:access-analyzer:us-east-1:${TEST_ACCOUNT_ID}:analyzer/account`;
    const content = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: OUTSIDER }, Action: 'organizations:DescribeOrganization', Resource: '*' }],
    });
    await orgs.send(new PutResourcePolicyCommand({ Content: content }));
    const { value } = await within(1000, async () => {
      const list = (
        await analyzer.send(new ListFindingsCommand({ analyzerArn: accountArn, filter: { resourceType: { eq: ['AWS::Organizations::ResourcePolicy'] } } }))
      ).findings;
      return list?.length === 1 ? list[0] : undefined;
    });
    assert.deepEqual([value.principal, value.action], [{ AWS: OUTSIDER }, ['organizations:DescribeOrganization']]);
  });

  it('an organization analyzer whose organization turns trusted access off is DISABLED with AWS_SERVICE_ACCESS_DISABLED, and ACTIVE again once it is back', async () => {
    const config = clientConfig(server.endpoint, server.credentials);
    const analyzer = new AccessAnalyzerClient(config);
    const orgs = new OrganizationsClient(config);
    await orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    await server.gatehouse.findings.idle();
    const disabled = (await analyzer.send(new GetAnalyzerCommand({ analyzerName: 'org' }))).analyzer!;
    assert.deepEqual([disabled.status, disabled.statusReason], ['DISABLED', { code: 'AWS_SERVICE_ACCESS_DISABLED' }]);
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    await server.gatehouse.findings.idle();
    const active = (await analyzer.send(new GetAnalyzerCommand({ analyzerName: 'org' }))).analyzer!;
    assert.deepEqual([active.status, active.statusReason], ['ACTIVE', undefined]);
  });
});
