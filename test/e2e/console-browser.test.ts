import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Browser, Page } from 'playwright-core';
import { totpCode, totpStep } from '../../src/model/totp.js';
import { hashPassword } from '../../src/services/iam/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { buildConsole, launchBrowser, photograph, screenshotDir, seriousViolations } from '../support/browser.js';
import { clientConfig, createMemberAccount } from '../support/organizations.js';

const ROOT_EMAIL = `root@${TEST_ACCOUNT_ID}.gatehouse.invalid`;
const ROOT_PASSWORD = 'Root-Passw0rd!';
const ALICE_PASSWORD = 'Alice-Passw0rd!';
const WITH_TYPO = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::reports/*' }] },
  null,
  2,
);

const SELF_MANAGE_MFA = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'OwnVirtualDevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/${aws:username}' },
    {
      Sid: 'OwnDevices',
      Effect: 'Allow',
      Action: ['iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice', 'iam:ListAccessKeys', 'iam:GetAccountPasswordPolicy'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
  ],
};

/**
 * The console as a person uses it, in Debian's Chromium: root signs in, creates a group, a user
 * and a policy in the editor (a finding underlined, then fixed), attaches it, simulates; the user
 * signs in, assigns an authenticator app, signs in again with its code; a denial made with the SDK
 * is found in the audit trail and explained; the dashboard's recommendation goes once fixed. Every
 * page visited is checked with axe-core, and the main ones photographed in both themes at desktop
 * and phone widths.
 */
