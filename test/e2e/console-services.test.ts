import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { AccessAnalyzerClient, CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { CreateProfileCommand, CreateTrustAnchorCommand, RolesAnywhereClient } from '@aws-sdk/client-rolesanywhere';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../src/services/iam/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { buildConsole, launchBrowser, photograph, screenshotDir, seriousViolations } from '../support/browser.js';
import { clientConfig } from '../support/organizations.js';
import { rootCa } from '../support/pki.js';
import { s3Client } from '../support/s3.js';

const ROOT_EMAIL = `root@${TEST_ACCOUNT_ID}.gatehouse.invalid`;
const ROOT_PASSWORD = 'Root-Passw0rd!';
const BUCKET = 'public-reports';
const PUBLIC_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AnyoneReads', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }],
});
const NO_BLOCK = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };

/**
 * The console's pages of the services beside IAM, in Debian's Chromium, as root: the posture
 * findings on the dashboard and an escalation path drawn as a graph (gone once fixed), an S3
 * bucket's policy, Block Public Access and "is this public?", and Access Analyzer's finding for
 * that bucket, archived from the page; Roles Anywhere's trust anchors and profiles. Every page is checked with axe-core and photographed.
 */
describe('the console’s service pages in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let consoleDir: string;
  let iam: IAMClient;
  let devPolicyArn: string;
  const shots = screenshotDir();

  before(async () => {
    consoleDir = buildConsole();
    server = await startTestServer({ consoleDir });
    await server.gatehouse.store.rootPasswords.set(TEST_ACCOUNT_ID, await hashPassword(ROOT_PASSWORD));
    iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    // dev may write a new version of its own policy: pathfinding.cloud's iam-001, a way to administrator.
    devPolicyArn = (
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'dev-tools',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 's3:*'], Resource: '*' }],
          }),
        }),
      )
    ).Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: devPolicyArn }));
    // A bucket anyone may read, and an analyzer of the account that finds it.
    await new AccessAnalyzerClient(clientConfig(server.endpoint, server.credentials)).send(
      new CreateAnalyzerCommand({ analyzerName: 'account', type: 'ACCOUNT' }),
    );
    const s3 = s3Client(server.endpoint, server.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: BUCKET, PublicAccessBlockConfiguration: NO_BLOCK }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: PUBLIC_READ }));
    await server.gatehouse.findings.idle();
    // dev lists the buckets once: the audit trail Access Analyzer generates dev's policy from.
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    await s3Client(server.endpoint, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new ListBucketsCommand({}));
    await server.gatehouse.flushAudit();

    base = server.endpoint.replace('127.0.0.1', 'localhost');
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Root user', { exact: true }).check();
    await page.getByLabel('Root user email address').fill(ROOT_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(ROOT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(consoleDir, { recursive: true, force: true });
  });

  async function open(path: string, heading: string): Promise<void> {
    await page.goto(`${base}/console${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async function assertAccessible(name: string): Promise<void> {
    await page
      .locator('.loading')
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    assert.deepEqual(await seriousViolations(page), [], name);
  }

  it('shows the posture findings on the dashboard and draws the escalation path; both go once the path is closed', async () => {
    const posture = page.getByRole('region', { name: 'Posture checks' });
    const finding = posture.getByRole('row').filter({ hasText: 'Privilege escalation: iam:CreatePolicyVersion' });
    await finding.waitFor();
    assert.match(await finding.innerText(), new RegExp(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/dev`));
    assert.match(await posture.innerText(), /checks pass/);
    await assertAccessible('dashboard with posture');
    await photograph(page, shots, 'dashboard-posture');

    await finding.getByRole('link', { name: 'Privilege escalation: iam:CreatePolicyVersion' }).click();
    await page.getByRole('heading', { level: 1, name: 'Escalation paths' }).waitFor();
    const graph = page.getByRole('img', { name: /Privilege escalation: iam:CreatePolicyVersion: user\/dev → user\/dev \(admin\)/ });
    await graph.waitFor();
    await page
      .getByText(/iam:CreatePolicyVersion on/)
      .first()
      .waitFor();
    await assertAccessible('escalation-paths');
    await photograph(page, shots, 'escalation-paths');

    // The fix the finding names: dev no longer holds the policy. The page asks again and the path is gone.
    await iam.send(new DetachUserPolicyCommand({ UserName: 'dev', PolicyArn: devPolicyArn }));
    await page.reload();
    await page.getByText('No principal can make itself an administrator.').waitFor();
    await open('/', 'Dashboard');
    await posture.getByText(/checks pass/).waitFor();
    assert.equal(await posture.getByText('Privilege escalation: iam:CreatePolicyVersion').count(), 0);
  });

  it('shows a bucket’s policy and Block Public Access, and whether it is public', async () => {
    await open('/s3', 'S3 buckets');
    await page.getByRole('link', { name: BUCKET }).click();
    await page.getByRole('heading', { level: 1, name: BUCKET }).waitFor();
    await page.getByText('Yes: its policy lets anyone in').waitFor();
    assert.match(await page.getByRole('region', { name: 'Bucket policy' }).innerText(), /AnyoneReads/);
    assert.match(await page.getByRole('region', { name: 'Is this bucket public?' }).innerText(), /CheckNoPublicAccess: FAIL/);
    await assertAccessible('bucket');
    await photograph(page, shots, 's3-bucket-public');

    // Block Public Access on the bucket restricts the public policy: the page says so.
    await s3Client(server.endpoint, server.credentials).send(
      new PutPublicAccessBlockCommand({
        Bucket: BUCKET,
        PublicAccessBlockConfiguration: { ...NO_BLOCK, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
    await page.reload();
    await page.getByText('Block Public Access restricts it.').waitFor();
    assert.equal(await page.getByText('Yes: its policy lets anyone in').count(), 0);
    // Put back for the analyzer's finding below.
    await s3Client(server.endpoint, server.credentials).send(new PutPublicAccessBlockCommand({ Bucket: BUCKET, PublicAccessBlockConfiguration: NO_BLOCK }));
    await server.gatehouse.findings.idle();
  });

  it('lists Access Analyzer’s finding for the public bucket and archives it; generates a policy from what dev called', async () => {
    await open('/access-analyzer', 'Access Analyzer');
    const findings = page.getByRole('region', { name: 'Findings' });
    const row = findings.getByRole('row').filter({ hasText: `arn:aws:s3:::${BUCKET}` });
    await row.waitFor();
    assert.match(await row.innerText(), /AWS::S3::Bucket/);
    await assertAccessible('access-analyzer');
    await photograph(page, shots, 'access-analyzer');

    await row.getByRole('button', { name: 'Archive' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('ARCHIVED');
    assert.equal(new URL(page.url()).searchParams.get('status'), 'ARCHIVED');
    await findings
      .getByRole('row')
      .filter({ hasText: `arn:aws:s3:::${BUCKET}` })
      .getByRole('button', { name: 'Unarchive' })
      .waitFor();

    await page.getByLabel('User or role ARN').fill(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/dev`);
    await page.getByRole('button', { name: 'Generate' }).click();
    const generated = page.getByRole('region', { name: 'Generate a least-privilege policy' }).locator('pre');
    await generated.waitFor();
    assert.match(await generated.innerText(), /s3:ListAllMyBuckets/);
    await assertAccessible('policy generation');
  });

  it('lists Roles Anywhere’s trust anchors and profiles', async () => {
    const ra = new RolesAnywhereClient(clientConfig(server.endpoint, server.credentials));
    const ca = await rootCa('CN=Build Farm Root');
    await ra.send(
      new CreateTrustAnchorCommand({
        name: 'build-farm',
        enabled: true,
        source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.pem } },
      }),
    );
    await ra.send(new CreateProfileCommand({ name: 'builders', enabled: true, roleArns: [`arn:aws:iam::${TEST_ACCOUNT_ID}:role/builder`] }));
    await open('/roles-anywhere', 'Roles Anywhere');
    const anchor = page.getByRole('region', { name: 'Trust anchors' }).getByRole('row').filter({ hasText: 'build-farm' });
    await anchor.waitFor();
    assert.match(await anchor.innerText(), /CERTIFICATE_BUNDLE\s+Yes/);
    const profile = page.getByRole('region', { name: 'Profiles' }).getByRole('row').filter({ hasText: 'builders' });
    assert.match(await profile.innerText(), new RegExp(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/builder`));
    await assertAccessible('roles-anywhere');
    await photograph(page, shots, 'roles-anywhere');
  });
});
