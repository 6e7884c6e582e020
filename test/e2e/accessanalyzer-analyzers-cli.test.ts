import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { botocoreDataPath } from '../support/botocoreModels.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

type Json = Record<string, any>;

const OUTSIDER = '444455556666';
const trust = (account: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole' }] });

/**
 * `aws accessanalyzer` against Gatehouse: analyzers, findings through both APIs, archive rules,
 * analyzed resources, tags, access previews, unused access analyzers and policy generation, with
 * AWS's CLI examples where there are some (awscli/examples/accessanalyzer/*.rst). The CLI here
 * (Debian's 2.9, early 2023) predates ListFindingsV2, GetFindingV2, UpdateAnalyzer,
 * GetFindingsStatistics and the unused access analyzers, so it is given the model Gatehouse
 * serves (test/support/botocoreModels.ts).
 */
describe('aws accessanalyzer analyzers and findings', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  let models: { dir: string; remove(): Promise<void> };
  let file: (name: string, content: object) => Promise<string>;
  let analyzerArn: string;
  const roleArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/Cognito_testpoolAuth_Role`;

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    await home.addProfile('default', server.credentials);
    models = await botocoreDataPath(['accessanalyzer-2019-11-01']);
    home.env['AWS_DATA_PATH'] = models.dir;
    file = async (name, content) => {
      const path = join(home.dir, name);
      await writeFile(path, JSON.stringify(content, null, 4));
      return `file://${path}`;
    };
  });
  after(async () => {
    await server.stop();
    await home.remove();
    await models.remove();
  });

  it("create-analyzer and get-analyzer: AWS's CLI examples", async () => {
    const created = await home.json<Json>(['accessanalyzer', 'create-analyzer', '--analyzer-name', 'example', '--type', 'ACCOUNT', '--tags', 'auto-delete=no']);
    analyzerArn = created['arn'];
    assert.equal(analyzerArn, `arn:aws:access-analyzer:us-east-1:${TEST_ACCOUNT_ID}:analyzer/example`);
    const got = (await home.json<Json>(['accessanalyzer', 'get-analyzer', '--analyzer-name', 'example']))['analyzer'];
    assert.deepEqual([got.name, got.type, got.status, got.tags], ['example', 'ACCOUNT', 'ACTIVE', { 'auto-delete': 'no' }]);
    const listed = await home.json<Json>(['accessanalyzer', 'list-analyzers']);
    assert.deepEqual(
      listed['analyzers'].map((a: Json) => a.name),
      ['example'],
    );
  });

  it("a Cognito role's trust policy is a finding, read with list-findings, list-findings-v2 (AWS's filter) and get-finding-v2", async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-west-2:EXAMPLE0-0000-0000-0000-000000000000' },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
        },
      ],
    };
    await home.json(['iam', 'create-role', '--role-name', 'Cognito_testpoolAuth_Role', '--assume-role-policy-document', await file('cognito.json', policy)]);
    await server.gatehouse.findings.idle();
    const filter = '{"resource": {"contains": ["Cognito"]}, "resourceType": {"eq": ["AWS::IAM::Role"]}}';
    const v1 = (await home.json<Json>(['accessanalyzer', 'list-findings', '--analyzer-arn', analyzerArn, '--filter', filter]))['findings'];
    assert.equal(v1.length, 1);
    assert.deepEqual(
      [v1[0].principal, v1[0].action, v1[0].resource, v1[0].isPublic, v1[0].resourceType, v1[0].condition, v1[0].status],
      [
        { Federated: 'cognito-identity.amazonaws.com' },
        ['sts:AssumeRoleWithWebIdentity'],
        roleArn,
        false,
        'AWS::IAM::Role',
        { 'cognito-identity.amazonaws.com:aud': 'us-west-2:EXAMPLE0-0000-0000-0000-000000000000' },
        'ACTIVE',
      ],
    );
    const v2 = (await home.json<Json>(['accessanalyzer', 'list-findings-v2', '--analyzer-arn', analyzerArn, '--filter', filter]))['findings'];
    assert.deepEqual(
      v2.map((f: Json) => [f.id, f.findingType, f.resource]),
      [[v1[0].id, 'ExternalAccess', roleArn]],
    );
    const got = await home.json<Json>(['accessanalyzer', 'get-finding-v2', '--analyzer-arn', analyzerArn, '--id', v1[0].id]);
    assert.deepEqual(got['findingDetails'], [
      {
        externalAccessDetails: {
          action: ['sts:AssumeRoleWithWebIdentity'],
          condition: { 'cognito-identity.amazonaws.com:aud': 'us-west-2:EXAMPLE0-0000-0000-0000-000000000000' },
          isPublic: false,
          principal: { Federated: 'cognito-identity.amazonaws.com' },
          resourceControlPolicyRestriction: 'NOT_APPLICABLE',
        },
      },
    ]);
    const stats = await home.json<Json>(['accessanalyzer', 'get-findings-statistics', '--analyzer-arn', analyzerArn]);
    assert.equal(stats['findingsStatistics'][0].externalAccessFindingsStatistics.totalActiveFindings, 1);
  });

  it("archive rules and update-findings: AWS's CLI examples", async () => {
    const filter = '{"resource": {"contains": ["Cognito"]}, "resourceType": {"eq": ["AWS::IAM::Role"]}}';
    const created = await home.aws(['accessanalyzer', 'create-archive-rule', '--analyzer-name', 'example', '--rule-name', 'MyArchiveRule', '--filter', filter]);
    assert.deepEqual([created.code, created.stdout], [0, ''], 'This command produces no output.');
    const rule = (await home.json<Json>(['accessanalyzer', 'get-archive-rule', '--analyzer-name', 'example', '--rule-name', 'MyArchiveRule']))['archiveRule'];
    assert.deepEqual([rule.ruleName, rule.filter], ['MyArchiveRule', { resource: { contains: ['Cognito'] }, resourceType: { eq: ['AWS::IAM::Role'] } }]);
    await home.json(['accessanalyzer', 'apply-archive-rule', '--analyzer-arn', analyzerArn, '--rule-name', 'MyArchiveRule']);
    const archived = (await home.json<Json>(['accessanalyzer', 'list-findings', '--analyzer-arn', analyzerArn]))['findings'];
    assert.deepEqual(
      archived.map((f: Json) => f.status),
      ['ARCHIVED'],
    );
    await home.json(['accessanalyzer', 'update-findings', '--analyzer-arn', analyzerArn, '--ids', archived[0].id, '--status', 'ACTIVE']);
    assert.equal((await home.json<Json>(['accessanalyzer', 'get-finding', '--analyzer-arn', analyzerArn, '--id', archived[0].id]))['finding'].status, 'ACTIVE');
    await home.json(['accessanalyzer', 'delete-archive-rule', '--analyzer-name', 'example', '--rule-name', 'MyArchiveRule']);
  });

  it('start-resource-scan, get-analyzed-resource, list-analyzed-resources, tags', async () => {
    await home.json([
      'iam',
      'update-assume-role-policy',
      '--role-name',
      'Cognito_testpoolAuth_Role',
      '--policy-document',
      await file('outsider.json', trust(OUTSIDER)),
    ]);
    await home.json(['accessanalyzer', 'start-resource-scan', '--analyzer-arn', analyzerArn, '--resource-arn', roleArn]);
    const resource = (await home.json<Json>(['accessanalyzer', 'get-analyzed-resource', '--analyzer-arn', analyzerArn, '--resource-arn', roleArn]))['resource'];
    assert.deepEqual(
      [resource.resourceArn, resource.resourceType, resource.isPublic, resource.actions],
      [roleArn, 'AWS::IAM::Role', false, ['sts:AssumeRole']],
    );
    const listed = await home.json<Json>(['accessanalyzer', 'list-analyzed-resources', '--analyzer-arn', analyzerArn, '--resource-type', 'AWS::IAM::Role']);
    assert.ok(listed['analyzedResources'].some((r: Json) => r.resourceArn === roleArn));
    await home.json(['accessanalyzer', 'tag-resource', '--resource-arn', analyzerArn, '--tags', 'Zone-of-trust=Account,Name=ConsoleAnalyzer']);
    await home.json(['accessanalyzer', 'untag-resource', '--resource-arn', analyzerArn, '--tag-keys', 'auto-delete']);
    assert.deepEqual((await home.json<Json>(['accessanalyzer', 'list-tags-for-resource', '--resource-arn', analyzerArn]))['tags'], {
      'Zone-of-trust': 'Account',
      Name: 'ConsoleAnalyzer',
    });
  });

  it('create-access-preview, get-access-preview, list-access-preview-findings, list-access-previews', async () => {
    const configurations = await file('preview.json', { [roleArn]: { iamRole: { trustPolicy: JSON.stringify(trust('999988887777')) } } });
    const { id } = await home.json<Json>(['accessanalyzer', 'create-access-preview', '--analyzer-arn', analyzerArn, '--configurations', configurations]);
    const preview = (await home.json<Json>(['accessanalyzer', 'get-access-preview', '--access-preview-id', id, '--analyzer-arn', analyzerArn]))[
      'accessPreview'
    ];
    assert.equal(preview.status, 'COMPLETED');
    const findings = (await home.json<Json>(['accessanalyzer', 'list-access-preview-findings', '--access-preview-id', id, '--analyzer-arn', analyzerArn]))[
      'findings'
    ];
    assert.deepEqual(findings.map((f: Json) => [f.principal.AWS, f.changeType, f.status]).sort(), [
      [OUTSIDER, 'CHANGED', 'RESOLVED'],
      ['999988887777', 'NEW', 'ACTIVE'],
    ]);
    const listed = await home.json<Json>(['accessanalyzer', 'list-access-previews', '--analyzer-arn', analyzerArn]);
    assert.deepEqual(
      listed['accessPreviews'].map((p: Json) => p.id),
      [id],
    );
  });

  it('an unused access analyzer: create-analyzer with its configuration, update-analyzer, list-findings-v2', async () => {
    const { arn } = await home.json<Json>([
      'accessanalyzer',
      'create-analyzer',
      '--analyzer-name',
      'UnusedAccess',
      '--type',
      'ACCOUNT_UNUSED_ACCESS',
      '--configuration',
      '{"unusedAccess": {"unusedAccessAge": 90}}',
    ]);
    const updated = await home.json<Json>([
      'accessanalyzer',
      'update-analyzer',
      '--analyzer-name',
      'UnusedAccess',
      '--configuration',
      '{"unusedAccess": {"unusedAccessAge": 30}}',
    ]);
    assert.deepEqual(updated['configuration'], { unusedAccess: { unusedAccessAge: 30 } });
    assert.deepEqual((await home.json<Json>(['accessanalyzer', 'list-findings-v2', '--analyzer-arn', arn]))['findings'], []);
  });

  it("start-policy-generation with AWS's CLI example details, get-generated-policy, list-policy-generations, cancel-policy-generation", async () => {
    await home.json(['cloudtrail', 'create-trail', '--name', 'my-trail', '--s3-bucket-name', 'trail-bucket']);
    await home.json(['iam', 'create-role', '--role-name', 'Admin', '--assume-role-policy-document', await file('admin.json', trust(TEST_ACCOUNT_ID))]);
    const details = await file('myfile.json', {
      accessRole: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/service-role/AccessAnalyzerMonitorServiceRole`,
      startTime: new Date(Date.now() - 3600_000).toISOString(),
      trails: [{ allRegions: true, cloudTrailArn: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/my-trail` }],
    });
    const admin = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/Admin`;
    const { jobId } = await home.json<Json>([
      'accessanalyzer',
      'start-policy-generation',
      '--policy-generation-details',
      JSON.stringify({ principalArn: admin }),
      '--cloud-trail-details',
      details,
    ]);
    const got = await home.json<Json>(['accessanalyzer', 'get-generated-policy', '--job-id', jobId]);
    assert.deepEqual([got['jobDetails'].status, got['generatedPolicyResult'].properties.principalArn], ['SUCCEEDED', admin]);
    assert.deepEqual(got['generatedPolicyResult'].generatedPolicies, [], 'the role did nothing in the window');
    const second = await home.json<Json>([
      'accessanalyzer',
      'start-policy-generation',
      '--policy-generation-details',
      JSON.stringify({ principalArn: admin }),
      '--cloud-trail-details',
      details,
    ]);
    await home.json(['accessanalyzer', 'cancel-policy-generation', '--job-id', second['jobId']]);
    const listed = (await home.json<Json>(['accessanalyzer', 'list-policy-generations']))['policyGenerations'];
    assert.deepEqual(listed.map((g: Json) => g.status).sort(), ['CANCELED', 'SUCCEEDED']);
  });

  it('errors come back as AWS error codes with their messages', async () => {
    const missing = await home.aws(['accessanalyzer', 'get-analyzer', '--analyzer-name', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(ResourceNotFoundException\) when calling the GetAnalyzer operation: Analyzer not found/);
    const duplicate = await home.aws(['accessanalyzer', 'create-analyzer', '--analyzer-name', 'example', '--type', 'ACCOUNT']);
    assert.match(duplicate.stderr, /\(ConflictException\) when calling the CreateAnalyzer operation: An analyzer named example already exists/);
  });
});
