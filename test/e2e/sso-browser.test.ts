import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { fromSSO } from '@aws-sdk/credential-provider-sso';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import type { Browser } from 'playwright-core';
import { totpCode, totpStep } from '../../src/model/totp.js';
import { startTestServer, type TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { assignedUser, enableIdentityCenter, startUrl, type AssignedUser, type IdentityCenterSetup } from '../support/identityCenter.js';
import { directoryClient } from '../support/ssoDirectory.js';
import { CHROMIUM_SKIP, launchChromium, signInWithChromium } from '../support/chromium.js';

/** What the permission set allows: who am I, and reading the account's roles (not its users). */
const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:ListRoles'], Resource: '*' }],
};

/** The loopback redirect URI's server, as botocore runs it: it takes one authorization response. */
async function loopback(): Promise<{ server: Server; redirectUri: string; response: Promise<URLSearchParams> }> {
  let deliver!: (q: URLSearchParams) => void;
  const response = new Promise<URLSearchParams>((resolve) => {
    deliver = resolve;
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/oauth/callback') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Request approved. You may close this window.</p>');
    deliver(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, redirectUri: `http://127.0.0.1:${port}/oauth/callback`, response };
}

/**
 * The authorization code flow with PKCE as the AWS CLI runs it since late 2024, with a real
 * headless Chromium on Gatehouse's sign-in pages (password, MFA registration and code, consent)
 * redirected to a real loopback server; the token goes into the SDK's token cache, and the SDK's
 * SSO credential provider turns it into the AWSReservedSSO role's credentials in the member
 * account, allowed and denied exactly by the permission set.
 */
describe('IAM Identity Center sign-in with Chromium (PKCE)', { skip: CHROMIUM_SKIP }, () => {
  let server: TestServer;
  let ic: IdentityCenterSetup;
  let alice: AssignedUser;
  let browser: Browser;
  let home: string;
  let lastStep = 0;

  /** A fresh TOTP code of the seed, never one already used. */
  const code = (seed: string): string => {
    let step = totpStep(new Date());
    if (step <= lastStep) step = lastStep + 1;
    lastStep = step;
    return totpCode(seed, step);
  };

  before(async () => {
    server = await startTestServer();
    ic = await enableIdentityCenter(server.endpoint, server.credentials, ['dev']);
    alice = await assignedUser(ic, directoryClient(server.endpoint, server.credentials), {
      userName: 'alice',
      password: 'Corr3ct!horse',
      permissionSetName: 'RoleReader',
      accountId: ic.members[0]!,
      inlinePolicy: POLICY,
      sessionDuration: 'PT2H',
    });
    browser = await launchChromium();
    home = await mkdtemp(join(tmpdir(), 'gatehouse-sso-home-'));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (home !== undefined) await rm(home, { recursive: true, force: true });
  });

  it('signs in, gets a token with the PKCE verifier, and the SSO credential provider gets role credentials', async () => {
    const oidc = new SSOOIDCClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
    const start = startUrl(server.endpoint, ic.identityStoreId);
    const client = await oidc.send(
      new RegisterClientCommand({
        clientName: 'botocore-client-gh',
        clientType: 'public',
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: start,
        scopes: ['sso:account:access'],
      }),
    );
    const callback = await loopback();
    try {
      const verifier = randomBytes(48).toString('base64url').slice(0, 64);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: client.clientId!,
        redirect_uri: callback.redirectUri,
        state: 'f9a0c1',
        code_challenge_method: 'S256',
        scopes: 'sso:account:access',
        code_challenge: challenge,
      });
      const page = await browser.newPage();
      await page.goto(`${client.authorizationEndpoint}?${query}`);
      await signInWithChromium(page, alice, { code });
      const response = await callback.response;
      await page.waitForURL(/127\.0\.0\.1:\d+\/oauth\/callback/);
      assert.equal(response.get('state'), 'f9a0c1');
      await page.close();

      const token = await oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId!,
          clientSecret: client.clientSecret!,
          grantType: 'authorization_code',
          code: response.get('code')!,
          redirectUri: callback.redirectUri,
          codeVerifier: verifier,
        }),
      );

      // The SDK's token cache, as `aws sso login` leaves it for an sso-session named "gh".
      const cacheDir = join(home, '.aws', 'sso', 'cache');
      await mkdir(cacheDir, { recursive: true });
      await writeFile(
        join(cacheDir, `${createHash('sha1').update('gh').digest('hex')}.json`),
        JSON.stringify({
          startUrl: start,
          region: 'us-east-1',
          accessToken: token.accessToken,
          expiresAt: new Date(Date.now() + token.expiresIn! * 1000).toISOString(),
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          registrationExpiresAt: new Date(client.clientSecretExpiresAt! * 1000).toISOString(),
          refreshToken: token.refreshToken,
        }),
      );
      const configFile = join(home, 'config');
      await writeFile(
        configFile,
        `[profile dev]\nsso_session = gh\nsso_account_id = ${ic.members[0]}\nsso_role_name = RoleReader\nregion = us-east-1\n\n` +
          `[sso-session gh]\nsso_start_url = ${start}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`,
      );
      process.env['HOME'] = home;
      const credentials = await fromSSO({
        profile: 'dev',
        configFilepath: configFile,
        filepath: join(home, 'credentials'),
        clientConfig: { endpoint: server.endpoint },
      })();
      // The session lasts what the permission set says (two hours).
      const lifetime = credentials.expiration!.getTime() - Date.now();
      assert.ok(lifetime > 110 * 60_000 && lifetime <= 120 * 60_000, String(lifetime));

      const config = { endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
      const identity = await new STSClient(config).send(new GetCallerIdentityCommand({}));
      assert.match(identity.Arn!, new RegExp(`^arn:aws:sts::${ic.members[0]}:assumed-role/AWSReservedSSO_RoleReader_[0-9a-f]{16}/alice$`));
      assert.equal(identity.Account, ic.members[0]);
      const iam = new IAMClient(config);
      const roles = (await iam.send(new ListRolesCommand({}))).Roles!;
      assert.ok(
        roles.some((r) => r.RoleName!.startsWith('AWSReservedSSO_RoleReader_')),
        'the provisioned role is listed',
      );
      await rejects(iam.send(new ListUsersCommand({})), 'AccessDenied', {
        status: 403,
        message: /AWSReservedSSO_RoleReader_[0-9a-f]{16}\/alice is not authorized to perform: iam:ListUsers/,
      });
    } finally {
      callback.server.close();
    }
  });
});
