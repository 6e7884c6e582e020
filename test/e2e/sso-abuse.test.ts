import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { CreateAccountAssignmentCommand, DeleteAccountAssignmentCommand } from '@aws-sdk/client-sso-admin';
import { ListUsersCommand } from '@aws-sdk/client-identitystore';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { totpCode, totpStep } from '../../src/model/totp.js';
import { startTestServer, type TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { assignedUser, enableIdentityCenter, startUrl, type IdentityCenterSetup } from '../support/identityCenter.js';
import { directoryClient } from '../support/ssoDirectory.js';
import { FormSession, textById, type Page } from '../support/formSession.js';

const CALLER_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };
const REDIRECT = 'http://127.0.0.1:41999/oauth/callback';

/**
 * Abuse of the login service, each refused with the error SSO OIDC's or the portal's model names
 * (or a clear page), and recorded in the audit trail: redirect URIs that are not loopback, a
 * wrong PKCE verifier, an authorization code of another client, a replayed code (which revokes
 * what it issued), polling faster than the interval, an expired device code, password and TOTP
 * guessing (lockout), an expired or signed-out bearer token. The server's clock is moved forward
 * to reach expiries.
 */
describe('IAM Identity Center login abuse', () => {
  let server: TestServer;
  let ic: IdentityCenterSetup;
  let oidc: SSOOIDCClient;
  let portal: SSOClient;
  let offsetMs = 0;
  const seeds = new Map<string, string>();
  let lastStep = 0;
  const PASSWORD = 'Corr3ct!horse';

  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + offsetMs) });
    ic = await enableIdentityCenter(server.endpoint, server.credentials, ['dev']);
    const directory = directoryClient(server.endpoint, server.credentials);
    for (const [i, userName] of ['alice', 'carol', 'erin'].entries())
      await assignedUser(ic, directory, {
        userName,
        password: PASSWORD,
        permissionSetName: `Caller${i}`,
        accountId: ic.members[0]!,
        inlinePolicy: CALLER_ONLY,
      });
    oidc = new SSOOIDCClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
    portal = new SSOClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
  });
  after(async () => {
    await server?.stop();
  });

  /** A TOTP code of the seed at the server's time, never one already used. */
  function code(seed: string): string {
    let step = totpStep(new Date(Date.now() + offsetMs));
    if (step <= lastStep) step = lastStep + 1;
    lastStep = step;
    return totpCode(seed, step);
  }

  /** Password, then the MFA code (registering the authenticator the first time), up to consent. */
  async function signIn(browser: FormSession, page: Page, userName: string): Promise<Page> {
    const mfa = await browser.submit(page, { username: userName, password: PASSWORD });
    const shown = textById(mfa.html, 'totp-secret');
    if (shown !== undefined) seeds.set(userName, shown);
    const consent = await browser.submit(mfa, { code: code(seeds.get(userName)!) });
    assert.match(consent.html, /Allow access\?/, consent.html);
    return consent;
  }

  async function registerPkceClient(name: string) {
    return oidc.send(
      new RegisterClientCommand({
        clientName: name,
        clientType: 'public',
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: startUrl(server.endpoint, ic.identityStoreId),
        scopes: ['sso:account:access'],
      }),
    );
  }

  function authorizeUrl(clientId: string, challenge: string, redirectUri = REDIRECT): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      state: 's',
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
    });
    return `/authorize?${query}&code_challenge=${challenge}`;
  }

  /** Signs `userName` in through the authorization endpoint; the code and the verifier it needs. */
  async function authorizationCode(clientId: string, userName: string): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(48).toString('base64url').slice(0, 64);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const browser = new FormSession(server.endpoint);
    const consent = await signIn(browser, await browser.get(authorizeUrl(clientId, challenge)), userName);
    const back = new URL((await browser.submit(consent, { decision: 'allow' })).redirectedTo!);
    return { code: back.searchParams.get('code')!, verifier };
  }

  async function events(name: string): Promise<Record<string, unknown>[]> {
    await server.gatehouse.flushAudit();
    const cloudtrail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials });
    const out = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }));
    return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!) as Record<string, unknown>);
  }

  it('refuses redirect URIs that are not loopback, at registration and at the authorization endpoint', async () => {
    for (const uri of ['https://attacker.example/cb', 'http://10.0.0.7/cb', 'http://127.0.0.1.attacker.example/cb']) {
      await rejects(
        oidc.send(
          new RegisterClientCommand({
            clientName: 'x',
            clientType: 'public',
            grantTypes: ['authorization_code'],
            redirectUris: [uri],
            issuerUrl: startUrl(server.endpoint, ic.identityStoreId),
          }),
        ),
        'InvalidRedirectUriException',
      );
    }
    const client = await registerPkceClient('redirects');
    const browser = new FormSession(server.endpoint);
    const page = await browser.get(authorizeUrl(client.clientId!, 'A'.repeat(43), 'https://attacker.example/cb'));
    assert.equal(page.status, 400);
    assert.equal(page.redirectedTo, undefined);
    assert.equal(textById(page.html, 'error'), 'The application asked to be answered at an address it did not register.');
  });

  it('stops new role credentials at once when an assignment is removed; credentials issued before last until they expire', async () => {
    const frank = await assignedUser(ic, directoryClient(server.endpoint, server.credentials), {
      userName: 'frank',
      password: PASSWORD,
      permissionSetName: 'Shared',
      accountId: ic.members[0]!,
      inlinePolicy: CALLER_ONLY,
    });
    const target = { InstanceArn: ic.instanceArn, PermissionSetArn: frank.permissionSetArn, TargetId: ic.members[0]!, TargetType: 'AWS_ACCOUNT' as const };
    // The role stays: another user keeps an assignment of the set in the account.
    const alice = (
      await ic.identityStore.send(
        new ListUsersCommand({ IdentityStoreId: ic.identityStoreId, Filters: [{ AttributePath: 'UserName', AttributeValue: 'alice' }] }),
      )
    ).Users![0]!;
    await ic.admin.send(new CreateAccountAssignmentCommand({ ...target, PrincipalType: 'USER', PrincipalId: alice.UserId! }));
    const client = await registerPkceClient('assignment');
    const { code, verifier } = await authorizationCode(client.clientId!, 'frank');
    const token = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        grantType: 'authorization_code',
        code,
        redirectUri: REDIRECT,
        codeVerifier: verifier,
      }),
    );
    const creds = (await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken!, accountId: ic.members[0]!, roleName: 'Shared' })))
      .roleCredentials!;
    const removed = await ic.admin.send(new DeleteAccountAssignmentCommand({ ...target, PrincipalType: 'USER', PrincipalId: frank.userId }));
    assert.equal(removed.AccountAssignmentDeletionStatus!.Status, 'SUCCEEDED');
    await rejects(
      portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken!, accountId: ic.members[0]!, roleName: 'Shared' })),
      'ForbiddenException',
      {
        status: 403,
      },
    );
    assert.deepEqual((await portal.send(new ListAccountsCommand({ accessToken: token.accessToken! }))).accountList, []);
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: creds.accessKeyId!, secretAccessKey: creds.secretAccessKey!, sessionToken: creds.sessionToken! },
    });
    assert.match((await sts.send(new GetCallerIdentityCommand({}))).Arn!, /:assumed-role\/AWSReservedSSO_Shared_[0-9a-f]{16}\/frank$/);
  });

  it('refuses a wrong PKCE verifier, a code of another client, and a replayed code (revoking what it issued)', async () => {
    const client = await registerPkceClient('pkce');
    const other = await registerPkceClient('other');
    const { code, verifier } = await authorizationCode(client.clientId!, 'alice');
    const exchange = (c: { clientId?: string; clientSecret?: string }, codeVerifier: string) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: c.clientId!,
          clientSecret: c.clientSecret!,
          grantType: 'authorization_code',
          code,
          redirectUri: REDIRECT,
          codeVerifier,
        }),
      );

    await rejects(exchange(client, randomBytes(48).toString('base64url').slice(0, 64)), 'InvalidGrantException');
    await rejects(exchange(other, verifier), 'InvalidGrantException');
    const token = await exchange(client, verifier);
    assert.equal((await portal.send(new ListAccountsCommand({ accessToken: token.accessToken! }))).accountList!.length, 1);
    await rejects(exchange(client, verifier), 'InvalidGrantException');
    // RFC 6749 §4.1.2: the replay revokes the tokens the code's first use issued.
    await rejects(portal.send(new ListAccountsCommand({ accessToken: token.accessToken! })), 'UnauthorizedException', {
      status: 401,
      message: 'Session token not found or invalid',
    });
    await rejects(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId!,
          clientSecret: client.clientSecret!,
          grantType: 'refresh_token',
          refreshToken: token.refreshToken!,
        }),
      ),
      'InvalidGrantException',
    );

    const records = await events('CreateToken');
    const refused = records.filter((r) => r['errorCode'] === 'InvalidGrantException');
    assert.ok(refused.length >= 4, JSON.stringify(records, null, 1));
    assert.ok(
      records.every((r) => r['eventSource'] === 'sso-oauth.amazonaws.com'),
      'CreateToken is recorded from sso-oauth.amazonaws.com',
    );
    assert.ok(!JSON.stringify(records).includes(code), 'an authorization code entered the audit trail');
  });

  it('locks a user out after repeated wrong passwords, even for the right one, until the lockout ends', async () => {
    const client = await registerPkceClient('guess');
    const browser = new FormSession(server.endpoint);
    let page = await browser.get(authorizeUrl(client.clientId!, 'B'.repeat(43)));
    for (let i = 0; i < 5; i++) {
      page = await browser.submit(page, { username: 'carol', password: `guess-${i}` });
      assert.equal(page.status, 401);
    }
    assert.match(textById(page.html, 'error')!, /^Too many failed sign-in attempts: this user is locked out\. Try again in 15 minutes\.$/);
    page = await browser.submit(page, { username: 'carol', password: PASSWORD });
    assert.match(textById(page.html, 'error')!, /locked out/);

    offsetMs += 16 * 60_000;
    page = await browser.get(authorizeUrl(client.clientId!, 'B'.repeat(43)));
    page = await browser.submit(page, { username: 'carol', password: PASSWORD });
    assert.equal(textById(page.html, 'error'), undefined, page.html);
    assert.ok(page.html.includes('name="code"'), 'the MFA code page follows the password');

    const failures = (await events('CredentialVerification')).filter(
      (r) => (r['serviceEventDetails'] as { CredentialVerification?: string } | undefined)?.CredentialVerification === 'Failure',
    );
    assert.ok(failures.length >= 6, JSON.stringify(failures, null, 1));
    assert.ok(
      failures.every((r) => r['eventSource'] === 'signin.amazonaws.com'),
      'sign-in events are recorded from signin.amazonaws.com',
    );
  });

  it('locks a user out after repeated wrong MFA codes', async () => {
    const client = await registerPkceClient('totp');
    await authorizationCode(client.clientId!, 'erin');
    const browser = new FormSession(server.endpoint);
    let page = await browser.submit(await browser.get(authorizeUrl(client.clientId!, 'C'.repeat(43))), { username: 'erin', password: PASSWORD });
    const right = code(seeds.get('erin')!);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) page = await browser.submit(page, { code: wrong });
    assert.match(page.html, /locked out/);
    page = await browser.submit(await browser.get(authorizeUrl(client.clientId!, 'C'.repeat(43))), { username: 'erin', password: PASSWORD });
    assert.match(textById(page.html, 'error')!, /locked out/);
  });

  it('answers SlowDown to polling faster than the interval, and ExpiredToken for an expired device code', async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'device', clientType: 'public' }));
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        startUrl: startUrl(server.endpoint, ic.identityStoreId),
      }),
    );
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
    offsetMs += 11 * 60_000;
    await rejects(poll(), 'ExpiredTokenException');
    const codes = (await events('CreateToken')).map((r) => r['errorCode']);
    for (const c of ['AuthorizationPendingException', 'SlowDownException', 'ExpiredTokenException'])
      assert.ok(codes.includes(c), `${c} ${JSON.stringify(codes)}`);
  });

  it('refuses an expired access token at the portal, and records GetRoleCredentials', async () => {
    const client = await registerPkceClient('expiry');
    const { code, verifier } = await authorizationCode(client.clientId!, 'alice');
    const token = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        grantType: 'authorization_code',
        code,
        redirectUri: REDIRECT,
        codeVerifier: verifier,
      }),
    );
    await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken!, accountId: ic.members[0]!, roleName: 'Caller0' }));
    // A role the user has no assignment of.
    await rejects(
      portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken!, accountId: ic.members[0]!, roleName: 'Caller1' })),
      'ForbiddenException',
      {
        status: 403,
      },
    );
    offsetMs += token.expiresIn! * 1000 + 1000;
    await rejects(
      portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken!, accountId: ic.members[0]!, roleName: 'Caller0' })),
      'UnauthorizedException',
      {
        status: 401,
      },
    );
    const records = await events('GetRoleCredentials');
    assert.ok(
      records.some((r) => r['errorCode'] === undefined && r['eventSource'] === 'sso.amazonaws.com'),
      JSON.stringify(records, null, 1),
    );
    const codes = records.map((r) => r['errorCode']);
    assert.ok(codes.includes('ForbiddenException'), JSON.stringify(codes));
    assert.ok(codes.includes('UnauthorizedException'), JSON.stringify(codes));
  });
});