describe('the console in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let consoleDir: string;
  const shots = screenshotDir();
  const accessibility: string[] = [];

  before(async () => {
    consoleDir = buildConsole();
    server = await startTestServer({ consoleDir });
    await server.gatehouse.store.rootPasswords.set(TEST_ACCOUNT_ID, await hashPassword(ROOT_PASSWORD));
    // WebAuthn and secure-context APIs want a host name: localhost, not 127.0.0.1.
    base = server.endpoint.replace('127.0.0.1', 'localhost');
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    process.stdout.write(`# console screenshots: ${shots}\n`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(consoleDir, { recursive: true, force: true });
  });

  /** Opens a console URL and waits for its heading. */
  async function open(path: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${base}/console${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** axe-core on the page as it is; the result is asserted at the end. */
  async function checkAccessibility(name: string): Promise<void> {
    await page
      .locator('.loading')
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    for (const v of await seriousViolations(page)) accessibility.push(`${name}: ${v.id} [${v.impact}] ${v.help} at ${v.targets.join(', ')}`);
  }

  async function signInAsRoot(): Promise<void> {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Root user', { exact: true }).check();
    await page.getByLabel('Root user email address').fill(ROOT_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(ROOT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  }

  async function signInAsAlice(): Promise<void> {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Account ID (12 digits) or account alias').fill(TEST_ACCOUNT_ID);
    await page.getByLabel('IAM user name').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill(ALICE_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  }

  let aliceKey: { accessKeyId: string; secretAccessKey: string };
  let aliceSeed: string;

  it('redirects a browser at / to the console and shows the sign-in page', async () => {
    await page.goto(`${base}/`);
    assert.equal(new URL(page.url()).pathname, '/console/');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await checkAccessibility('sign-in');
    await photograph(page, shots, 'sign-in');
  });

  it('signs root in with the account email and password', async () => {
    await signInAsRoot();
    assert.match(await page.locator('.who .identity').innerText(), /root \(123456789012\)/);
    // The session is an HttpOnly cookie and a token in memory: nothing a script can read or a URL shows.
    assert.equal(await page.evaluate('document.cookie'), '');
    assert.equal(await page.evaluate('localStorage.length + sessionStorage.length'), 0);
    await checkAccessibility('dashboard');
  });

  it('creates a group and a user with a console password', async () => {
    await open('/groups', 'Groups');
    await page.getByLabel('Group name').fill('readers');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 1, name: 'readers' }).waitFor();

    await open('/users', 'Users');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Console password (optional)').fill(ALICE_PASSWORD);
    await page.getByLabel('The user must set a new password at first sign-in').uncheck();
    await page.getByLabel('Add to group (optional)').fill('readers');
    await page.getByRole('button', { name: 'Create user' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'alice' }).waitFor();
    await page.getByRole('link', { name: 'readers' }).waitFor();
    await checkAccessibility('user');

    // IAM's own validation and wording: a second alice is refused as AWS refuses it.
    await open('/users', 'Users');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByLabel('User name').fill('alice');
    await page.getByRole('button', { name: 'Create user' }).last().click();
    await page.getByText('User with name alice already exists.').waitFor();
    await checkAccessibility('users');
    await photograph(page, shots, 'users');
  });

  it('writes a policy in the editor: the finding is underlined as typed, then fixed, then the policy is created and attached', async () => {
    await open('/policies/new', 'Create policy');
    await page.getByLabel('Policy name').fill('ReadReports');
    await page.getByLabel('Policy document').fill(WITH_TYPO);
    const underline = page.locator('.editor mark.ERROR');
    await underline.waitFor();
    assert.equal(await underline.innerText(), '"s3:GetObjekt"');
    await page.getByText('The action s3:GetObjekt does not exist. Did you mean s3:GetObject?').waitFor();
    await checkAccessibility('policy-editor');
    await photograph(page, shots, 'policy-editor');

    await page.getByLabel('Policy document').fill(WITH_TYPO.replace('GetObjekt', 'GetObject'));
    await page.locator('#policy-findings').getByText('No findings').waitFor();
    await underline.waitFor({ state: 'detached' });
    await page.getByText('ReadReports: Allows s3:GetObject on arn:aws:s3:::reports/*.').waitFor();
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('heading', { level: 1, name: 'ReadReports' }).waitFor();
    await checkAccessibility('policy');

    await open('/groups/readers', 'readers');
    await page.getByLabel('Attach a policy (ARN)').fill(`arn:aws:iam::${TEST_ACCOUNT_ID}:policy/ReadReports`);
    await page.getByRole('button', { name: 'Attach policy' }).click();
    await page.getByRole('link', { name: 'ReadReports' }).waitFor();
    await checkAccessibility('group');
  });

  it('edits a policy: CheckNoNewAccess warns before a broader version is saved, and two versions are compared', async () => {
    await open(`/policies/view?arn=${encodeURIComponent(`arn:aws:iam::${TEST_ACCOUNT_ID}:policy/ReadReports`)}`, 'ReadReports');
    await page.getByRole('link', { name: 'Edit (new version)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit ReadReports' }).waitFor();
    // The current version is in the editor (its plain words show) before it is changed.
    await page.getByText('ReadReports: Allows s3:GetObject on arn:aws:s3:::reports/*.').waitFor();
    const broader = WITH_TYPO.replace('"s3:GetObjekt"', '["s3:GetObject", "s3:DeleteObject"]');
    await page.getByLabel('Policy document').fill(broader);
    await page.getByRole('button', { name: 'Check and save new version' }).click();
    const warning = page.locator('.notice', { hasText: 'This version grants access the current one does not' });
    await warning.waitFor();
    assert.match(await warning.innerText(), /ReadReports/);
    await checkAccessibility('policy-new-version');
    await photograph(page, shots, 'policy-new-version');
    await warning.getByRole('button', { name: 'Save anyway' }).click();

    await page.getByRole('heading', { level: 1, name: 'ReadReports' }).waitFor();
    await page.getByRole('cell', { name: 'v2 (default)' }).waitFor();
    const diff = page.getByRole('region', { name: 'Changes from v1 to v2' });
    await diff.locator('.add').first().waitFor();
    const added = (await diff.locator('.add').allTextContents()).join('\n');
    const removed = (await diff.locator('.del').allTextContents()).join('\n');
    assert.match(added, /s3:DeleteObject/);
    assert.match(removed, /"Action": "s3:GetObject"/);
    await checkAccessibility('policy-versions');
    await diff.scrollIntoViewIfNeeded();
    await photograph(page, shots, 'policy-versions');
  });

  it('simulates and shows the deciding statement', async () => {
    await open('/simulator', 'Policy simulator');
    await page.getByLabel('Principal (user, group or role ARN)').fill(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);
    await page.getByLabel('Actions').fill('s3:GetObject\ns3:PutObject');
    await page.getByLabel('Resources').fill('arn:aws:s3:::reports/q1.csv');
    await page.getByRole('button', { name: 'Simulate' }).click();
    const allowed = page.locator('[data-decision="allowed"]');
    await allowed.waitFor();
    assert.match(await allowed.locator('.deciding-statement').innerText(), /the statement at line 4, column \d+ of ReadReports \(an identity-based policy\)/);
    assert.match(await page.locator('[data-decision="implicitDeny"]').innerText(), /nothing allows this request/);
    await checkAccessibility('simulator');
    await photograph(page, shots, 'simulator');
  });

  it('shows an access key secret once, and the SDK call it makes is denied', async () => {
    await open('/users/alice', 'alice');
    await page.getByRole('button', { name: 'Create access key' }).click();
    const codes = page.locator('.secret code');
    await codes.first().waitFor();
    aliceKey = { accessKeyId: await codes.nth(0).innerText(), secretAccessKey: await codes.nth(1).innerText() };
    await page.getByRole('button', { name: 'I have stored it: hide the secret' }).click();
    assert.equal(await page.locator('.secret code').count(), 0);
    const sdk = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: aliceKey });
    await assert.rejects(sdk.send(new ListUsersCommand({})), { name: 'AccessDenied' });
  });

  it('recommends MFA for alice on the dashboard', async () => {
    await open('/', 'Dashboard');
    await page.getByText('alice signs in with a password but has no MFA device.').waitFor();
    await photograph(page, shots, 'dashboard');
  });

  it('signs alice in with her password; she assigns an authenticator app; she signs in again with its code', async () => {
    // AWS's "allows IAM users to self-manage an MFA device" example, as an administrator would grant it.
    const admin = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials });
    await admin.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'SelfManageMFA', PolicyDocument: JSON.stringify(SELF_MANAGE_MFA) }));
    await signOut();
    await signInAsAlice();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // alice may not read the account summary: the page says why, not "0 users".
    await page.getByText('Access denied to read the account summary').waitFor();
    await open('/security-credentials', 'My security credentials');
    await page.getByRole('button', { name: 'Assign authenticator app' }).click();
    await page.getByText("Can't scan? Show the secret key").click();
    aliceSeed = await page.locator('details code.mono').innerText();
    const step = totpStep(new Date());
    await page.getByLabel('First code').fill(totpCode(aliceSeed, step - 2));
    await page.getByLabel('Second code').fill(totpCode(aliceSeed, step - 1));
    await page.getByRole('button', { name: 'Enable device' }).click();
    await page.getByText('The device is assigned').waitFor();
    await page.locator('td', { hasText: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/alice` }).waitFor();
    await checkAccessibility('security-credentials');
    await photograph(page, shots, 'security-credentials');

    await signOut();
    await signInAsAlice();
    await page.getByRole('heading', { level: 1, name: 'Multi-factor authentication' }).waitFor();
    await checkAccessibility('sign-in-mfa');
    await page.getByLabel('MFA code').fill(totpCode(aliceSeed, totpStep(new Date())));
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.match(await page.locator('.who .identity').innerText(), /user\/alice · MFA/);
  });

  it('no longer recommends MFA for alice once she has it', async () => {
    await signOut();
    await signInAsRoot();
    await page.getByRole('heading', { level: 2, name: 'Security recommendations' }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    assert.equal(await page.getByText('alice signs in with a password but has no MFA device.').count(), 0);
  });

  it('finds the denial in the audit trail and explains it', async () => {
    await open('/audit', 'Audit trail');
    await page.getByLabel('Attribute').selectOption('Username');
    await page.getByLabel('Value').fill('alice');
    await page.getByRole('button', { name: 'Look up' }).click();
    const row = page.locator('tr', { hasText: 'ListUsers' }).filter({ hasText: 'AccessDenied' }).first();
    await row.waitFor();
    assert.match(page.url(), /\/console\/audit\?key=Username&value=alice/);
    await checkAccessibility('audit');
    await photograph(page, shots, 'audit');
    await row.getByRole('link', { name: 'ListUsers' }).click();
    await page.getByRole('heading', { level: 1, name: 'ListUsers' }).waitFor();
    await page.getByText('"errorCode": "AccessDenied"').waitFor();
    await checkAccessibility('audit-event');
    await page.getByRole('link', { name: 'Why was this denied?' }).last().click();
    await page.getByRole('heading', { level: 2, name: 'The denied call' }).waitFor();
    await page
      .getByText(/is not authorized to perform: iam:ListUsers/)
      .first()
      .waitFor();
    const decision = page.locator('[data-decision="implicitDeny"]');
    await decision.waitFor();
    assert.match(await decision.innerText(), /iam:ListUsers/);
    assert.match(await decision.innerText(), /nothing allows this request/);
    await checkAccessibility('why-denied');
    await photograph(page, shots, 'why-denied');
  });

  it('draws the organization tree and the SCPs and RCPs at each level above an account', async () => {
    const orgs = new OrganizationsClient(clientConfig(server.endpoint, server.credentials));
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    const memberId = await createMemberAccount(orgs, 'build');
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ouId }));
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] };
    const scp = await orgs.send(
      new CreatePolicyCommand({ Name: 'DenyLeaving', Description: 'No leaving', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(deny) }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: ouId }));

    await open('/organizations', 'Organizations');
    const tree = page.getByRole('list', { name: 'Organization tree' });
    await tree.getByRole('button', { name: 'OU: Workloads' }).waitFor();
    await tree.getByRole('button', { name: `Account: build (${memberId})` }).click();
    // The choice is in the URL: the page opened again from it shows the same levels.
    assert.equal(new URL(page.url()).searchParams.get('node'), memberId);
    await page.reload();
    const applies = page.getByRole('region', { name: `What applies to build (${memberId})` });
    await applies.getByText('DenyLeaving').waitFor();
    const levels = await applies.getByRole('listitem').allInnerTexts();
    // Root: AWS's FullAWSAccess (attached to every root when SCPs are enabled) and RCPFullAWSAccess.
    assert.match(levels.join('\n'), /Root[\s\S]*SCP FullAWSAccess[\s\S]*RCP RCPFullAWSAccess[\s\S]*Workloads[\s\S]*SCP DenyLeaving[\s\S]*build/);
    await checkAccessibility('organizations');
    await photograph(page, shots, 'organizations');
  });

  it('has no serious or critical accessibility violation on any page', async () => {
    const pages: [string, string | RegExp][] = [
      ['/groups', 'Groups'],
      ['/roles', 'Roles'],
      ['/policies', 'Policies'],
      ['/policies/view?arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2FReadReports', 'ReadReports'],
      ['/identity-providers', 'Identity providers'],
      ['/mfa-devices', 'MFA devices'],
      ['/security-credentials', 'My security credentials'],
      ['/why-denied', 'Why was this denied?'],
      ['/access-analyzer', 'Access Analyzer'],
      ['/escalation-paths', 'Escalation paths'],
      ['/organizations', 'Organizations'],
      ['/s3', 'S3 buckets'],
      ['/identity-center', 'IAM Identity Center'],
      ['/roles-anywhere', 'Roles Anywhere'],
      ['/change-password', 'Change your password'],
      ['/no-such-page', /.*/],
    ];
    for (const [path, heading] of pages) {
      await open(path, heading);
      await checkAccessibility(path);
      // IAM Identity Center is served: its page reads the instances (none without an organization).
      if (path === '/identity-center') {
        await page
          .getByText(/No Identity Center instance\.|Identity store/)
          .first()
          .waitFor();
        assert.equal(await page.getByText('is not available in this Gatehouse yet').count(), 0, path);
        assert.equal(await page.getByText('Access denied').count(), 0, path);
      }
    }
    await open('/identity-center', 'IAM Identity Center');
    await page
      .getByText(/No Identity Center instance\.|Identity store/)
      .first()
      .waitFor();
    await photograph(page, shots, 'identity-center');
    assert.deepEqual(accessibility, []);
  });
});
