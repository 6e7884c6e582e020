import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeGroupCommand,
  DescribeGroupMembershipCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetGroupMembershipIdCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  IsMemberInGroupsCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-identitystore';
import { IAMClient } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { clientConfig, userWithPolicy } from '../support/organizations.js';
import { enableIdentityCenter, type IdentityCenterSetup } from '../support/identityCenter.js';

/**
 * The Identity Store API through the AWS SDK, every operation: users (attributes, unique user
 * names, reserved names, updates by attribute path), groups, memberships, the lookups by unique
 * attribute, paging, and who may call it (the caller's identity policies; another account's
 * identity store is not found).
 */
describe('Identity Store', () => {
  let server: TestServer;
  let ic: IdentityCenterSetup;
  let ids: IdentitystoreClient;
  let storeId: string;

  before(async () => {
    server = await startTestServer();
    ic = await enableIdentityCenter(server.endpoint, server.credentials, ['dev']);
    ids = ic.identityStore;
    storeId = ic.identityStoreId;
  });
  after(async () => server.stop());

  it('creates, describes, updates, finds and deletes users', async () => {
    const created = await ids.send(
      new CreateUserCommand({
        IdentityStoreId: storeId,
        UserName: 'alice',
        DisplayName: 'Alice Liddell',
        Name: { GivenName: 'Alice', FamilyName: 'Liddell' },
        Emails: [{ Value: 'alice@example.com', Type: 'work', Primary: true }],
        Title: 'Engineer',
      }),
    );
    assert.equal(created.IdentityStoreId, storeId);
    assert.match(created.UserId!, new RegExp(`^${storeId.slice(2)}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
    const user = await ids.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: created.UserId! }));
    assert.equal(user.UserName, 'alice');
    assert.equal(user.DisplayName, 'Alice Liddell');
    assert.deepEqual(user.Name, { GivenName: 'Alice', FamilyName: 'Liddell' });
    assert.deepEqual(user.Emails, [{ Value: 'alice@example.com', Type: 'work', Primary: true }]);

    await ids.send(
      new UpdateUserCommand({
        IdentityStoreId: storeId,
        UserId: created.UserId!,
        Operations: [
          { AttributePath: 'name.givenName', AttributeValue: 'Alicia' },
          { AttributePath: 'displayName', AttributeValue: 'Alicia Liddell' },
          { AttributePath: 'title' },
          { AttributePath: 'emails', AttributeValue: [{ value: 'alicia@example.com', primary: true }] },
        ],
      }),
    );
    const updated = await ids.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: created.UserId! }));
    assert.equal(updated.Name?.GivenName, 'Alicia');
    assert.equal(updated.Name?.FamilyName, 'Liddell');
    assert.equal(updated.DisplayName, 'Alicia Liddell');
    assert.equal(updated.Title, undefined);
    assert.deepEqual(updated.Emails, [{ Value: 'alicia@example.com', Primary: true }]);

    const byName = await ids.send(
      new GetUserIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'ALICE' } } }),
    );
    assert.equal(byName.UserId, created.UserId);
    const byEmail = await ids.send(
      new GetUserIdCommand({
        IdentityStoreId: storeId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: 'emails.value', AttributeValue: 'alicia@example.com' } },
      }),
    );
    assert.equal(byEmail.UserId, created.UserId);
    await rejects(
      ids.send(
        new GetUserIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'nobody' } } }),
      ),
      'ResourceNotFoundException',
    );
    const filtered = await ids.send(new ListUsersCommand({ IdentityStoreId: storeId, Filters: [{ AttributePath: 'UserName', AttributeValue: 'alice' }] }));
    assert.deepEqual(
      filtered.Users!.map((u) => u.UserId),
      [created.UserId],
    );

    await ids.send(new DeleteUserCommand({ IdentityStoreId: storeId, UserId: created.UserId! }));
    await rejects(ids.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: created.UserId! })), 'ResourceNotFoundException');
  });

  it("refuses a user name in use (any case), a reserved one, a bad attribute path, and another account's identity store", async () => {
    await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'bob', DisplayName: 'Bob' }));
    await rejects(ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'BOB', DisplayName: 'Bob' })), 'ConflictException', {
      reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
    });
    await rejects(ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'Administrator', DisplayName: 'x' })), 'ValidationException');
    await rejects(ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'has space', DisplayName: 'x' })), 'ValidationException');
    const bob = await ids.send(
      new GetUserIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'bob' } } }),
    );
    await rejects(
      ids.send(new UpdateUserCommand({ IdentityStoreId: storeId, UserId: bob.UserId!, Operations: [{ AttributePath: 'shoeSize', AttributeValue: '42' }] })),
      'ValidationException',
    );
    await rejects(
      ids.send(new UpdateUserCommand({ IdentityStoreId: storeId, UserId: bob.UserId!, Operations: [{ AttributePath: 'userName' }] })),
      'ValidationException',
    );
    // The model's own constraints: an identity store ID of the wrong shape.
    await rejects(ids.send(new ListUsersCommand({ IdentityStoreId: 'not-a-store' })), 'ValidationException');
    await rejects(ids.send(new ListUsersCommand({ IdentityStoreId: 'd-0000000000' })), 'ResourceNotFoundException');
  });

  it('manages groups and memberships', async () => {
    const user = await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'carol', DisplayName: 'Carol' }));
    const group = await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Developers', Description: 'People who write code' }));
    await rejects(ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'developers' })), 'ConflictException');
    const described = await ids.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: group.GroupId! }));
    assert.equal(described.DisplayName, 'Developers');
    assert.equal(described.Description, 'People who write code');
    await ids.send(
      new UpdateGroupCommand({
        IdentityStoreId: storeId,
        GroupId: group.GroupId!,
        Operations: [
          { AttributePath: 'displayName', AttributeValue: 'Engineers' },
          { AttributePath: 'description', AttributeValue: 'Builders' },
        ],
      }),
    );
    const byName = await ids.send(
      new GetGroupIdCommand({
        IdentityStoreId: storeId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'Engineers' } },
      }),
    );
    assert.equal(byName.GroupId, group.GroupId);
    const listed = await ids.send(new ListGroupsCommand({ IdentityStoreId: storeId }));
    assert.deepEqual(
      listed.Groups!.map((g) => g.DisplayName),
      ['Engineers'],
    );

    const membership = await ids.send(
      new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: group.GroupId!, MemberId: { UserId: user.UserId! } }),
    );
    await rejects(
      ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: group.GroupId!, MemberId: { UserId: user.UserId! } })),
      'ConflictException',
    );
    const m = await ids.send(new DescribeGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId: membership.MembershipId! }));
    assert.deepEqual(m.MemberId, { UserId: user.UserId });
    assert.equal(m.GroupId, group.GroupId);
    const found = await ids.send(new GetGroupMembershipIdCommand({ IdentityStoreId: storeId, GroupId: group.GroupId!, MemberId: { UserId: user.UserId! } }));
    assert.equal(found.MembershipId, membership.MembershipId);
    const other = await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Auditors' }));
    const checks = await ids.send(
      new IsMemberInGroupsCommand({ IdentityStoreId: storeId, MemberId: { UserId: user.UserId! }, GroupIds: [group.GroupId!, other.GroupId!] }),
    );
    assert.deepEqual(
      checks.Results!.map((r) => [r.GroupId, r.MembershipExists]),
      [
        [group.GroupId, true],
        [other.GroupId, false],
      ],
    );
    const inGroup = await ids.send(new ListGroupMembershipsCommand({ IdentityStoreId: storeId, GroupId: group.GroupId! }));
    assert.deepEqual(
      inGroup.GroupMemberships!.map((g) => g.MemberId?.UserId),
      [user.UserId],
    );
    const ofUser = await ids.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: storeId, MemberId: { UserId: user.UserId! } }));
    assert.deepEqual(
      ofUser.GroupMemberships!.map((g) => g.GroupId),
      [group.GroupId],
    );
    await ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId: membership.MembershipId! }));
    await rejects(
      ids.send(new DescribeGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId: membership.MembershipId! })),
      'ResourceNotFoundException',
    );
    await ids.send(new DeleteGroupCommand({ IdentityStoreId: storeId, GroupId: group.GroupId! }));
    await rejects(ids.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: group.GroupId! })), 'ResourceNotFoundException');
  });

  it('pages users with NextToken and MaxResults, and refuses a token it did not issue', async () => {
    for (let i = 0; i < 5; i++) await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: `page${i}`, DisplayName: `Page ${i}` }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ids.send(new ListUsersCommand({ IdentityStoreId: storeId, MaxResults: 2, ...(token !== undefined ? { NextToken: token } : {}) }));
      assert.ok(page.Users!.length <= 2);
      seen.push(...page.Users!.map((u) => u.UserName!));
      token = page.NextToken;
    } while (token !== undefined);
    assert.deepEqual(new Set(seen.filter((n) => n.startsWith('page'))), new Set(['page0', 'page1', 'page2', 'page3', 'page4']));
    assert.equal(new Set(seen).size, seen.length);
    await rejects(ids.send(new ListUsersCommand({ IdentityStoreId: storeId, NextToken: 'Zm9v' })), 'ValidationException');
  });

  it("authorizes each call with the caller's identity policies", async () => {
    const iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    const reader = await userWithPolicy(iam, 'idstore-reader', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['identitystore:ListUsers', 'identitystore:DescribeUser'], Resource: '*' }],
    });
    const client = new IdentitystoreClient(clientConfig(server.endpoint, reader));
    const users = await client.send(new ListUsersCommand({ IdentityStoreId: storeId }));
    assert.ok(users.Users!.length > 0);
    await rejects(client.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'mallory', DisplayName: 'M' })), 'AccessDeniedException', {
      status: 403,
      message: /identitystore:CreateUser/,
    });
  });
});
