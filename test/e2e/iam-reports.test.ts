import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe('credential report', () => {
  let server: TestServer;
  let iam: IAMClient;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it('is not present before it is generated', async () => {
    await assert.rejects(iam.send(new GetCredentialReportCommand({})), (err: any) => {
      assert.equal(err.name, 'ReportNotPresent');
      assert.equal(err.$metadata.httpStatusCode, 410);
      return true;
    });
  });

  it('starts, then completes, then downloads the CSV with the root row first', async () => {
    const first = await iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(first.State, 'STARTED');
    assert.equal(first.Description, 'No report exists. Starting a new report generation task');
    const second = await iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(second.State, 'COMPLETE');

    const report = await iam.send(new GetCredentialReportCommand({}));
    assert.equal(report.ReportFormat, 'text/csv');
    assert.ok(report.GeneratedTime instanceof Date);
    const lines = Buffer.from(report.Content!).toString('utf8').split('\n');
    assert.equal(lines[0], HEADER);
    const root = lines[1]!.split(',');
    assert.equal(root.length, 22);
    assert.equal(root[0], '<root_account>');
    assert.equal(root[1], `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    assert.match(root[2]!, ISO);
    assert.deepEqual(root.slice(3, 8), ['not_supported', 'no_information', 'not_supported', 'not_supported', 'false']);
    // The test server's root user has one active, fixed access key.
    assert.equal(root[8], 'true');
    assert.match(root[9]!, ISO);
    assert.deepEqual(root.slice(13), ['false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A']);
  });
});
