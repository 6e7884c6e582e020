/**
 * STS with the unmodified AWS CLI v2: a profile with `role_arn`, `source_profile`, `external_id`
 * and `mfa_serial` assumes a role in another account of the organization (the CLI asks for the
 * MFA code, computed here from the device seed), and `sts decode-authorization-message` decodes a
 * real denial taken from a response of the CLI itself.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import {
  IAMClient,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { OrganizationsClient, CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { createMemberAccount } from '../support/organizations.js';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AWS_CLI, AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { ENDPOINT_PROXY_SKIP, startEndpointProxy } from '../support/awsEndpointProxy.js';
import type { EndpointProxy } from '../support/awsEndpointProxy.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

/** Runs the CLI with `input` on its standard input (the CLI reads the MFA code there without a terminal). */
function awsWithInput(home: AwsCliHome, args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      AWS_CLI,
      ['--endpoint-url', home.endpoint, '--output', 'json', ...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: home.dir,
          AWS_SHARED_CREDENTIALS_FILE: join(home.dir, 'credentials'),
          AWS_CONFIG_FILE: join(home.dir, 'config'),
          AWS_PAGER: '',
          AWS_EC2_METADATA_DISABLED: 'true',
          ...home.env,
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(`${input}\n`);
  });
}

describe('the AWS CLI assumes a cross-account role with ExternalId and MFA', { skip: AWS_CLI_SKIP || ENDPOINT_PROXY_SKIP }, () => {
  let server: TestServer;
  let proxy: EndpointProxy;
  let home: AwsCliHome;
  let member: string;
  let serial: string;
  let totp: OTPAuth.TOTP;

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    // The CLI's assume-role provider calls AWS's STS endpoint whatever --endpoint-url says.
    proxy = await startEndpointProxy(server.endpoint, ['sts.us-east-1.amazonaws.com', 'sts.amazonaws.com'], join(home.dir, 'ca.pem'));
    home.env['AWS_CA_BUNDLE'] = proxy.caFile;
    const base = { endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 };
    const root = { ...base, credentials: server.credentials };
    const iam = new IAMClient(root);

    // The management account: an administrator (roles cannot be assumed as root) and alice.
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const adminKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
    const admin = { accessKeyId: adminKey.AccessKeyId!, secretAccessKey: adminKey.SecretAccessKey! };

    // alice (before the role that names her): may assume the role, and has MFA enabled with computed codes.
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const aliceKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }))).VirtualMFADevice!;
    serial = device.SerialNumber!;
    totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(Buffer.from(device.Base32StringSeed!).toString('utf8')), digits: 6, period: 30 });
    const now = Date.now();
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'alice',
        SerialNumber: serial,
        AuthenticationCode1: totp.generate({ timestamp: now - 60_000 }),
        AuthenticationCode2: totp.generate({ timestamp: now - 30_000 }),
      }),
    );

    // A member account, created through Organizations.
    const orgs = new OrganizationsClient(root);
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const targetId = await createMemberAccount(orgs, 'deploy-target', 'deploy@example.com');
    member = targetId;

    // In the member account (through OrganizationAccountAccessRole): a read-only role trusting
    // alice of the management account, with an external ID and MFA required.
    const inMember = new IAMClient({
      ...base,
      credentials: fromTemporaryCredentials({
        params: { RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'setup' },
        masterCredentials: admin,
        clientConfig: base,
      }),
    });
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'ext-4242' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    };
    await inMember.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await inMember.send(new AttachRolePolicyCommand({ RoleName: 'deploy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));

    const assume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${member}:role/deploy` }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'assume-deploy', PolicyDocument: JSON.stringify(assume) }));
    await home.addProfile('alice', { accessKeyId: aliceKey.AccessKeyId!, secretAccessKey: aliceKey.SecretAccessKey! });
    await home.addProfile('admin', admin);
    await home.appendConfig(
      `\n[profile deploy]\nregion = us-east-1\nrole_arn = arn:aws:iam::${member}:role/deploy\nsource_profile = alice\nexternal_id = ext-4242\nmfa_serial = ${serial}\n`,
    );
    await home.appendConfig(
      `\n[profile deploy-no-external-id]\nregion = us-east-1\nrole_arn = arn:aws:iam::${member}:role/deploy\nsource_profile = alice\nmfa_serial = ${serial}\n`,
    );
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
    await home?.remove();
  });

  it('assumes the role through the profile, with the MFA code the CLI asks for', async () => {
    const out = await awsWithInput(home, ['--profile', 'deploy', 'sts', 'get-caller-identity'], totp.generate());
    assert.equal(out.code, 0, out.stderr);
    const me = JSON.parse(out.stdout) as { Arn: string; Account: string };
    assert.equal(me.Account, member);
    assert.match(me.Arn, new RegExp(`^arn:aws:sts::${member}:assumed-role/deploy/`));
  });

  it('is refused without the external ID', async () => {
    const out = await awsWithInput(
      home,
      ['--profile', 'deploy-no-external-id', 'sts', 'get-caller-identity'],
      totp.generate({ timestamp: Date.now() + 30_000 }),
    );
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /AccessDenied/);
  });

  it('decodes a real denial with sts decode-authorization-message', async () => {
    const attempt = await home.aws(['--profile', 'alice', 'iam', 'list-users', '--debug']);
    assert.notEqual(attempt.code, 0);
    const header = /x-gatehouse-encoded-authorization-message['"]?\s*[:,]\s*['"]([^'"]+)['"]/.exec(attempt.stderr);
    assert.ok(header, 'the CLI saw the encoded message header');
    const decoded = await home.json<{ DecodedMessage: string }>(['--profile', 'admin', 'sts', 'decode-authorization-message', '--encoded-message', header[1]!]);
    const message = JSON.parse(decoded.DecodedMessage) as { allowed: boolean; context: { action: string; principal: { arn: string } } };
    assert.equal(message.allowed, false);
    assert.equal(message.context.action, 'iam:ListUsers');
    assert.equal(message.context.principal.arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);
  });
});
