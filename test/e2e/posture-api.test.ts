import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AttachUserPolicyCommand, CreateLoginProfileCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { assembleAccountExport, recogniseExport } from '../../src/analysis/exports/index.js';
import { analyzeAccount, type PostureReport } from '../../src/analysis/posture/index.js';
import { awsManagedPolicyFacts, importAccount, readAccountExport } from '../../src/services/gatehouse/index.js';
import { FIXTURE_ACCOUNT, fixtureExport } from '../support/exportFixtures.js';
import { generateExport } from '../support/exportGenerator.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { clientConfig, type Creds, userWithPolicy } from '../support/organizations.js';

const NOW = new Date();

/**
 * Gatehouse's own API, GetAccountPosture: the same report `gatehouse analyze --format json` prints,
 * for the caller's account or, from the deployment's management account, any account (imported
 * ones too), authorized by the caller's policies; and the Prometheus gauges of findings by severity.
 */
describe('GetAccountPosture and the posture metrics', () => {
  let server: TestServer;
  let iam: IAMClient;

  async function call(credentials: Creds, input: object): Promise<{ status: number; code: string | undefined; body: Record<string, unknown> }> {
    const url = new URL(server.endpoint);
    const body = JSON.stringify(input);
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'gatehouse', sha256: Sha256 });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/posture',
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    const res = await fetch(`${server.endpoint}/posture`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
    // A REST-JSON error names its code in the x-amzn-ErrorType header.
    return { status: res.status, code: res.headers.get('x-amzn-errortype')?.split(':')[0], body: (await res.json()) as Record<string, unknown> };
  }

  before(async () => {
    server = await startTestServer({ clock: () => NOW });
    iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: 'Sup3r-Secret-Passw0rd!' }));
    const policy = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'dev',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 's3:*'], Resource: '*' }] }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: policy.Policy!.Arn! }));
    await importAccount(server.gatehouse.store, assembleAccountExport(Object.entries(fixtureExport()).flatMap(([n, t]) => recogniseExport(n, t))));
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it("answers the account's report, the same document the CLI prints", async () => {
    const { status, body } = await call(server.credentials, {});
    assert.equal(status, 200, JSON.stringify(body));
    const report = body as unknown as PostureReport;
    const expected = await analyzeAccount((await readAccountExport(server.gatehouse.store, TEST_ACCOUNT_ID))!, {
      now: NOW,
      awsManagedPolicy: awsManagedPolicyFacts,
    });
    assert.deepEqual(
      { ...report, escalation: { ...report.escalation, milliseconds: 0 } },
      JSON.parse(JSON.stringify({ ...expected, escalation: { ...expected.escalation, milliseconds: 0 } })),
    );
    assert.ok(report.findings.some((f) => f.id === 'iam-001' && f.resourceArn === `arn:aws:iam::${TEST_ACCOUNT_ID}:user/dev`));
    assert.ok(report.findings.some((f) => f.id === 'iam_administrator_access_with_mfa'));
  });

  it("reads an imported account's from the management account, with thresholds", async () => {
    const { status, body } = await call(server.credentials, { accountId: FIXTURE_ACCOUNT, thresholds: { accessKeyMaxAgeDays: 3650 } });
    assert.equal(status, 200, JSON.stringify(body));
    const report = body as unknown as PostureReport;
    assert.equal(report.accountId, FIXTURE_ACCOUNT);
    assert.equal(report.thresholds.accessKeyMaxAgeDays, 3650);
    assert.ok(report.findings.some((f) => f.id === 'gatehouse_role_trusts_account_without_condition'));
    assert.ok(!report.findings.some((f) => f.id === 'iam_rotate_access_key_90_days'));
  });

  it("is authorized by the caller's policies as gatehouse:GetAccountPosture on its posture resource", async () => {
    const reader = await userWithPolicy(iam, 'posture-reader', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'gatehouse:GetAccountPosture', Resource: `arn:aws:gatehouse::${TEST_ACCOUNT_ID}:posture/${TEST_ACCOUNT_ID}` }],
    });
    assert.equal((await call(reader, {})).status, 200);
    const denied = await call(reader, { accountId: FIXTURE_ACCOUNT });
    assert.equal(denied.status, 403);
    assert.equal(denied.code, 'AccessDeniedException');
    const nobody = await userWithPolicy(iam, 'nobody', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const refused = await call(nobody, {});
    assert.equal(refused.status, 403);
    assert.match(
      String(refused.body['message']),
      /is not authorized to perform: gatehouse:GetAccountPosture on resource: arn:aws:gatehouse::123456789012:posture\/123456789012/,
    );
  });

  it('analyses a large account on a worker thread, with the same report', async () => {
    const generated = generateExport({ users: 100, roles: 300, policies: 400, seed: 7 });
    const account = assembleAccountExport(Object.entries(generated.files).flatMap(([n, t]) => recogniseExport(n, t)));
    await importAccount(server.gatehouse.store, account);
    const { status, body } = await call(server.credentials, { accountId: generated.accountId });
    assert.equal(status, 200, JSON.stringify(body).slice(0, 500));
    const report = body as unknown as PostureReport;
    assert.equal(report.escalation.principals, 400);
    const inline = await analyzeAccount((await readAccountExport(server.gatehouse.store, generated.accountId))!, {
      now: NOW,
      awsManagedPolicy: awsManagedPolicyFacts,
    });
    assert.deepEqual(
      report.findings.map((f) => `${f.id} ${f.resourceArn}`),
      inline.findings.map((f) => `${f.id} ${f.resourceArn}`),
    );
  });

  it('answers ResourceNotFoundException and ValidationException for what it cannot answer', async () => {
    const missing = await call(server.credentials, { accountId: '000011112222' });
    assert.deepEqual(
      [missing.status, missing.code, missing.body['message']],
      [404, 'ResourceNotFoundException', 'Account 000011112222 does not exist in this deployment.'],
    );
    const bad = await call(server.credentials, { accountId: 'mine' });
    assert.equal(bad.status, 400);
    assert.equal(bad.code, 'ValidationException');
    const threshold = await call(server.credentials, { thresholds: { roleUnusedDays: 999 } });
    assert.deepEqual([threshold.status, threshold.code], [400, 'ValidationException']);
    assert.match(String(threshold.body['message']), /roleUnusedDays/);
  });

  it('exports the latest findings of each account by severity as Prometheus gauges', async () => {
    const { body } = await call(server.credentials, {});
    const summary = (body as unknown as PostureReport).summary;
    const metrics = async () =>
      (await (await fetch(`${server.endpoint}/_gatehouse/metrics`)).text()).split('\n').filter((l) => l.startsWith('gatehouse_posture_'));
    const lines = await metrics();
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
      assert.ok(lines.includes(`gatehouse_posture_findings{account="${TEST_ACCOUNT_ID}",severity="${severity}"} ${summary[severity]}`), lines.join('\n'));
    }
    // A scrape starts the analysis of the accounts not analysed yet (the imported one) in the background.
    let imported: string[] = [];
    for (let i = 0; i < 50 && imported.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      imported = (await metrics()).filter((l) => l.includes(`account="${FIXTURE_ACCOUNT}"`));
    }
    assert.ok(imported.includes(`gatehouse_posture_findings{account="${FIXTURE_ACCOUNT}",severity="critical"} 3`), imported.join('\n'));
  });
});
