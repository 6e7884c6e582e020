/**
 * What temporary credentials may call at all, over the wire: GetFederationToken sessions never
 * call IAM and only GetCallerIdentity in STS; GetSessionToken sessions call IAM only with MFA.
 * AWS: STS API reference, GetFederationToken and GetSessionToken.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, GetAccessKeyInfoCommand } from '@aws-sdk/client-sts';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

describe('session restrictions', () => {
  let server: TestServer;
  let dave: { accessKeyId: string; secretAccessKey: string };
  const client = <T>(Ctor: new (c: object) => T, credentials: object) =>
    new Ctor({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

  before(async () => {
    server = await startTestServer();
    const root = client(IAMClient, server.credentials);
    await root.send(new CreateUserCommand({ UserName: 'dave' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }] };
    await root.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'all', PolicyDocument: JSON.stringify(policy) }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'dave' }))).AccessKey!;
    dave = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  });
  after(async () => {
    await server.stop();
  });

  it('a federated user session cannot call IAM, nor STS beyond GetCallerIdentity', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const out = await client(STSClient, dave).send(new GetFederationTokenCommand({ Name: 'fed-dave', Policy: policy }));
    const creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const me = await client(STSClient, creds).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:federated-user/fed-dave`);
    await assert.rejects(client(IAMClient, creds).send(new ListUsersCommand({})), { name: 'InvalidClientTokenId' });
    await assert.rejects(client(STSClient, creds).send(new GetAccessKeyInfoCommand({ AccessKeyId: dave.accessKeyId })), { name: 'AccessDenied' });
  });

  it('a GetSessionToken session without MFA cannot call IAM but keeps the user identity', async () => {
    const out = await client(STSClient, dave).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const me = await client(STSClient, creds).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/dave`);
    await assert.rejects(client(IAMClient, creds).send(new ListUsersCommand({})), { name: 'InvalidClientTokenId' });
  });
});
