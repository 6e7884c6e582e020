/**
 * Every AccessDenied carries an encoded authorization message (header
 * `x-gatehouse-encoded-authorization-message`), and sts:DecodeAuthorizationMessage turns it into
 * AWS's decoded JSON for a caller allowed to decode.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, CreateAccessKeyCommand, CreateGroupCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
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
      Statement: [
        { Sid: 'NoUserCreation', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      ],
    };
    await root.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'mostly', PolicyDocument: JSON.stringify(policy) }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
    erin = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
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
    const auditor = await userWithPolicy(root, 'auditor', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }],
    });
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

  it('the decoded message explains a denial in full: the statement, its conditions, its policy, and why in one sentence; the audit record says the same', async () => {
    const root = new IAMClient(clientConfig(server.endpoint, server.credentials));
    const office = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:*', 'sts:DecodeAuthorizationMessage'], Resource: '*' },
        { Sid: 'DenyOutsideOffice', Effect: 'Deny', Action: 'iam:CreateGroup', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      ],
    };
    const ivan = await userWithPolicy(root, 'ivan', office);
    const ivanIam = new IAMClient(clientConfig(server.endpoint, ivan));
    let denial: { message: string; encoded: string; requestId: string } | undefined;
    try {
      await ivanIam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    } catch (err) {
      const e = err as Error & { $response?: { headers: Record<string, string> }; $metadata: { requestId?: string } };
      denial = { message: e.message, encoded: e.$response!.headers['x-gatehouse-encoded-authorization-message']!, requestId: e.$metadata.requestId! };
    }
    assert.ok(denial);
    assert.equal(
      denial.message,
      `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/ivan is not authorized to perform: iam:CreateGroup on resource: arn:aws:iam::${TEST_ACCOUNT_ID}:group/admins with an explicit deny in an identity-based policy`,
    );
    const out = await new STSClient(clientConfig(server.endpoint, ivan)).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: denial.encoded }));
    const decoded = JSON.parse(out.DecodedMessage!);
    const reason =
      'denied by the Deny statement `DenyOutsideOffice` of the inline identity-based policy `policy` of user ivan: aws:SourceIp 127.0.0.1 is not in 10.0.0.0/8 (NotIpAddress)';
    assert.equal(decoded.reason, reason);
    const deny = decoded.matchedStatements.items.find((s: { effect: string }) => s.effect === 'DENY');
    assert.deepEqual(deny, {
      statementId: 'DenyOutsideOffice',
      effect: 'DENY',
      principals: { items: [{ value: decoded.context.principal.id }] },
      principalGroups: { items: [] },
      actions: { items: [{ value: 'iam:CreateGroup' }] },
      resources: { items: [{ value: '*' }] },
      conditions: { items: [{ key: 'aws:SourceIp', operator: 'NotIpAddress', values: { items: [{ value: '10.0.0.0/8' }] } }] },
      policyType: 'identity',
      policyName: 'policy',
    });
    assert.match(decoded.context.principal.id, /^AIDA[A-Z2-7]{17}$/);
    assert.ok(
      decoded.context.conditions.items.some(
        (c: { key: string; values: { items: { value: string }[] } }) => c.key === 'aws:SourceIp' && c.values.items[0]?.value === '127.0.0.1',
      ),
    );
    // The audit record of the denied call carries the same sentence.
    await server.gatehouse.flushAudit();
    const { items } = await server.gatehouse.store.auditEvents.lookup({
      accountId: TEST_ACCOUNT_ID,
      attribute: { key: 'EventName', value: 'CreateGroup' },
      maxResults: 5,
    });
    const record = items.find((r) => JSON.parse(r.record).requestID === denial!.requestId);
    assert.ok(record?.decision, 'the denied call was recorded with its decision');
    assert.equal(JSON.parse(record.decision).reason, reason);
  });
});
