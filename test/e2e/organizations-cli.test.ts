import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeRootCredentials } from '../../src/server/index.js';
import { AWS_CLI, AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { ENDPOINT_PROXY_SKIP, startEndpointProxy } from '../support/awsEndpointProxy.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

/**
 * The AWS CLI creates an organization and a member account, then acts in the member account through
 * OrganizationAccountAccessRole: with a `role_arn`/`source_profile` profile (the CLI in CI, 2.9, sends
 * that AssumeRole to AWS's STS endpoint whatever `--endpoint-url` says, so the endpoint is mapped to
 * Gatehouse on loopback), and with a `credential_process` profile running `aws sts assume-role`.
 */

describe('the AWS CLI assumes OrganizationAccountAccessRole into a new member account', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  let memberId: string;

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    const { text } = await writeRootCredentials(home.dir, server.gatehouse.bootstrapState, server.endpoint, 'us-east-1');
    await home.appendCredentials(text);
  });

  after(async () => {
    await server.stop();
    await home.remove();
  });

  it('the management root creates the organization and an account', async () => {
    const root = ['--profile', 'gatehouse-root'];
    const org = await home.json<{ Organization: { Id: string; MasterAccountId: string } }>([
      ...root,
      'organizations',
      'create-organization',
      '--feature-set',
      'ALL',
    ]);
    assert.equal(org.Organization.MasterAccountId, TEST_ACCOUNT_ID);
    const created = await home.json<{ CreateAccountStatus: { Id: string; State: string } }>([
      ...root,
      'organizations',
      'create-account',
      '--email',
      'member@example.com',
      '--account-name',
      'member',
    ]);
    assert.equal(created.CreateAccountStatus.State, 'IN_PROGRESS');
    const status = await home.json<{ CreateAccountStatus: { State: string; AccountId: string } }>([
      ...root,
      'organizations',
      'describe-create-account-status',
      '--create-account-request-id',
      created.CreateAccountStatus.Id,
    ]);
    assert.equal(status.CreateAccountStatus.State, 'SUCCEEDED');
    memberId = status.CreateAccountStatus.AccountId;
    const accounts = await home.json<{ Accounts: { Id: string }[] }>([...root, 'organizations', 'list-accounts']);
    assert.deepEqual(accounts.Accounts.map((a) => a.Id).sort(), [TEST_ACCOUNT_ID, memberId].sort());

    // Root credentials cannot assume roles (AWS); an administrator of the management account can.
    await home.json([...root, 'iam', 'create-user', '--user-name', 'ops']);
    await home.json([...root, 'iam', 'attach-user-policy', '--user-name', 'ops', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess']);
    const key = await home.json<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>([...root, 'iam', 'create-access-key', '--user-name', 'ops']);
    await home.addProfile('ops', { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey });
  });

  it('a role_arn profile with the management administrator as source_profile acts in the member account', { skip: ENDPOINT_PROXY_SKIP }, async () => {
    const proxy = await startEndpointProxy(server.endpoint, ['sts.us-east-1.amazonaws.com', 'sts.amazonaws.com'], join(home.dir, 'ca.pem'));
    try {
      home.env['AWS_CA_BUNDLE'] = proxy.caFile;
      const roleArn = `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`;
      await appendFile(
        join(home.dir, 'config'),
        `\n[profile member-role]\nregion = us-east-1\nrole_arn = ${roleArn}\nsource_profile = ops\nrole_session_name = cli-role\n`,
      );
      const who = await home.json<{ Account: string; Arn: string }>(['--profile', 'member-role', 'sts', 'get-caller-identity']);
      assert.equal(who.Account, memberId);
      assert.equal(who.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/cli-role`);
      const user = await home.json<{ User: { Arn: string } }>(['--profile', 'member-role', 'iam', 'create-user', '--user-name', 'made-by-role-profile']);
      assert.equal(user.User.Arn, `arn:aws:iam::${memberId}:user/made-by-role-profile`);
    } finally {
      delete home.env['AWS_CA_BUNDLE'];
      await proxy.close();
    }
  });

  it('a credential_process profile acts in the member account as the assumed role', async () => {
    const roleArn = `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`;
    const query =
      '{Version: `1`, AccessKeyId: Credentials.AccessKeyId, SecretAccessKey: Credentials.SecretAccessKey, SessionToken: Credentials.SessionToken, Expiration: Credentials.Expiration}';
    const process = `${AWS_CLI} --endpoint-url ${server.endpoint} --profile ops --output json sts assume-role --role-arn ${roleArn} --role-session-name cli --query '${query}'`;
    await appendFile(join(home.dir, 'config'), `\n[profile member]\nregion = us-east-1\ncredential_process = ${process}\n`);

    const who = await home.json<{ Account: string; Arn: string }>(['--profile', 'member', 'sts', 'get-caller-identity']);
    assert.equal(who.Account, memberId);
    assert.equal(who.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/cli`);
    const user = await home.json<{ User: { Arn: string } }>(['--profile', 'member', 'iam', 'create-user', '--user-name', 'made-by-cli']);
    assert.equal(user.User.Arn, `arn:aws:iam::${memberId}:user/made-by-cli`);
    const users = await home.json<{ Users: { UserName: string }[] }>(['--profile', 'member', 'iam', 'list-users']);
    assert.ok(users.Users.some((u) => u.UserName === 'made-by-cli'));
    // The management account did not get the user.
    const own = await home.json<{ Users: { UserName: string }[] }>(['--profile', 'gatehouse-root', 'iam', 'list-users']);
    assert.deepEqual(
      own.Users.map((u) => u.UserName),
      ['ops'],
    );
    // A member account cannot manage the organization.
    const denied = await home.aws(['--profile', 'member', 'organizations', 'list-accounts']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /AccessDeniedException/);
  });

  it('the management root sets a tag policy, and the member account reads its effective policy', async () => {
    const root = ['--profile', 'gatehouse-root'];
    const roots = await home.json<{ Roots: { Id: string }[] }>([...root, 'organizations', 'list-roots']);
    const rootId = roots.Roots[0]!.Id;
    await home.json([...root, 'organizations', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'TAG_POLICY']);
    const content = JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100', '200'] } } } });
    const policy = await home.json<{ Policy: { PolicySummary: { Id: string; Type: string } } }>([
      ...root,
      'organizations',
      'create-policy',
      '--type',
      'TAG_POLICY',
      '--name',
      'cost-center',
      '--description',
      'cost centers',
      '--content',
      content,
    ]);
    assert.equal(policy.Policy.PolicySummary.Type, 'TAG_POLICY');
    await home.json([...root, 'organizations', 'attach-policy', '--policy-id', policy.Policy.PolicySummary.Id, '--target-id', rootId]);
    const own = await home.json<{ EffectivePolicy: { PolicyContent: string; TargetId: string } }>([
      '--profile',
      'member',
      'organizations',
      'describe-effective-policy',
      '--policy-type',
      'TAG_POLICY',
    ]);
    assert.equal(own.EffectivePolicy.TargetId, memberId);
    assert.deepEqual(JSON.parse(own.EffectivePolicy.PolicyContent), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } } });
    const none = await home.aws(['--profile', 'member', 'organizations', 'describe-effective-policy', '--policy-type', 'BACKUP_POLICY']);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /EffectivePolicyNotFoundException/);
  });
});
