import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { CreateLoginProfileCommand, CreateUserCommand, GetMFADeviceCommand, IAMClient, ListMFADevicesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { buildConsole, launchBrowser, photograph, screenshotDir, seriousViolations } from '../support/browser.js';

const PASSWORD = 'Passw0rd-for-console!';
/** AWS's example policy that lets users manage their own MFA devices, security keys included. */
const SELF_MANAGE_MFA = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:DeactivateMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  ],
};

/**
 * The console's own security, in Debian's Chromium: a security key registered and then used to
 * sign in (Chromium's virtual authenticator, through the DevTools protocol), and how IAM shows it;
 * a user without IAM read permissions sees each page's AccessDenied explained; no inline script
 * runs.
 */
describe('console security in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let consoleDir: string;
  let iam: IAMClient;
  const shots = screenshotDir();

  before(async () => {
    consoleDir = buildConsole();
    // One MFA device per user, so that a second security key meets IAM's quota.
    server = await startTestServer({ consoleDir, env: { GATEHOUSE_QUOTAS: JSON.stringify({ mfaDevicesPerUser: 1 }) } });
    base = server.endpoint.replace('127.0.0.1', 'localhost');
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials });
    for (const name of ['kim', 'nobody']) {
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: PASSWORD }));
    }
    await iam.send(new PutUserPolicyCommand({ UserName: 'kim', PolicyName: 'SelfManageMFA', PolicyDocument: JSON.stringify(SELF_MANAGE_MFA) }));
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(consoleDir, { recursive: true, force: true });
  });

  async function signIn(userName: string): Promise<void> {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Account ID (12 digits) or account alias').fill(TEST_ACCOUNT_ID);
    await page.getByLabel('IAM user name').fill(userName);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  }

  it('registers a security key with a virtual authenticator, shows it as IAM does, and signs in with it', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await signIn('kim');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.goto(`${base}/console/security-credentials`);
    await page.getByLabel('Key name').fill('yubikey');
    await page.getByRole('button', { name: 'Register security key' }).click();
    await page.getByText(/Registered as arn:aws:iam::123456789012:u2f\/user\/kim\/yubikey-[A-Z2-7]{26}/).waitFor();
    await page.getByRole('cell', { name: 'Security key or passkey' }).waitFor();
    await photograph(page, shots, 'security-key');

    // AWS: ListMFADevices shows a FIDO security key under its u2f ARN; GetMFADevice takes only those.
    const devices = (await iam.send(new ListMFADevicesCommand({ UserName: 'kim' }))).MFADevices ?? [];
    assert.equal(devices.length, 1);
    const serial = devices[0]!.SerialNumber!;
    assert.match(serial, /^arn:aws:iam::123456789012:u2f\/user\/kim\/yubikey-[A-Z2-7]{26}$/);
    const device = await iam.send(new GetMFADeviceCommand({ UserName: 'kim', SerialNumber: serial }));
    assert.equal(device.SerialNumber, serial);
    // The registration is kim's own EnableMFADevice in the audit trail.
    await server.gatehouse.flushAudit();
    const trail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials });
    const events = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'EnableMFADevice' }] }));
    const record = JSON.parse(events.Events![0]!.CloudTrailEvent!);
    assert.equal(record.userIdentity.arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/kim`);
    assert.equal(record.requestParameters.serialNumber, serial);

    await signOut();
    await signIn('kim');
    await page.getByRole('heading', { level: 1, name: 'Multi-factor authentication' }).waitFor();
    await page.getByRole('button', { name: 'Use your security key or passkey' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.match(await page.locator('.who .identity').innerText(), /user\/kim · MFA/);

    // A second device meets IAM's MFADevicesPerUser quota in EnableMFADevice's words, and nothing is stored.
    await page.goto(`${base}/console/security-credentials`);
    await page.getByLabel('Key name').fill('spare');
    await page.getByRole('button', { name: 'Register security key' }).click();
    await page.getByText('Cannot exceed quota for MFADevicesPerUser: 1').waitFor();
    assert.equal((await iam.send(new ListMFADevicesCommand({ UserName: 'kim' }))).MFADevices?.length, 1);
    await signOut();
  });

  it('explains AccessDenied on each page to a user without IAM read permissions, instead of an empty list', async () => {
    await signIn('nobody');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const pages: [string, string, string][] = [
      ['/', 'Dashboard', 'iam:GetAccountSummary'],
      ['/users', 'Users', 'iam:ListUsers'],
      ['/groups', 'Groups', 'iam:ListGroups'],
      ['/roles', 'Roles', 'iam:ListRoles'],
      ['/policies', 'Policies', 'iam:ListPolicies'],
      ['/identity-providers', 'Identity providers', 'iam:ListOpenIDConnectProviders'],
      ['/mfa-devices', 'MFA devices', 'iam:ListVirtualMFADevices'],
      ['/users/kim', 'kim', 'iam:GetUser'],
      ['/security-credentials', 'My security credentials', 'iam:ListMFADevices'],
      ['/audit', 'Audit trail', 'cloudtrail:LookupEvents'],
      ['/why-denied', 'Why was this denied?', 'cloudtrail:LookupEvents'],
      ['/organizations', 'Organizations', 'organizations:DescribeOrganization'],
    ];
    for (const [path, heading, action] of pages) {
      await page.goto(`${base}/console${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      const denial = page.locator('.notice.error', { hasText: 'Access denied' }).first();
      await denial.waitFor({ timeout: 15_000 });
      const text = await denial.innerText();
      assert.match(text, new RegExp(`not authorized to perform: ${action}`), `${path}: ${text}`);
      assert.match(text, /Ask an administrator/, path);
      assert.equal(await page.getByText(/^No (users|groups|roles|policies)/).count(), 0, `${path} shows no empty list`);
      assert.deepEqual(await seriousViolations(page), [], path);
    }
    await page.goto(`${base}/console/users`);
    const denial = page.locator('.notice.error', { hasText: 'Access denied' }).first();
    await denial.waitFor();
    // The denial's own reason, decoded by STS on request: nobody may not decode either, and it says so.
    await denial.getByRole('button', { name: 'Why was this denied?' }).click();
    await denial.getByText(/could not be decoded either/).waitFor();
    await photograph(page, shots, 'access-denied');
  });

  it('runs no script the page did not load itself (Content-Security-Policy)', async () => {
    const ran = await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.head.append(script);
      return window.injected === true;
    })()`);
    assert.equal(ran, false);
  });
});
