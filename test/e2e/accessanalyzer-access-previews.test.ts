import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  CreateAccessPreviewCommand,
  CreateAnalyzerCommand,
  GetAccessPreviewCommand,
  ListAccessPreviewFindingsCommand,
  ListAccessPreviewsCommand,
  ListFindingsCommand,
  type AccessPreviewFinding,
  type Configuration,
} from '@aws-sdk/client-accessanalyzer';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { clientConfig } from '../support/organizations.js';
import { rejects } from '../support/rejects.js';

const OUTSIDER = '444455556666';
const PARTNER = '999988887777';
const trust = (...accounts: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: accounts }, Action: 'sts:AssumeRole' }] });
const ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/shared`;

describe('Access Analyzer access previews over the SDK', () => {
  let server: TestServer;
  let analyzer: AccessAnalyzerClient;
  let analyzerArn: string;
  let existingId: string;

  const preview = async (configurations: Record<string, Configuration>) => {
    const { id } = await analyzer.send(new CreateAccessPreviewCommand({ analyzerArn, configurations }));
    return id!;
  };
  const findingsOf = async (id: string, filter?: Record<string, object>): Promise<AccessPreviewFinding[]> =>
    (await analyzer.send(new ListAccessPreviewFindingsCommand({ analyzerArn, accessPreviewId: id, ...(filter !== undefined ? { filter } : {}) }))).findings ??
    [];

  before(async () => {
    server = await startTestServer();
    const config = clientConfig(server.endpoint, server.credentials);
    analyzer = new AccessAnalyzerClient(config);
    await new IAMClient(config).send(new CreateRoleCommand({ RoleName: 'shared', AssumeRolePolicyDocument: trust(OUTSIDER) }));
    analyzerArn = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'account', type: 'ACCOUNT' }))).arn!;
    await server.gatehouse.findings.idle();
    existingId = (await analyzer.send(new ListFindingsCommand({ analyzerArn }))).findings![0]!.id!;
  });
  after(async () => server.stop());

  it('a proposed trust policy: access already found is UNCHANGED (naming the finding), new access NEW', async () => {
    const id = await preview({ [ROLE]: { iamRole: { trustPolicy: trust(OUTSIDER, PARTNER) } } });
    const got = (await analyzer.send(new GetAccessPreviewCommand({ analyzerArn, accessPreviewId: id }))).accessPreview!;
    assert.deepEqual([got.id, got.status, got.analyzerArn], [id, 'COMPLETED', analyzerArn]);
    assert.deepEqual(got.configurations, { [ROLE]: { iamRole: { trustPolicy: trust(OUTSIDER, PARTNER) } } });
    const findings = await findingsOf(id);
    const byPrincipal = Object.fromEntries(findings.map((f) => [f.principal!['AWS'], [f.changeType, f.status, f.existingFindingId, f.existingFindingStatus]]));
    assert.deepEqual(byPrincipal, {
      [OUTSIDER]: ['UNCHANGED', 'ACTIVE', existingId, 'ACTIVE'],
      [PARTNER]: ['NEW', 'ACTIVE', undefined, undefined],
    });
    const partner = findings.find((f) => f.principal!['AWS'] === PARTNER)!;
    assert.deepEqual(
      [partner.action, partner.condition, partner.isPublic, partner.resource, partner.resourceType, partner.resourceOwnerAccount],
      [['sts:AssumeRole'], {}, false, ROLE, 'AWS::IAM::Role', TEST_ACCOUNT_ID],
    );
    assert.deepEqual(
      (await findingsOf(id, { changeType: { eq: ['NEW'] } })).map((f) => f.principal!['AWS']),
      [PARTNER],
    );
  });

  it('closing the trust policy previews the existing finding as CHANGED to RESOLVED; the real finding is untouched', async () => {
    const id = await preview({ [ROLE]: { iamRole: { trustPolicy: trust(TEST_ACCOUNT_ID) } } });
    assert.deepEqual(
      (await findingsOf(id)).map((f) => [f.changeType, f.status, f.existingFindingId]),
      [['CHANGED', 'RESOLVED', existingId]],
    );
    assert.equal((await analyzer.send(new ListFindingsCommand({ analyzerArn }))).findings![0]!.status, 'ACTIVE');
  });

  it('a role that does not exist yet is previewed from its proposed trust policy', async () => {
    const id = await preview({ [`arn:aws:iam::${TEST_ACCOUNT_ID}:role/new`]: { iamRole: { trustPolicy: trust(PARTNER) } } });
    assert.deepEqual(
      (await findingsOf(id)).map((f) => [f.changeType, f.principal]),
      [['NEW', { AWS: PARTNER }]],
    );
  });

  it('a trust policy that is not a policy makes the preview FAILED with INVALID_CONFIGURATION', async () => {
    const id = await preview({ [ROLE]: { iamRole: { trustPolicy: '{"Statement": [' } } });
    const got = (await analyzer.send(new GetAccessPreviewCommand({ analyzerArn, accessPreviewId: id }))).accessPreview!;
    assert.deepEqual([got.status, got.statusReason], ['FAILED', { code: 'INVALID_CONFIGURATION' }]);
  });

  it('previews are listed; bad configurations are ValidationExceptions; unknown previews are not found', async () => {
    const listed = (await analyzer.send(new ListAccessPreviewsCommand({ analyzerArn }))).accessPreviews!;
    assert.equal(listed.length, 4);
    await rejects(
      analyzer.send(new CreateAccessPreviewCommand({ analyzerArn, configurations: { 'arn:aws:s3:::bucket': { iamRole: { trustPolicy: trust(PARTNER) } } } })),
      'ValidationException',
      {
        message: 'Invalid Configuration for arn:aws:s3:::bucket: the ARN is not a resource of type AWS::IAM::Role',
      },
    );
    await rejects(
      analyzer.send(
        new CreateAccessPreviewCommand({ analyzerArn, configurations: { 'arn:aws:sqs:us-east-1:123456789012:q': { sqsQueue: { queuePolicy: '{}' } } } }),
      ),
      'ValidationException',
      { message: 'Invalid Configuration for arn:aws:sqs:us-east-1:123456789012:q: Gatehouse holds no resources of the kind sqsQueue configures' },
    );
    await rejects(
      analyzer.send(
        new CreateAccessPreviewCommand({
          analyzerArn,
          configurations: { [`arn:aws:iam::${OUTSIDER}:role/theirs`]: { iamRole: { trustPolicy: trust(PARTNER) } } },
        }),
      ),
      'ValidationException',
      { message: `Invalid Configuration for arn:aws:iam::${OUTSIDER}:role/theirs: the resource is not in the analyzer's zone of trust` },
    );
    await rejects(
      analyzer.send(new GetAccessPreviewCommand({ analyzerArn, accessPreviewId: '3c65eb13-6ef9-4629-8919-a32043619e6b' })),
      'ResourceNotFoundException',
      {
        status: 404,
        message: 'AccessPreview not found',
      },
    );
  });
});
