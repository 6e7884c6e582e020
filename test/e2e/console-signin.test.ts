import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { totpCode, totpStep } from '../../src/model/totp.js';
import { hashPassword } from '../../src/services/iam/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { consoleApi, consoleClients, http, sessionOf, type ConsoleSession } from '../support/console.js';

const ROOT_EMAIL = `root@${TEST_ACCOUNT_ID}.gatehouse.invalid`;
const ROOT_PASSWORD = 'Root-Passw0rd!';
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('console sign-in and sessions', () => {
  let server: TestServer;
  let iam: IAMClient;
  let trail: CloudTrailClient;

  before(async () => {
    server = await startTestServer();
    const config = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials };
    iam = new IAMClient(config);
    trail = new CloudTrailClient(config);
    await server.gatehouse.store.rootPasswords.set(TEST_ACCOUNT_ID, await hashPassword(ROOT_PASSWORD));
  });
  after(() => server.stop());

  async function consoleLogins(userName: string): Promise<Record<string, any>[]> {
    await server.gatehouse.flushAudit();
    const page = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: userName }] }));
    return (page.Events ?? []).filter((e) => e.EventName === 'ConsoleLogin').map((e) => JSON.parse(e.CloudTrailEvent!));
  }

  it('signs the root user in with the account email and password; the console then calls IAM as root', async () => {
    const answer = await consoleApi(server.endpoint, 'signin', { kind: 'root', email: ROOT_EMAIL.toUpperCase(), password: ROOT_PASSWORD });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.json()['status'], 'signed-in');
    const cookie = String(answer.headers['set-cookie']);
    assert.match(cookie, /^gatehouse-console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = sessionOf(answer);
    const { sts, iam: consoleIam } = consoleClients(server.endpoint, session);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    await consoleIam.send(new ListUsersCommand({}));

    const [record] = await consoleLogins('root');
    assert.equal(record!['eventSource'], 'signin.amazonaws.com');
    assert.equal(record!['eventType'], 'AwsConsoleSignIn');
    assert.deepEqual(record!['responseElements'], { ConsoleLogin: 'Success' });
    assert.equal(record!['additionalEventData']['MFAUsed'], 'No');
    assert.equal(record!['userIdentity']['type'], 'Root');
  });

  it('refuses a console call without the CSRF header, or with another session’s token', async () => {
    const session = sessionOf(await consoleApi(server.endpoint, 'signin', { kind: 'root', email: ROOT_EMAIL, password: ROOT_PASSWORD }));
    // The cookie alone (what a forged cross-site request could carry) is no credential at all.
    const forged = await http(
      server.endpoint,
      'POST',
      '/',
      { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      'Action=ListUsers&Version=2010-05-08',
    );
    assert.equal(forged.status, 403);
    assert.match(forged.body, /MissingAuthenticationToken/);
    const { iam: wrong } = consoleClients(server.endpoint, session, 'A'.repeat(43));
    await assert.rejects(wrong.send(new ListUsersCommand({})), { name: 'InvalidClientTokenId' });
  });

  it('signs out: the session ends on the server, not only in the browser', async () => {
    const session = sessionOf(await consoleApi(server.endpoint, 'signin', { kind: 'root', email: ROOT_EMAIL, password: ROOT_PASSWORD }));
    const out = await consoleApi(server.endpoint, 'signout', {}, session);
    assert.equal(out.status, 200);
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    const { iam: after } = consoleClients(server.endpoint, session);
    await assert.rejects(after.send(new ListUsersCommand({})), { name: 'InvalidClientTokenId' });
  });

  it('signs an IAM user in by account ID or alias, user name, password and TOTP code, recorded with MFAUsed', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'admin', PolicyDocument: JSON.stringify(ADMIN) }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Alice-Passw0rd!' }));
    const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }));
    const seed = Buffer.from(device.VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    const step = totpStep(new Date());
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'alice',
        SerialNumber: device.VirtualMFADevice!.SerialNumber!,
        AuthenticationCode1: totpCode(seed, step - 2),
        AuthenticationCode2: totpCode(seed, step - 1),
      }),
    );
    const first = await consoleApi(server.endpoint, 'signin', { kind: 'iam', account: TEST_ACCOUNT_ID, userName: 'alice', password: 'Alice-Passw0rd!' });
    assert.equal(first.status, 200, first.body);
    assert.equal(first.json()['status'], 'mfa');
    assert.equal(first.headers['set-cookie'], undefined, 'no session before the second factor');
    const wrongCode = await consoleApi(server.endpoint, 'signin/mfa', { transaction: first.json()['transaction'], code: '000000' });
    assert.equal(wrongCode.status, 401);
    const done = await consoleApi(server.endpoint, 'signin/mfa', { transaction: first.json()['transaction'], code: totpCode(seed, step) });
    assert.equal(done.status, 200, done.body);
    const { sts } = consoleClients(server.endpoint, sessionOf(done));
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);

    const records = await consoleLogins('alice');
    const success = records.find((r) => r['responseElements']['ConsoleLogin'] === 'Success')!;
    assert.equal(success['additionalEventData']['MFAUsed'], 'Yes');
    assert.equal(success['additionalEventData']['MFAIdentifier'], device.VirtualMFADevice!.SerialNumber);
    const failure = records.find((r) => r['responseElements']['ConsoleLogin'] === 'Failure')!;
    assert.equal(failure['errorMessage'], 'Failed authentication');
  });

  it('answers every wrong name or password alike, records the failure, and rate-limits the name', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Bob-Passw0rd!' }));
    const unknown = await consoleApi(server.endpoint, 'signin', { kind: 'iam', account: TEST_ACCOUNT_ID, userName: 'nobody', password: 'x' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.json()['message'], 'Your authentication information is incorrect. Please try again.');
    const hidden = await consoleLogins('HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.equal(hidden.length, 1);
    for (let i = 0; i < 5; i++) {
      const wrong = await consoleApi(server.endpoint, 'signin', { kind: 'iam', account: TEST_ACCOUNT_ID, userName: 'bob', password: `wrong-${i}` });
      assert.equal(wrong.status, 401);
    }
    const limited = await consoleApi(server.endpoint, 'signin', { kind: 'iam', account: TEST_ACCOUNT_ID, userName: 'bob', password: 'Bob-Passw0rd!' });
    assert.equal(limited.status, 429);
    assert.match(limited.json<{ message: string }>().message, /Too many failed sign-in attempts/);
    assert.equal(
      (await consoleLogins('bob')).filter((r) => r['errorMessage'] === 'Failed authentication').length,
      5,
      'a refused attempt is not checked, nor recorded',
    );
  });

  it('makes a user whose password must be reset change it first, through IAM ChangePassword as that user', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 10 }));
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'admin', PolicyDocument: JSON.stringify(ADMIN) }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Carol-Passw0rd!', PasswordResetRequired: true }));
    const answer = await consoleApi(server.endpoint, 'signin', { kind: 'iam', account: TEST_ACCOUNT_ID, userName: 'carol', password: 'Carol-Passw0rd!' });
    assert.equal(answer.json()['status'], 'password-change');
    const session: ConsoleSession = sessionOf(answer);
    const clients = consoleClients(server.endpoint, session);
    await assert.rejects(
      clients.iam.send(new ListUsersCommand({})),
      (err: Error) => err.name === 'AccessDenied' && /must set a new password/.test(err.message),
    );
    assert.equal((await consoleApi(server.endpoint, 'session/password-changed', {}, session)).status, 409);
    await assert.rejects(clients.iam.send(new ChangePasswordCommand({ OldPassword: 'Carol-Passw0rd!', NewPassword: 'short' })), {
      name: 'PasswordPolicyViolationException',
    });
    await clients.iam.send(new ChangePasswordCommand({ OldPassword: 'Carol-Passw0rd!', NewPassword: 'Carol-New-Passw0rd!' }));
    assert.equal((await consoleApi(server.endpoint, 'session/password-changed', {}, session)).status, 200);
    await clients.iam.send(new ListUsersCommand({}));
  });

  it('opens the console for a role session through the federation endpoint (a custom identity broker, or the portal)', async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }],
    };
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'Operator', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new CreateUserCommand({ UserName: 'broker' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'broker', PolicyName: 'assume', PolicyDocument: JSON.stringify(ADMIN) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'broker' }))).AccessKey!;
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    });
    const creds = (await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'dana' }))).Credentials!;
    const session = JSON.stringify({ sessionId: creds.AccessKeyId, sessionKey: creds.SecretAccessKey, sessionToken: creds.SessionToken });
    const tokenAnswer = await http(
      server.endpoint,
      'POST',
      '/_gatehouse/console/federation',
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ Action: 'getSigninToken', Session: session }).toString(),
    );
    assert.equal(tokenAnswer.status, 200, tokenAnswer.body);
    const token = tokenAnswer.json<{ SigninToken: string }>().SigninToken;
    const login = await http(server.endpoint, 'GET', `/_gatehouse/console/federation?Action=login&SigninToken=${token}&Destination=%2Fconsole%2Fusers`);
    assert.equal(login.status, 302);
    assert.equal(login.headers['location'], '/console/users');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const info = await http(server.endpoint, 'GET', '/_gatehouse/console/api/session', { cookie });
    const { csrf, principal } = info.json<{ csrf: string; principal: { arn: string } }>();
    assert.equal(principal.arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/Operator/dana`);
    const me = await consoleClients(server.endpoint, { cookie, csrf }).sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, principal.arn);
  });

  it('sends a browser asking for HTML at / to the console, and every other request to the APIs', async () => {
    const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const root = await http(server.endpoint, 'GET', '/', browser);
    assert.equal(root.status, 302);
    assert.equal(root.headers['location'], '/console/');
    const page = await http(server.endpoint, 'GET', '/console/users', browser);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'; style-src 'self'/);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    // Not asking for HTML (an SDK, curl): an API request, answered in AWS's shape.
    const api = await http(server.endpoint, 'GET', '/', { accept: '*/*' });
    assert.notEqual(api.headers['content-type'], 'text/html; charset=utf-8');
    assert.notEqual(api.status, 302);
    // Signed (a presigned URL opened in a browser): an API request.
    const signed = await http(server.endpoint, 'GET', '/console/key?X-Amz-Credential=AKIA%2F20260101%2Fus-east-1%2Fs3%2Faws4_request', browser);
    assert.notEqual(signed.headers['content-security-policy'], page.headers['content-security-policy']);
  });
});
