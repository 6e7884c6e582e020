import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccessKeyLastUsedCommand,
  GetRoleCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const IAM_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('last-accessed data derived from the audit records', () => {
  let server: TestServer;
  let iam: IAMClient;
  let alice: IAMClient;
  let aliceKeyId: string;
  let aliceCredentials: { accessKeyId: string; secretAccessKey: string };
  let before0: Date;

  async function report(arn: string, granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL' = 'SERVICE_LEVEL') {
    await server.gatehouse.flushAudit();
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: granularity }));
    return { JobId: JobId!, details: await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId })) };
  }

  before(async () => {
    server = await startTestServer();
    const client = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    iam = new IAMClient(client);
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'all-iam', PolicyDocument: IAM_ALL }));
    await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'all-iam', PolicyDocument: IAM_ALL }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'alice' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    aliceKeyId = key.AccessKeyId!;
    aliceCredentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    alice = new IAMClient({ ...client, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    before0 = new Date(Date.now() - 1000);
  });
  after(async () => {
    await server.stop();
  });

  it('shows no access before the user calls anything', async () => {
    const { details } = await report(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);
    const entry = details.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'iam')!;
    assert.equal(entry.TotalAuthenticatedEntities, 0);
    assert.equal(entry.LastAuthenticated, undefined);
  });

  it("shows iam accessed by the user, with entity, region and tracked actions, after the user's calls", async () => {
    await alice.send(new ListUsersCommand({}));
    await alice.send(new GetUserCommand({ UserName: 'alice' }));
    const aliceArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`;
    const { JobId, details } = await report(aliceArn, 'ACTION_LEVEL');
    assert.equal(details.JobStatus, 'COMPLETED');
    const entry = details.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'iam')!;
    assert.ok(entry.LastAuthenticated instanceof Date && entry.LastAuthenticated >= before0, String(entry.LastAuthenticated));
    assert.equal(entry.LastAuthenticatedEntity, aliceArn);
    assert.equal(entry.LastAuthenticatedRegion, 'us-east-1');
    assert.equal(entry.TotalAuthenticatedEntities, 1);
    assert.deepEqual(
      entry.TrackedActionsLastAccessed?.map((a) => a.ActionName),
      ['GetUser', 'ListUsers'],
    );
    assert.equal(entry.TrackedActionsLastAccessed?.[0]?.LastAccessedEntity, aliceArn);
    const sts = details.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'sts')!;
    assert.equal(sts.TotalAuthenticatedEntities, 0);

    const entities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'iam' }));
    assert.equal(entities.EntityDetailsList?.length, 1);
    assert.ok(entities.EntityDetailsList?.[0]?.LastAuthenticated instanceof Date);
  });

  it("reports a group's access as its members' access", async () => {
    const { details } = await report(`arn:aws:iam::${TEST_ACCOUNT_ID}:group/admins`);
    const entry = details.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'iam')!;
    assert.equal(entry.LastAuthenticatedEntity, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);
    assert.equal(entry.TotalAuthenticatedEntities, 1);
  });

  it("keeps the access key's last use (date, service, region)", async () => {
    await sleep(1100);
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: aliceKeyId }));
    assert.equal(used.UserName, 'alice');
    assert.equal(used.AccessKeyLastUsed?.ServiceName, 'iam');
    assert.equal(used.AccessKeyLastUsed?.Region, 'us-east-1');
    assert.ok(used.AccessKeyLastUsed?.LastUsedDate instanceof Date);
  });

  it("sets a role's RoleLastUsed from its sessions' calls", async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'all-iam', PolicyDocument: IAM_ALL }));
    // AWS: the root user cannot assume roles; alice (allowed sts:*) does.
    const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: aliceCredentials, maxAttempts: 1 });
    const creds = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/reader`, RoleSessionName: 's1' }))).Credentials!;
    const session = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! },
    });
    await session.send(new ListUsersCommand({}));
    const { details } = await report(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/reader`);
    const entry = details.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'iam')!;
    assert.equal(entry.LastAuthenticatedEntity, `arn:aws:iam::${TEST_ACCOUNT_ID}:role/reader`);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'reader' }));
    assert.ok(role.Role?.RoleLastUsed?.LastUsedDate instanceof Date);
    assert.equal(role.Role?.RoleLastUsed?.Region, 'us-east-1');
  });
});
