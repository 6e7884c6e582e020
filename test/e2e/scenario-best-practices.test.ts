/**
 * The IAM security best practices walked end to end with the unmodified AWS CLI v2:
 * an administrator instead of root keys, groups carrying permissions, a least-privilege policy,
 * a password policy, MFA enabled with computed TOTP codes, access key rotation, and a credential
 * report that shows each of those states.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

interface AccessKey {
  AccessKeyId: string;
  SecretAccessKey: string;
}

describe('best practices with the AWS CLI', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    await home.addProfile('root', server.credentials);
  });
  after(async () => {
    await server.stop();
    await home.remove();
  });

  it('walks the best practices and the credential report shows each state', async () => {
    const root = (...args: string[]) => home.json(['--profile', 'root', ...args]);

    // An administrator in a group that carries the permissions, instead of root keys.
    await root('iam', 'create-group', '--group-name', 'Admins');
    await root('iam', 'attach-group-policy', '--group-name', 'Admins', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess');
    await root('iam', 'create-user', '--user-name', 'alice');
    await root('iam', 'add-user-to-group', '--group-name', 'Admins', '--user-name', 'alice');
    const aliceKey1 = (await root('iam', 'create-access-key', '--user-name', 'alice')) as { AccessKey: AccessKey };
    await home.addProfile('alice', { accessKeyId: aliceKey1.AccessKey.AccessKeyId, secretAccessKey: aliceKey1.AccessKey.SecretAccessKey });
    const alice = (...args: string[]) => home.json(['--profile', 'alice', ...args]);
    const me = (await alice('sts', 'get-caller-identity')) as { Arn: string };
    assert.equal(me.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);

    // A password policy, enforced.
    await alice(
      'iam',
      'update-account-password-policy',
      '--minimum-password-length',
      '14',
      '--require-symbols',
      '--require-numbers',
      '--require-uppercase-characters',
      '--require-lowercase-characters',
      '--password-reuse-prevention',
      '5',
      '--max-password-age',
      '90',
    );
    await alice('iam', 'create-user', '--user-name', 'bob');
    const weak = await home.aws(['--profile', 'alice', 'iam', 'create-login-profile', '--user-name', 'bob', '--password', 'short']);
    assert.notEqual(weak.code, 0);
    assert.match(weak.stderr, /PasswordPolicyViolation/);
    await alice('iam', 'create-login-profile', '--user-name', 'bob', '--password', 'Correct-Horse-42-Battery!', '--password-reset-required');

    // Least privilege: bob may only read users.
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser'], Resource: '*' }] });
    const created = (await alice('iam', 'create-policy', '--policy-name', 'ReadUsers', '--policy-document', policy)) as { Policy: { Arn: string } };
    await alice('iam', 'create-group', '--group-name', 'Readers');
    await alice('iam', 'attach-group-policy', '--group-name', 'Readers', '--policy-arn', created.Policy.Arn);
    await alice('iam', 'add-user-to-group', '--group-name', 'Readers', '--user-name', 'bob');
    const bobKey = (await alice('iam', 'create-access-key', '--user-name', 'bob')) as { AccessKey: AccessKey };
    await home.addProfile('bob', { accessKeyId: bobKey.AccessKey.AccessKeyId, secretAccessKey: bobKey.AccessKey.SecretAccessKey });
    const users = (await home.json(['--profile', 'bob', 'iam', 'list-users'])) as { Users: { UserName: string }[] };
    assert.deepEqual(users.Users.map((u) => u.UserName).sort(), ['alice', 'bob']);
    const denied = await home.aws(['--profile', 'bob', 'iam', 'create-user', '--user-name', 'mallory']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /AccessDenied/);
    assert.match(
      denied.stderr,
      new RegExp(
        `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${TEST_ACCOUNT_ID}:user/mallory because no identity-based policy allows the iam:CreateUser action`,
      ),
    );

    // MFA for the administrator, enabled with two consecutive codes computed from the seed.
    const seedFile = join(home.dir, 'alice-seed.txt');
    const device = (await alice(
      'iam',
      'create-virtual-mfa-device',
      '--virtual-mfa-device-name',
      'alice',
      '--outfile',
      seedFile,
      '--bootstrap-method',
      'Base32StringSeed',
    )) as { VirtualMFADevice: { SerialNumber: string } };
    const seed = (await readFile(seedFile, 'utf8')).trim();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(seed), digits: 6, period: 30, algorithm: 'SHA1' });
    const now = Date.now();
    const code1 = totp.generate({ timestamp: now - 30_000 });
    const code2 = totp.generate({ timestamp: now });
    await alice(
      'iam',
      'enable-mfa-device',
      '--user-name',
      'alice',
      '--serial-number',
      device.VirtualMFADevice.SerialNumber,
      '--authentication-code1',
      code1,
      '--authentication-code2',
      code2,
    );
    const mfa = (await alice('iam', 'list-mfa-devices', '--user-name', 'alice')) as { MFADevices: { SerialNumber: string }[] };
    assert.deepEqual(
      mfa.MFADevices.map((d) => d.SerialNumber),
      [device.VirtualMFADevice.SerialNumber],
    );

    // Access key rotation: create a second key, switch to it, deactivate the first, delete it.
    const aliceKey2 = (await alice('iam', 'create-access-key')) as { AccessKey: AccessKey };
    await home.addProfile('alice2', { accessKeyId: aliceKey2.AccessKey.AccessKeyId, secretAccessKey: aliceKey2.AccessKey.SecretAccessKey });
    const alice2 = (...args: string[]) => home.json(['--profile', 'alice2', ...args]);
    await alice2('iam', 'update-access-key', '--access-key-id', aliceKey1.AccessKey.AccessKeyId, '--status', 'Inactive');
    const stale = await home.aws(['--profile', 'alice', 'sts', 'get-caller-identity']);
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /InvalidClientTokenId/);

    // The credential report while the old key is still there but inactive.
    await alice2('iam', 'generate-credential-report');
    let report = '';
    for (let i = 0; i < 20 && report === ''; i++) {
      const out = await home.aws(['--profile', 'alice2', 'iam', 'get-credential-report']);
      if (out.code === 0) report = Buffer.from((JSON.parse(out.stdout) as { Content: string }).Content, 'base64').toString('utf8');
      else await new Promise((r) => setTimeout(r, 100));
    }
    const [header, ...rows] = report.trim().split('\n');
    const columns = header!.split(',');
    const row = (user: string) =>
      Object.fromEntries(
        rows
          .map((r) => r.split(','))
          .find((r) => r[0] === user)!
          .map((v, i) => [columns[i], v]),
      );
    assert.equal(row('<root_account>')['arn'], `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    assert.equal(row('alice')['mfa_active'], 'true');
    assert.equal(row('alice')['password_enabled'], 'false');
    assert.equal(row('alice')['access_key_1_active'], 'false');
    assert.equal(row('alice')['access_key_2_active'], 'true');
    assert.equal(row('bob')['password_enabled'], 'true');
    assert.equal(row('bob')['mfa_active'], 'false');

    await alice2('iam', 'delete-access-key', '--access-key-id', aliceKey1.AccessKey.AccessKeyId);
    const keys = (await alice2('iam', 'list-access-keys')) as { AccessKeyMetadata: { AccessKeyId: string; Status: string }[] };
    assert.deepEqual(
      keys.AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]),
      [[aliceKey2.AccessKey.AccessKeyId, 'Active']],
    );
  });
});
