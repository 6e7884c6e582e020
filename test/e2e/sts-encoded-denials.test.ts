/**
 * Every AccessDenied carries an encoded authorization message (header
 * `x-gatehouse-encoded-authorization-message`), and sts:DecodeAuthorizationMessage turns it into
 * AWS's decoded JSON for a caller allowed to decode.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import { clientConfig, createMemberAccount, memberRoleSession, userWithPolicy } from '../support/organizations.js';
import type { TestServer } from '../support/gatehouse.js';

describe('encoded authorization messages', () => {
  let server: TestServer;
  let erin: IAMClient;
  before(async () => {
    server = await startTestServer();
    const root = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await root.send(new CreateUserCommand({ UserName: 'erin' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'NoUserCreation', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }, { Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
    };
    await root.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'mostly', PolicyDocument: JSON.stringify(policy) }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
    erin = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
  });
  after(async () => {
    await server.stop();
  });

  it('a denial carries a message that root decodes into the explicit deny and its context', async () => {
    let encoded: string | undefined;
    try {
      await erin.send(new CreateUserCommand({ UserName: 'frank' }));
      assert.fail('expected AccessDenied');
    } catch (err) {
      const e = err as { name: string; $response?: { headers: Record<string, string> } };
      assert.equal(e.name, 'AccessDenied');
      encoded = e.$response?.headers['x-gatehouse-encoded-authorization-message'];
    }
    assert.ok(encoded, 'the AccessDenied response carries an encoded message');
    const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const out = await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const decoded = JSON.parse(out.DecodedMessage!);
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.explicitDeny, true);
    assert.equal(decoded.context.action, 'iam:CreateUser');
    assert.equal(decoded.context.resource, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/frank`);
    assert.equal(decoded.context.principal.arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/erin`);
    assert.equal(decoded.context.principal.name, 'erin');
    assert.match(decoded.context.principal.id, /^AIDA/);
    assert.ok(decoded.matchedStatements.items.some((s: { statementId: string; effect: string }) => s.statementId === 'NoUserCreation' && s.effect === 'DENY'));
    const tampered = encoded!.slice(0, -4) + (encoded!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await assert.rejects(sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: tampered })), { name: 'InvalidAuthorizationMessageException' });
  });

  it("only principals of the denied request's account decode its message; a member account's administrator cannot", async () => {
    const encoded = await (async () => {
      try {
        await erin.send(new CreateUserCommand({ UserName: 'grace' }));
      } catch (err) {
        return (err as { $response?: { headers: Record<string, string> } }).$response?.headers['x-gatehouse-encoded-authorization-message'];
      }
      return undefined;
    })();
    assert.ok(encoded);
    // Another principal of the same account with the permission decodes it.
    const root = new IAMClient(clientConfig(server.endpoint, server.credentials));
    const auditor = await userWithPolicy(root, 'auditor', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }] });
    const decoded = await new STSClient(clientConfig(server.endpoint, auditor)).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    assert.equal(JSON.parse(decoded.DecodedMessage!).context.principal.arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/erin`);
    // A member account's administrator (its OrganizationAccountAccessRole) is refused, as for an invalid message.
    const organizations = new OrganizationsClient(clientConfig(server.endpoint, server.credentials));
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const member = await createMemberAccount(organizations, 'decoding-member');
    const operator = await userWithPolicy(root, 'operator', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const admin = await memberRoleSession(server.endpoint, operator, member, 'admin');
    await assert.rejects(
      new STSClient(clientConfig(server.endpoint, admin)).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })),
      (err: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(err.name, 'InvalidAuthorizationMessageException');
        assert.equal(err.$metadata.httpStatusCode, 400);
        assert.doesNotMatch(err.message, /erin|AIDA/);
        return true;
      },
    );
  });
});
