import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { totpCode, totpStep } from '../../src/model/totp.js';
import { startTestServer, type TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { assignedUser, enableIdentityCenter, startUrl, type AssignedUser, type IdentityCenterSetup } from '../support/identityCenter.js';
import { directoryClient } from '../support/ssoDirectory.js';
import { FormSession, textById, type Page } from '../support/formSession.js';

const CALLER_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };

/** A PKCE pair as botocore makes it: 64 unreserved characters, S256 challenge without padding. */
function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url').slice(0, 64);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The login flows with the SDK's SSO OIDC and portal clients, and the sign-in pages driven as a
 * browser would (forms, cookies, redirects): the authorization code flow with PKCE and the
 * device flow each end with role credentials of the AWSReservedSSO role in the member account.
 */
describe('IAM Identity Center sign-in', () => {
  let server: TestServer;
  let ic: IdentityCenterSetup;
  let oidc: SSOOIDCClient;
  let portal: SSOClient;
  let alice: AssignedUser;
  let seed: string | undefined;
  let lastStep = 0;

  before(async () => {
    server = await startTestServer();
    ic = await enableIdentityCenter(server.endpoint, server.credentials, ['dev']);
    const directory = directoryClient(server.endpoint, server.credentials);
    alice = await assignedUser(ic, directory, {
      userName: 'alice',
      password: 'Corr3ct!horse',
      permissionSetName: 'Caller',
      accountId: ic.members[0]!,
      inlinePolicy: CALLER_ONLY,
    });
    oidc = new SSOOIDCClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
    portal = new SSOClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
  });
  after(async () => server.stop());

  /** The current TOTP code of alice's authenticator, never one already used. */
  function code(): string {
    let step = totpStep(new Date());
    if (step <= lastStep) step = lastStep + 1;
    lastStep = step;
    return totpCode(seed!, step);
  }

  /** Signs alice in on the pages from the password form to the consent form. */
  async function signIn(browser: FormSession, page: Page): Promise<Page> {
    assert.equal(page.status, 200, page.html);
    let next = await browser.submit(page, { username: 'alice', password: alice.password });
    if (textById(next.html, 'totp-secret') !== undefined) {
      seed = textById(next.html, 'totp-secret')!;
      next = await browser.submit(next, { code: code() });
    } else {
      next = await browser.submit(next, { code: code() });
    }
    assert.match(next.html, /Allow access\?/, next.html);
    return next;
  }

  it('the authorization code flow with PKCE, then the portal and role credentials', async () => {
    const client = await oidc.send(
      new RegisterClientCommand({
        clientName: 'test-pkce',
        clientType: 'public',
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: startUrl(server.endpoint, ic.identityStoreId),
        scopes: ['sso:account:access'],
      }),
    );
    assert.equal(client.authorizationEndpoint, `${server.endpoint}/authorize`);
    const { verifier, challenge } = pkce();
    const redirectUri = 'http://127.0.0.1:43123/oauth/callback';
    const browser = new FormSession(server.endpoint);
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId!,
      redirect_uri: redirectUri,
      state: 'state-1',
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
    });
    const consent = await signIn(browser, await browser.get(`/authorize?${query}&code_challenge=${challenge}`));
    const back = await browser.submit(consent, { decision: 'allow' });
    const callback = new URL(back.redirectedTo!);
    assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
    assert.equal(callback.searchParams.get('state'), 'state-1');
    const token = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        grantType: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirectUri,
        codeVerifier: verifier,
      }),
    );
    assert.equal(token.tokenType, 'Bearer');
    assert.ok(token.refreshToken);

    const accounts = await portal.send(new ListAccountsCommand({ accessToken: token.accessToken! }));
    assert.deepEqual(
      accounts.accountList!.map((a) => [a.accountId, a.accountName]),
      [[ic.members[0], 'dev']],
    );
    const roles = await portal.send(new ListAccountRolesCommand({ accessToken: token.accessToken!, accountId: ic.members[0]! }));
    assert.deepEqual(roles.roleList, [{ roleName: 'Caller', accountId: ic.members[0] }]);
    const creds = (await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken!, accountId: ic.members[0]!, roleName: 'Caller' })))
      .roleCredentials!;
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: creds.accessKeyId!, secretAccessKey: creds.secretAccessKey!, sessionToken: creds.sessionToken! },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.match(identity.Arn!, new RegExp(`^arn:aws:sts::${ic.members[0]}:assumed-role/AWSReservedSSO_Caller_[0-9a-f]{16}/alice$`));

    const refreshed = await oidc.send(
      new CreateTokenCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, grantType: 'refresh_token', refreshToken: token.refreshToken! }),
    );
    assert.notEqual(refreshed.accessToken, token.accessToken);
    await portal.send(new LogoutCommand({ accessToken: refreshed.accessToken! }));
    await rejects(portal.send(new ListAccountsCommand({ accessToken: refreshed.accessToken! })), 'UnauthorizedException', { status: 401 });
  });

  it('the device flow: pending, approved on the verification page, then a token', async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'test-device', clientType: 'public' }));
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        startUrl: startUrl(server.endpoint, ic.identityStoreId),
      }),
    );
    assert.match(device.userCode!, /^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
    assert.equal(device.verificationUri, `${server.endpoint}/_gatehouse/sso/device`);
    assert.equal(device.interval, 1);
    const poll = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId!,
          clientSecret: client.clientSecret!,
          grantType: 'urn:ietf:params:oauth:grant-type:device_code',
          deviceCode: device.deviceCode!,
        }),
      );
    await rejects(poll(), 'AuthorizationPendingException');
    await rejects(poll(), 'SlowDownException');

    const browser = new FormSession(server.endpoint);
    const entry = await browser.get(device.verificationUriComplete!);
    const password = await browser.post('/_gatehouse/sso/device', { user_code: device.userCode!.toLowerCase().replace('-', '') });
    assert.equal(entry.status, 200);
    const consent = await signIn(browser, password);
    assert.equal(textById(consent.html, 'user-code'), device.userCode);
    const done = await browser.submit(consent, { decision: 'allow' });
    assert.match(done.html, /Request approved/);
    await new Promise((r) => setTimeout(r, 6100));
    const token = await poll();
    assert.equal(token.refreshToken, undefined);
    const creds = (await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken!, accountId: ic.members[0]!, roleName: 'Caller' })))
      .roleCredentials!;
    assert.ok(creds.expiration! > Date.now());
    // The device code is used once.
    await new Promise((r) => setTimeout(r, 6100));
    await rejects(poll(), 'InvalidGrantException');
  });
});
