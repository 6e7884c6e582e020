import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GenerateOrganizationsAccessReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetCredentialReportCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  IAMClient,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { DEFAULT_IAM_QUOTAS } from '../../src/model/index.js';
import { findOperation } from '../../src/services/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
const FOUR_HOURS = 4 * 60 * 60 * 1000;

function errorOf(name: string, status: number) {
  return (err: any) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, status);
    return true;
  };
}

describe('credential report', () => {
  let server: TestServer;
  let iam: IAMClient;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90 }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateUserCommand({ UserName: 'carol', Path: '/ops/' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Correct-Horse-Battery-9' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: second.AccessKey!.AccessKeyId, Status: 'Inactive' }));
    // An enabled MFA device and a signing certificate, stored directly (their APIs need TOTP codes and X.509 bodies).
    const db = server.gatehouse.store.db;
    const now = new Date().toISOString();
    await db
      .insertInto('mfa_devices')
      .values({
        serial_lower: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/carol`,
        serial_number: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/carol`,
        account_id: TEST_ACCOUNT_ID,
        name: 'carol',
        path: '/',
        seed_sealed: 'unused',
        user_name: 'carol',
        assigned_root: 0,
        enable_date: now,
        last_step: null,
        drift_steps: 0,
        created_at: now,
      })
      .execute();
    await db
      .insertInto('signing_certificates')
      .values({
        certificate_id: 'CERTCAROL0000000000000001',
        account_id: TEST_ACCOUNT_ID,
        user_name: 'carol',
        body: 'unused',
        fingerprint: 'unused',
        status: 'Active',
        uploaded_at: now,
      })
      .execute();
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it('is not present before it is generated', async () => {
    await assert.rejects(iam.send(new GetCredentialReportCommand({})), errorOf('CredentialReportNotPresentException', 410));
  });

  it('starts, then completes, and lists root first, then each user with and without credentials', async () => {
    const first = await iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(first.State, 'STARTED');
    assert.equal(first.Description, 'No report exists. Starting a new report generation task');
    const second = await iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(second.State, 'COMPLETE');
    assert.equal(second.Description, undefined);

    const report = await iam.send(new GetCredentialReportCommand({}));
    assert.equal(report.ReportFormat, 'text/csv');
    assert.ok(report.GeneratedTime instanceof Date);
    const lines = Buffer.from(report.Content!).toString('utf8').split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[0], HEADER);
    const [root, bob, carol] = lines.slice(1).map((l) => l.split(','));
    for (const row of [root, bob, carol]) assert.equal(row!.length, 22);

    assert.equal(root![0], '<root_account>');
    assert.equal(root![1], `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    assert.match(root![2]!, ISO);
    assert.deepEqual(root!.slice(3, 8), ['not_supported', 'no_information', 'not_supported', 'not_supported', 'false']);
    // The test server's root user has one active access key, used to sign these very calls.
    assert.equal(root![8], 'true');
    assert.match(root![9]!, ISO);
    assert.deepEqual(root!.slice(13), ['false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A']);

    assert.equal(bob![0], 'bob');
    assert.equal(bob![1], `arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob`);
    assert.deepEqual(bob!.slice(3), [
      'false',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A',
    ]);

    assert.equal(carol![1], `arn:aws:iam::${TEST_ACCOUNT_ID}:user/ops/carol`);
    assert.equal(carol![3], 'true');
    assert.equal(carol![4], 'no_information');
    assert.match(carol![5]!, ISO);
    const changed = Date.parse(carol![5]!);
    assert.equal(Date.parse(carol![6]!), changed + 90 * 86_400_000);
    assert.deepEqual([carol![7], carol![8]], ['true', 'true']);
    assert.match(carol![9]!, ISO);
    assert.deepEqual(carol!.slice(10, 13), ['N/A', 'N/A', 'N/A']);
    assert.equal(carol![13], 'false');
    assert.match(carol![14]!, ISO);
    assert.deepEqual(carol!.slice(15, 18), ['N/A', 'N/A', 'N/A']);
    assert.equal(carol![18], 'true');
    assert.match(carol![19]!, ISO);
    assert.deepEqual(carol!.slice(20), ['false', 'N/A']);
  });

  it('expires after four hours, and a new report can then be generated', async () => {
    // Age the stored report by four hours and a minute (the report's own storage, in the kv table).
    const key = `iam:credential-report:${TEST_ACCOUNT_ID}`;
    const stored = JSON.parse((await server.gatehouse.store.kv.get(key))!) as { generatedAt: string };
    stored.generatedAt = new Date(Date.parse(stored.generatedAt) - FOUR_HOURS - 60_000).toISOString();
    await server.gatehouse.store.kv.set(key, JSON.stringify(stored));

    await assert.rejects(iam.send(new GetCredentialReportCommand({})), errorOf('CredentialReportExpiredException', 410));
    assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
    const report = await iam.send(new GetCredentialReportCommand({}));
    assert.ok(Date.now() - report.GeneratedTime!.getTime() < 60_000);
  });
});

describe('service last accessed and organizations access reports', () => {
  let server: TestServer;
  let iam: IAMClient;
  const dave = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/dave`;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    await server.gatehouse.store.db
      .insertInto('inline_policies')
      .values({
        account_id: TEST_ACCOUNT_ID,
        principal_kind: 'user',
        principal_name: 'dave',
        policy_name: 'tools',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:Get*', 'ec2:DescribeInstances', 'iam:ListUsers'], Resource: '*' },
            { Effect: 'Deny', Action: 'kms:*', Resource: '*' },
          ],
        }),
      })
      .execute();
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it('lists every service the policies allow, never accessed, page by page', async () => {
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: dave }));
    assert.match(JobId!, /^[0-9a-f-]{36}$/);
    const first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 2 }));
    assert.equal(first.JobStatus, 'COMPLETED');
    assert.equal(first.JobType, 'SERVICE_LEVEL');
    assert.ok(first.JobCreationDate instanceof Date && first.JobCompletionDate instanceof Date);
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 2, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    const services = [...first.ServicesLastAccessed!, ...second.ServicesLastAccessed!];
    assert.deepEqual(
      services.map((s) => s.ServiceNamespace),
      ['ec2', 'iam', 's3'],
    );
    for (const s of services) {
      assert.equal(s.LastAuthenticated, undefined);
      assert.equal(s.TotalAuthenticatedEntities, 0);
      assert.ok(s.ServiceName!.length > 0);
    }
    assert.equal(services[1]!.ServiceName, 'AWS Identity and Access Management (IAM)');

    const entities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 's3' }));
    assert.equal(entities.JobStatus, 'COMPLETED');
    assert.deepEqual(
      entities.EntityDetailsList!.map((e) => [e.EntityInfo!.Name, e.EntityInfo!.Type, e.EntityInfo!.Arn, e.LastAuthenticated]),
      [['dave', 'USER', dave, undefined]],
    );
  });

  it('reports on a managed policy: the services its document allows', async () => {
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    const job = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.deepEqual(
      job.ServicesLastAccessed!.map((s) => s.ServiceNamespace),
      ['s3', 's3-object-lambda'],
    );
    const entities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 's3' }));
    assert.deepEqual(entities.EntityDetailsList, []);
  });

  it('answers NoSuchEntity for an unknown entity or job and InvalidInput for a bad marker', async () => {
    await assert.rejects(
      iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/nobody` })),
      errorOf('NoSuchEntityException', 404),
    );
    await assert.rejects(
      iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-4000-8000-000000000000' })),
      errorOf('NoSuchEntityException', 404),
    );
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: dave, Granularity: 'ACTION_LEVEL' }));
    const job = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.equal(job.JobType, 'ACTION_LEVEL');
    await assert.rejects(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: 'bm90LWEtbWFya2Vy' })), errorOf('ValidationError', 400));
    await assert.rejects(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: 'short' })), errorOf('ValidationError', 400));
  });

  it('rejects an organizations access report for an account outside any organization', async () => {
    await assert.rejects(
      iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0' })),
      errorOf('InvalidInputException', 400),
    );
  });

  it('answers OrganizationNotFoundException for centralized root access outside an organization', async () => {
    // These operations are newer than the request-decoding model, so their handlers are called directly.
    const ctx = {
      requestId: 'test',
      principal: { type: 'Root' as const, accountId: TEST_ACCOUNT_ID, arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root`, userId: TEST_ACCOUNT_ID },
      now: new Date(),
      region: 'us-east-1',
      sourceIp: '127.0.0.1',
      userAgent: 'test',
      store: server.gatehouse.store,
      quotas: DEFAULT_IAM_QUOTAS,
    };
    for (const name of ['ListOrganizationsFeatures', 'EnableOrganizationsRootCredentialsManagement', 'DisableOrganizationsRootSessions']) {
      const operation = findOperation('iam', name);
      assert.ok(operation, name);
      await assert.rejects(operation.handle({}, ctx), (err: any) => {
        assert.equal(err.code, 'OrganizationNotFoundException');
        assert.equal(err.status, 400);
        assert.equal(err.message, 'The request was rejected because no organization is associated with your account.');
        return true;
      });
    }
  });
});
