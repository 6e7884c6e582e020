/** The principals of a closed member account can no longer call APIs (AWS: "Closing an account"). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import {
  OrganizationsClient,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

describe('closing a member account', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
  });

  it("refuses its IAM users' keys and its role sessions once it is closed, and every AssumeRole into it", async () => {
    const base = { endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 };
    const iam = new IAMClient({ ...base, credentials: server.credentials });
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const adminKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
    const orgs = new OrganizationsClient({ ...base, credentials: server.credentials });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const status = (await orgs.send(new CreateAccountCommand({ AccountName: 'short-lived', Email: 'short@example.com' }))).CreateAccountStatus!;
    const done = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id! }))).CreateAccountStatus!;
    assert.equal(done.State, 'SUCCEEDED');
    const member = done.AccountId!;
    assert.match(member, /^\d{12}$/);
    const inMember = new IAMClient({
      ...base,
      credentials: fromTemporaryCredentials({
        params: { RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'setup' },
        masterCredentials: { accessKeyId: adminKey.AccessKeyId!, secretAccessKey: adminKey.SecretAccessKey! },
        clientConfig: base,
      }),
    });
    await inMember.send(new CreateUserCommand({ UserName: 'worker' }));
    const workerKey = (await inMember.send(new CreateAccessKeyCommand({ UserName: 'worker' }))).AccessKey!;
    const worker = new STSClient({ ...base, credentials: { accessKeyId: workerKey.AccessKeyId!, secretAccessKey: workerKey.SecretAccessKey! } });
    assert.equal((await worker.send(new GetCallerIdentityCommand({}))).Account, member);
    const admin = new STSClient({ ...base, credentials: { accessKeyId: adminKey.AccessKeyId!, secretAccessKey: adminKey.SecretAccessKey! } });
    const memberRole = `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`;
    const assumed = (await admin.send(new AssumeRoleCommand({ RoleArn: memberRole, RoleSessionName: 'before-close' }))).Credentials!;
    const session = { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! };
    assert.equal((await new STSClient({ ...base, credentials: session }).send(new GetCallerIdentityCommand({}))).Account, member);
    await orgs.send(new CloseAccountCommand({ AccountId: member }));
    await assert.rejects(worker.send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId' });
    // Sessions of the closed account are refused too, and no new one is issued.
    await assert.rejects(new IAMClient({ ...base, credentials: session }).send(new CreateUserCommand({ UserName: 'after-close' })), {
      name: 'InvalidClientTokenId',
    });
    await assert.rejects(admin.send(new AssumeRoleCommand({ RoleArn: memberRole, RoleSessionName: 'after-close' })), { name: 'AccessDenied' });
  });
});
