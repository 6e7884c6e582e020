import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { totpCode, totpStep } from '../../src/model/totp.js';
import { startTestServer, type TestServer } from '../support/gatehouse.js';
import { AWS_CLI, AWS_CLI_SKIP } from '../support/awscli.js';
import { startAwsHostsProxy, type AwsHostsProxy } from '../support/awsHostsProxy.js';
import { assignedUser, enableIdentityCenter, type AssignedUser, type IdentityCenterSetup } from '../support/identityCenter.js';
import { directoryClient } from '../support/ssoDirectory.js';
import { CHROMIUM_SKIP, launchChromium, signInWithChromium } from '../support/chromium.js';

const run = promisify(execFile);

/** The AWS hosts the CLI calls here: SSO OIDC, the portal, STS (regional, the CLI v2 default) and IAM. */
const AWS_HOSTS = ['oidc.us-east-1.amazonaws.com', 'portal.sso.us-east-1.amazonaws.com', 'sts.us-east-1.amazonaws.com', 'iam.amazonaws.com'];

const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:ListRoles'], Resource: '*' }] };

/**
 * The AWS CLI available here (2.9, the device flow) runs `aws sso login` and then uses the SSO
 * profile, unmodified: no endpoint settings, AWS's host names reaching Gatehouse through
 * HTTPS_PROXY and a test CA in AWS_CA_BUNDLE. A real headless Chromium, through the same proxy,
 * opens the verification URL the CLI prints, signs in with password and MFA and approves.
 */
describe('aws sso login (AWS CLI, device flow) and an SSO profile', { skip: AWS_CLI_SKIP || CHROMIUM_SKIP }, () => {
  let server: TestServer;
  let ic: IdentityCenterSetup;
  let bob: AssignedUser;
  let proxy: AwsHostsProxy;
  let browser: Browser;
  let home: string;
  let env: Record<string, string>;

  before(async () => {
    server = await startTestServer();
    ic = await enableIdentityCenter(server.endpoint, server.credentials, ['dev']);
    bob = await assignedUser(ic, directoryClient(server.endpoint, server.credentials), {
      userName: 'bob',
      password: 'Tr0ub4dor&3-x',
      permissionSetName: 'RoleReader',
      accountId: ic.members[0]!,
      inlinePolicy: POLICY,
    });
    home = await mkdtemp(join(tmpdir(), 'gatehouse-sso-cli-'));
    proxy = await startAwsHostsProxy(server.endpoint, AWS_HOSTS, join(home, 'ca.pem'));
    browser = await launchChromium({ proxy: proxy.url });
    // AWS's own start URL form names the identity store: Gatehouse finds the instance by it.
    await writeFile(
      join(home, 'config'),
      `[profile dev]\nsso_session = corp\nsso_account_id = ${ic.members[0]}\nsso_role_name = RoleReader\nregion = us-east-1\noutput = json\n\n` +
        `[sso-session corp]\nsso_start_url = https://${ic.identityStoreId}.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`,
    );
    env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      HTTPS_PROXY: proxy.url,
      AWS_CA_BUNDLE: proxy.caFile,
    };
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
    if (home !== undefined) await rm(home, { recursive: true, force: true });
  });

  it('signs in with the device flow and gets the AWSReservedSSO role, allowed and denied by the permission set', async () => {
    const login = spawn(AWS_CLI, ['sso', 'login', '--profile', 'dev', '--no-browser'], { env });
    let output = '';
    const url = new Promise<string>((resolve, reject) => {
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /(https?:\/\/\S+\?user_code=\S+)/.exec(output);
        if (found) resolve(found[1]!);
      };
      login.stdout.on('data', look);
      login.stderr.on('data', look);
      login.on('exit', () => reject(new Error(`aws sso login ended before printing a URL: ${output}`)));
    });
    const exited = new Promise<number>((resolve) => login.on('exit', (code) => resolve(code ?? 1)));

    const verification = new URL(await url);
    assert.equal(verification.hostname, 'oidc.us-east-1.amazonaws.com');
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await page.goto(verification.toString());
    await page.click('button[type=submit]');
    await page.waitForSelector('#password');
    await signInWithChromium(page, bob, { code: (seed) => totpCode(seed, totpStep(new Date())) });
    await page.waitForSelector('text=Request approved');
    assert.equal(await exited, 0, output);
    assert.match(output, /Successfully logged into Start URL/);

    const who = await run(AWS_CLI, ['sts', 'get-caller-identity', '--profile', 'dev'], { env });
    const identity = JSON.parse(who.stdout) as { Account: string; Arn: string };
    assert.equal(identity.Account, ic.members[0]);
    assert.match(identity.Arn, new RegExp(`^arn:aws:sts::${ic.members[0]}:assumed-role/AWSReservedSSO_RoleReader_[0-9a-f]{16}/bob$`));

    const roles = JSON.parse((await run(AWS_CLI, ['iam', 'list-roles', '--profile', 'dev'], { env })).stdout) as { Roles: { RoleName: string }[] };
    assert.ok(
      roles.Roles.some((r) => r.RoleName.startsWith('AWSReservedSSO_RoleReader_')),
      'the provisioned role is listed',
    );
    const denied = await run(AWS_CLI, ['iam', 'list-users', '--profile', 'dev'], { env }).then(
      () => assert.fail('iam list-users was allowed'),
      (err: { code: number; stderr: string }) => err,
    );
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /AccessDenied.*AWSReservedSSO_RoleReader_[0-9a-f]{16}\/bob is not authorized to perform: iam:ListUsers/);

    // Signing out revokes the token: the profile then needs a new login.
    await run(AWS_CLI, ['sso', 'logout', '--profile', 'dev'], { env });
    const after = await run(AWS_CLI, ['sts', 'get-caller-identity', '--profile', 'dev'], { env }).then(
      () => assert.fail('the profile still worked after logout'),
      (err: { stderr: string }) => err,
    );
    assert.match(after.stderr, /Error loading SSO Token|expired or is otherwise invalid/);
  });
});
