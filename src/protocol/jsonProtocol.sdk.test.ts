import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OrganizationsClient, CreateOrganizationalUnitCommand, ListAccountsCommand, DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startTestServer, TEST_CLIENT_CONFIG, type TestServer } from '../../test/support/protocolServer.js';

const joined = new Date('2025-06-07T08:09:10.500Z');

describe('json protocol with the real AWS SDK v3 (Organizations, CloudTrail)', () => {
  let server: TestServer;
  let org: OrganizationsClient;
  let trail: CloudTrailClient;

  before(async () => {
    server = await startTestServer(({ operation, input }) => {
      switch (operation) {
        case 'CreateOrganizationalUnit':
          return {
            OrganizationalUnit: { Id: 'ou-ab12-cdefgh34', Arn: 'arn:aws:organizations::1:ou/o-x/ou-ab12-cdefgh34', Name: input.Name },
          };
        case 'ListAccounts':
          return {
            Accounts: [
              {
                Id: '123456789012',
                Arn: 'arn:aws:organizations::123456789012:account/o-abcdefghij/123456789012',
                Email: 'a@example.com',
                Name: 'a',
                Status: 'ACTIVE',
                JoinedMethod: 'CREATED',
                JoinedTimestamp: joined,
              },
            ],
            NextToken: 'tok',
          };
        case 'LookupEvents':
          return {
            Events: [
              {
                EventId: 'e1',
                EventName: 'CreateUser',
                EventTime: new Date('2026-01-01T00:00:00Z'),
                Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'alice' }],
                CloudTrailEvent: '{"eventVersion":"1.08"}',
              },
            ],
          };
        default:
          return {};
      }
    });
    org = new OrganizationsClient({ ...TEST_CLIENT_CONFIG, endpoint: server.endpoint });
    trail = new CloudTrailClient({ ...TEST_CLIENT_CONFIG, endpoint: server.endpoint });
  });

  after(async () => {
    org.destroy();
    trail.destroy();
    await server.close();
  });

  test('CreateOrganizationalUnit with Tags', async () => {
    const out = await org.send(new CreateOrganizationalUnitCommand({ ParentId: 'r-ab12', Name: 'Security', Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.deepEqual(server.calls.at(-1), {
      service: 'organizations',
      operation: 'CreateOrganizationalUnit',
      input: { ParentId: 'r-ab12', Name: 'Security', Tags: [{ Key: 'k', Value: 'v' }] },
    });
    assert.equal(out.OrganizationalUnit?.Name, 'Security');
  });

  test('ListAccounts returns Date timestamps (epoch seconds with fraction on the wire)', async () => {
    const out = await org.send(new ListAccountsCommand({ MaxResults: 10 }));
    assert.deepEqual(server.calls.at(-1)!.input, { MaxResults: 10 });
    assert.deepEqual(out.Accounts?.[0]?.JoinedTimestamp, joined);
    assert.equal(out.NextToken, 'tok');
  });

  test('Organizations validation failure is InvalidInputException with Reason', async () => {
    await assert.rejects(org.send(new DescribeAccountCommand({ AccountId: 'not-an-id' })), (err: any) => {
      assert.equal(err.name, 'InvalidInputException');
      assert.equal(err.Reason, 'INVALID_PATTERN');
      assert.equal(err.message, 'You provided a value that does not match the required pattern.');
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
  });

  test('LookupEvents decodes LookupAttributes and StartTime, returns events', async () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const out = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
        StartTime: start,
        MaxResults: 50,
      }),
    );
    assert.deepEqual(server.calls.at(-1)!.input, {
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
      StartTime: start,
      MaxResults: 50,
    });
    assert.equal(out.Events?.[0]?.EventName, 'CreateUser');
    assert.deepEqual(out.Events?.[0]?.EventTime, new Date('2026-01-01T00:00:00Z'));
    assert.deepEqual(out.Events?.[0]?.Resources, [{ ResourceType: 'AWS::IAM::User', ResourceName: 'alice' }]);
  });

  test('CloudTrail validation failure is ValidationException with the Coral message', async () => {
    await assert.rejects(trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Nope' as any, AttributeValue: 'x' }] })), (err: any) => {
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(
        err.message,
        "1 validation error detected: Value 'Nope' at 'lookupAttributes.1.member.attributeKey' failed to satisfy constraint: Member must satisfy enum value set: [EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId]",
      );
      return true;
    });
  });
});
