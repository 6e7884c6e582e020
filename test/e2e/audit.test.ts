import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { Event } from '@aws-sdk/client-cloudtrail';
import { IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { chainHash, GENESIS_HASH } from '../../src/store/index.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

describe('the audit trail through CloudTrail LookupEvents', () => {
  let server: TestServer;
  let cloudtrail: CloudTrailClient;
  let iam: IAMClient;
  let aliceKey: { accessKeyId: string; secretAccessKey: string };

  async function lookup(key: string, value: string): Promise<Event[]> {
    await server.gatehouse.flushAudit();
    const out = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: key as 'EventName', AttributeValue: value }] }));
    return out.Events ?? [];
  }

  before(async () => {
    server = await startTestServer();
    const client = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    cloudtrail = new CloudTrailClient(client);
    iam = new IAMClient(client);
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    aliceKey = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  });
  after(async () => {
    await server.stop();
  });

  it('records a denied call with AccessDenied, the caller, its key, source IP and user agent', async () => {
    const alice = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: aliceKey, maxAttempts: 1, customUserAgent: 'audit-test/1.0' });
    await assert.rejects(alice.send(new ListUsersCommand({})), { name: 'AccessDenied' });
    const events = await lookup('Username', 'alice');
    const denied = events.find((e) => e.EventName === 'ListUsers')!;
    assert.ok(denied, 'the denied call is in the event history');
    assert.equal(denied.AccessKeyId, aliceKey.accessKeyId);
    assert.equal(denied.ReadOnly, 'true');
    const record = JSON.parse(denied.CloudTrailEvent!);
    assert.equal(record.errorCode, 'AccessDenied');
    assert.match(record.errorMessage, /User: arn:aws:iam::123456789012:user\/alice is not authorized to perform: iam:ListUsers/);
    assert.equal(record.userIdentity.type, 'IAMUser');
    assert.equal(record.userIdentity.arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);
    assert.equal(record.userIdentity.accessKeyId, aliceKey.accessKeyId);
    assert.equal(record.sourceIPAddress, '127.0.0.1');
    assert.match(record.userAgent, /audit-test\/1\.0/);
    assert.equal(record.eventSource, 'iam.amazonaws.com');
    assert.equal(record.recipientAccountId, TEST_ACCOUNT_ID);
    assert.equal(record.responseElements, null);
    // The event ID is a time-ordered UUID (RFC 9562 version 7) carrying the event's time.
    assert.equal(record.eventID, denied.EventId);
    assert.match(record.eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const idTime = parseInt(record.eventID.replace('-', '').slice(0, 12), 16);
    assert.equal(Math.floor(idTime / 1000), Date.parse(record.eventTime) / 1000);
  });

  it('LookupEvents reads its own writes: a call answered a moment ago is on the first page, with no flush', async () => {
    const alice = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: aliceKey,
      maxAttempts: 1,
      customUserAgent: 'read-your-writes/1.0',
    });
    await alice.send(new GetCallerIdentityCommand({}));
    const out = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCallerIdentity' }] }));
    const mine = (out.Events ?? []).filter((e) => e.Username === 'alice' && /read-your-writes\/1\.0/.test(JSON.parse(e.CloudTrailEvent!).userAgent));
    assert.equal(mine.length, 1);
  });

  it('a CreateAccessKey record names the key but never shows the secret', async () => {
    const events = await lookup('EventName', 'CreateAccessKey');
    assert.equal(events.length, 1);
    const event = events[0]!;
    assert.ok(!event.CloudTrailEvent!.includes(aliceKey.secretAccessKey), 'no secret in the record');
    const record = JSON.parse(event.CloudTrailEvent!);
    assert.equal(record.requestParameters.userName, 'alice');
    assert.equal(record.responseElements.accessKey.accessKeyId, aliceKey.accessKeyId);
    assert.equal(record.responseElements.accessKey.secretAccessKey, undefined);
    assert.deepEqual(event.Resources?.map((r) => [r.ResourceType, r.ResourceName]).sort(), [
      ['AWS::IAM::AccessKey', aliceKey.accessKeyId],
      ['AWS::IAM::User', 'alice'],
    ]);
    assert.equal(record.userIdentity.type, 'Root');
  });

  it("an AssumeRole record carries the new credentials' key ID and expiration and the assumed-role user, never the secret or the token", async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice` }, Action: 'sts:AssumeRole' }],
    };
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'audited', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!;
    // The trust policy names alice, which is all a same-account caller needs.
    const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: aliceKey, maxAttempts: 1 });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'audit-session', DurationSeconds: 900 }));
    const event = (await lookup('EventName', 'AssumeRole'))[0]!;
    assert.ok(!event.CloudTrailEvent!.includes(out.Credentials!.SecretAccessKey!), 'no secret access key in the record');
    assert.ok(!event.CloudTrailEvent!.includes(out.Credentials!.SessionToken!), 'no session token in the record');
    const record = JSON.parse(event.CloudTrailEvent!);
    assert.equal(record.readOnly, true);
    assert.deepEqual(record.requestParameters, { roleArn: role.Arn, roleSessionName: 'audit-session', durationSeconds: 900 });
    const expiration = out.Credentials!.Expiration!;
    const hours = expiration.getUTCHours();
    const clock = `${hours % 12 === 0 ? 12 : hours % 12}:${String(expiration.getUTCMinutes()).padStart(2, '0')}:${String(expiration.getUTCSeconds()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
    const month = expiration.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
    assert.deepEqual(record.responseElements, {
      credentials: { accessKeyId: out.Credentials!.AccessKeyId, expiration: `${month} ${expiration.getUTCDate()}, ${expiration.getUTCFullYear()}, ${clock}` },
      assumedRoleUser: { assumedRoleId: out.AssumedRoleUser!.AssumedRoleId, arn: out.AssumedRoleUser!.Arn },
    });
    assert.deepEqual(event.Resources?.map((r) => [r.ResourceType, r.ResourceName]).sort(), [
      ['AWS::IAM::AccessKey', out.Credentials!.AccessKeyId],
      ['AWS::IAM::Role', role.Arn],
      ['AWS::STS::AssumedRole', out.AssumedRoleUser!.Arn],
    ]);
    // The record itself names the role, as AWS's AssumeRole records do.
    assert.deepEqual(record.resources, [{ ARN: role.Arn, accountId: TEST_ACCOUNT_ID, type: 'AWS::IAM::Role' }]);
    // GetCallerIdentity issues nothing: its record has no response.
    await sts.send(new GetCallerIdentityCommand({}));
    const identity = JSON.parse((await lookup('EventName', 'GetCallerIdentity'))[0]!.CloudTrailEvent!);
    assert.equal(identity.responseElements, null);
    assert.equal(identity.resources, undefined);
  });

  it("a cross-account AssumeRole is recorded in both accounts, linked by one sharedEventID; a denied one only in the caller's", async () => {
    const orgs = new OrganizationsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await orgs.send(new CreateAccountCommand({ AccountName: 'owner', Email: 'owner@example.com' }));
    const status = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }));
    const ownerId = status.CreateAccountStatus!.AccountId!;
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: aliceKey, maxAttempts: 1 });
    const admin = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ownerId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'setup' })))
      .Credentials!;
    const ownerCreds = { accessKeyId: admin.AccessKeyId!, secretAccessKey: admin.SecretAccessKey!, sessionToken: admin.SessionToken! };
    const ownerIam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: ownerCreds, maxAttempts: 1 });
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice` }, Action: 'sts:AssumeRole' }],
    };
    const shared = (await ownerIam.send(new CreateRoleCommand({ RoleName: 'shared', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!;
    const closed = (
      await ownerIam.send(
        new CreateRoleCommand({
          RoleName: 'closed',
          AssumeRolePolicyDocument: JSON.stringify({ ...trust, Statement: [{ ...trust.Statement[0], Effect: 'Deny' }] }),
        }),
      )
    ).Role!;

    const out = await sts.send(new AssumeRoleCommand({ RoleArn: shared.Arn, RoleSessionName: 'visitor' }));
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: closed.Arn, RoleSessionName: 'visitor' })), { name: 'AccessDenied' });
    await server.gatehouse.flushAudit();
    const byRole = async (client: CloudTrailClient, arn: string) =>
      ((await client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn }] }))).Events ?? []).map((e) =>
        JSON.parse(e.CloudTrailEvent!),
      );
    const ownerTrail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: ownerCreds, maxAttempts: 1 });

    const [mine] = await byRole(cloudtrail, shared.Arn!);
    const [theirs, ...more] = await byRole(ownerTrail, shared.Arn!);
    assert.equal(more.length, 0);
    assert.equal(mine.recipientAccountId, TEST_ACCOUNT_ID);
    assert.equal(theirs.recipientAccountId, ownerId);
    assert.match(mine.sharedEventID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(theirs.sharedEventID, mine.sharedEventID);
    assert.notEqual(theirs.eventID, mine.eventID);
    // The owner sees who came in: the caller's identity, request and the session it got, never the secret.
    assert.equal(theirs.userIdentity.arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`);
    assert.equal(theirs.responseElements.assumedRoleUser.arn, out.AssumedRoleUser!.Arn);
    assert.equal(theirs.requestID, mine.requestID);
    assert.deepEqual(theirs.resources, [{ ARN: shared.Arn, accountId: ownerId, type: 'AWS::IAM::Role' }]);
    // AWS: denied cross-account role assumptions are not logged in the target account.
    const [denied] = await byRole(cloudtrail, closed.Arn!);
    assert.equal(denied.errorCode, 'AccessDenied');
    assert.equal(denied.sharedEventID, undefined);
    assert.deepEqual(await byRole(ownerTrail, closed.Arn!), []);
  });

  it('records a failed signature against the key it claimed', async () => {
    const forged = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { ...aliceKey, secretAccessKey: 'x'.repeat(40) },
      maxAttempts: 1,
    });
    await assert.rejects(forged.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch' });
    const events = await lookup('AccessKeyId', aliceKey.accessKeyId);
    const failed = events.map((e) => JSON.parse(e.CloudTrailEvent!)).find((r) => r.errorCode === 'SignatureDoesNotMatch');
    assert.ok(failed, 'the failed signature is recorded');
    assert.equal(failed.eventName, 'GetCallerIdentity');
    assert.equal(failed.eventSource, 'sts.amazonaws.com');
  });

  it('pages newest first with NextToken and refuses a token from another query', async () => {
    await server.gatehouse.flushAudit();
    const first = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 2 }));
    assert.equal(first.Events?.length, 2);
    assert.ok(first.NextToken);
    const second = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    const times = [...first.Events!, ...second.Events!].map((e) => e.EventTime!.getTime());
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    await assert.rejects(
      cloudtrail.send(
        new LookupEventsCommand({ MaxResults: 2, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListUsers' }] }),
      ),
      { name: 'InvalidNextTokenException' },
    );
    await assert.rejects(
      cloudtrail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'A' },
            { AttributeKey: 'Username', AttributeValue: 'B' },
          ],
        }),
      ),
      { name: 'InvalidLookupAttributesException' },
    );
  });

  it('stores every record in one unbroken hash chain', async () => {
    await server.gatehouse.flushAudit();
    const records = await server.gatehouse.store.auditEvents.range(1);
    assert.ok(records.length >= 5);
    let prev = GENESIS_HASH;
    records.forEach((r, i) => {
      assert.equal(r.seq, i + 1);
      assert.equal(r.prevHash, prev);
      assert.equal(r.hash, chainHash(prev, r.record, r.decision));
      prev = r.hash;
    });
    const denial = records.find((r) => r.errorCode === 'AccessDenied')!;
    const decision = JSON.parse(denial.decision!);
    assert.equal(decision.allowed, false);
    assert.deepEqual(decision.decisions[0].blockedBy, ['identity']);
  });
});
