/**
 * Attribute-based access control: an IAM user's tags are its `aws:PrincipalTag/…` condition
 * keys, and tagging or untagging takes effect on the very next request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient,
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

describe('ABAC with principal tags', () => {
  let server: TestServer;
  let root: IAMClient;
  let carol: IAMClient;
  before(async () => {
    server = await startTestServer();
    root = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await root.send(new CreateUserCommand({ UserName: 'carol' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'core' } } }],
    };
    await root.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'core-only', PolicyDocument: JSON.stringify(policy) }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    carol = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
  });
  after(async () => {
    await server.stop();
  });

  it('allows only while the user carries the tag the condition names', async () => {
    await assert.rejects(carol.send(new ListUsersCommand({})), { name: 'AccessDenied' });
    await root.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: 'team', Value: 'core' }] }));
    const out = await carol.send(new ListUsersCommand({}));
    assert.deepEqual(
      out.Users?.map((u) => u.UserName),
      ['carol'],
    );
    await root.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: 'team', Value: 'web' }] }));
    await assert.rejects(carol.send(new ListUsersCommand({})), { name: 'AccessDenied' });
    await root.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: 'team', Value: 'core' }] }));
    await carol.send(new ListUsersCommand({}));
    await root.send(new UntagUserCommand({ UserName: 'carol', TagKeys: ['team'] }));
    await assert.rejects(carol.send(new ListUsersCommand({})), { name: 'AccessDenied' });
  });
});
