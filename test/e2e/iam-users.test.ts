import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  DeleteGroupPolicyCommand,
  DetachGroupPolicyCommand,
  PutGroupPolicyCommand,
  CreateAccountAliasCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteAccountAliasCommand,
  DeleteGroupCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
  GetGroupCommand,
  GetUserCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  RemoveUserFromGroupCommand,
  SetSecurityTokenServicePreferencesCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

function client(server: TestServer): IAMClient {
  return new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
}

describe('IAM users, groups and account settings', () => {
  let server: TestServer;
  let iam: IAMClient;
  before(async () => {
    server = await startTestServer();
    iam = client(server);
  });
  after(async () => {
    await server.stop();
  });

  it('CreateUser returns the user with its path, ARN, AIDA id, boundary-free shape and tags', async () => {
    const out = await iam.send(new CreateUserCommand({ UserName: 'Alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'core' }] }));
    const user = out.User!;
    assert.equal(user.UserName, 'Alice');
    assert.equal(user.Path, '/eng/');
    assert.equal(user.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/eng/Alice`);
    assert.match(user.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
    assert.ok(user.CreateDate instanceof Date);
    assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'core' }]);
    assert.equal(user.PermissionsBoundary, undefined);
  });

  it('user names are unique case-insensitively: EntityAlreadyExists (409)', async () => {
    const err = await rejection(iam.send(new CreateUserCommand({ UserName: 'ALICE' })));
    assert.equal(err.name, 'EntityAlreadyExists');
    assert.equal(err.status, 409);
    assert.equal(err.message, 'User with name ALICE already exists.');
  });

  it('GetUser finds a user by any case; an unknown user is NoSuchEntity (404)', async () => {
    const out = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    assert.equal(out.User?.UserName, 'Alice');
    assert.deepEqual(out.User?.Tags, [{ Key: 'team', Value: 'core' }]);
    const err = await rejection(iam.send(new GetUserCommand({ UserName: 'nobody' })));
    assert.equal(err.name, 'NoSuchEntity');
    assert.equal(err.status, 404);
    assert.equal(err.message, 'The user with name nobody cannot be found.');
  });

  it('GetUser without a name describes the root caller with the account ID as UserId', async () => {
    const out = await iam.send(new GetUserCommand({}));
    assert.equal(out.User?.UserId, TEST_ACCOUNT_ID);
    assert.equal(out.User?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    assert.equal(out.User?.UserName, undefined);
  });

  it('bad input is refused with 400 before anything changes', async () => {
    for (const input of [
      { UserName: 'bad name!' },
      { UserName: 'x'.repeat(65) },
      { UserName: '' },
      { UserName: 'okname', Path: 'no-slashes' },
      { UserName: 'okname', Tags: [{ Key: 'bad key\u0001', Value: 'v' }] },
      { UserName: 'okname', PermissionsBoundary: 'short' },
    ]) {
      const err = await rejection(iam.send(new CreateUserCommand(input)));
      assert.equal(err.status, 400, JSON.stringify(input));
      assert.ok(['ValidationError', 'InvalidInput'].includes(err.name), err.name);
    }
    const dupTags = await rejection(
      iam.send(
        new CreateUserCommand({
          UserName: 'okname',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
    );
    assert.equal(dupTags.name, 'InvalidInput');
    const badMax = await rejection(iam.send(new ListUsersCommand({ MaxItems: 0 })));
    assert.equal(badMax.status, 400);
    const err = await rejection(iam.send(new GetUserCommand({ UserName: 'okname' })));
    assert.equal(err.name, 'NoSuchEntity');
  });

  it('a boundary that does not exist is NoSuchEntity; one that exists is returned by GetUser', async () => {
    const missing = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/none`;
    const err = await rejection(iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: missing })));
    assert.equal(err.name, 'NoSuchEntity');
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: arn }));
    const out = await iam.send(new GetUserCommand({ UserName: 'bounded' }));
    assert.deepEqual(out.User?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn });
    await iam.send(new DeleteUserCommand({ UserName: 'bounded' }));
  });

  it('ListUsers pages with MaxItems/Marker, filters by PathPrefix and omits tags', async () => {
    for (const name of ['pager-1', 'pager-2', 'pager-3', 'pager-4']) await iam.send(new CreateUserCommand({ UserName: name, Path: '/pager/' }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 3, Marker: marker }));
      seen.push(...page.Users!.map((u) => u.UserName!));
      marker = page.IsTruncated ? page.Marker : undefined;
      if (page.IsTruncated) assert.ok(page.Marker);
      pages += 1;
    } while (marker !== undefined);
    assert.equal(pages, 2);
    assert.deepEqual(seen, ['pager-1', 'pager-2', 'pager-3', 'pager-4']);
    const all = await iam.send(new ListUsersCommand({}));
    const alice = all.Users!.find((u) => u.UserName === 'Alice');
    assert.ok(alice);
    assert.equal(alice.Tags, undefined);
    assert.equal(all.IsTruncated, false);
  });

  it('tags: TagUser replaces case-insensitively, UntagUser removes, ListUserTags pages', async () => {
    await iam.send(
      new TagUserCommand({
        UserName: 'Alice',
        Tags: [
          { Key: 'TEAM', Value: 'infra' },
          { Key: 'env', Value: 'prod' },
          { Key: 'cost', Value: '1' },
        ],
      }),
    );
    const first = await iam.send(new ListUserTagsCommand({ UserName: 'Alice', MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListUserTagsCommand({ UserName: 'Alice', Marker: first.Marker }));
    const tags = [...first.Tags!, ...rest.Tags!];
    assert.equal(tags.length, 3);
    assert.deepEqual(
      tags.find((t) => t.Key?.toLowerCase() === 'team'),
      { Key: 'TEAM', Value: 'infra' },
    );
    await iam.send(new UntagUserCommand({ UserName: 'Alice', TagKeys: ['Cost', 'absent'] }));
    const after = await iam.send(new ListUserTagsCommand({ UserName: 'Alice' }));
    assert.deepEqual(after.Tags!.map((t) => t.Key).sort(), ['TEAM', 'env']);
    const err = await rejection(iam.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })));
    assert.equal(err.name, 'NoSuchEntity');
  });

  it('groups: create, duplicate in any case, membership, GetGroup paging, ListGroupsForUser', async () => {
    const created = await iam.send(new CreateGroupCommand({ GroupName: 'Devs', Path: '/eng/' }));
    assert.equal(created.Group?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:group/eng/Devs`);
    assert.match(created.Group?.GroupId ?? '', /^AGPA[A-Z0-9]{17}$/);
    const dup = await rejection(iam.send(new CreateGroupCommand({ GroupName: 'devs' })));
    assert.equal(dup.name, 'EntityAlreadyExists');
    assert.equal(dup.message, 'Group with name devs already exists.');
    for (const name of ['pager-1', 'pager-2', 'pager-3']) await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: name }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Devs', UserName: 'pager-1' }));
    const page1 = await iam.send(new GetGroupCommand({ GroupName: 'Devs', MaxItems: 2 }));
    assert.equal(page1.Group?.GroupName, 'Devs');
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(new GetGroupCommand({ GroupName: 'Devs', Marker: page1.Marker }));
    assert.deepEqual(
      [...page1.Users!, ...page2.Users!].map((u) => u.UserName),
      ['pager-1', 'pager-2', 'pager-3'],
    );
    const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: 'PAGER-2' }));
    assert.deepEqual(
      forUser.Groups!.map((g) => g.GroupName),
      ['Devs'],
    );
    const noUser = await rejection(iam.send(new AddUserToGroupCommand({ GroupName: 'Devs', UserName: 'ghost' })));
    assert.equal(noUser.name, 'NoSuchEntity');
    const noGroup = await rejection(iam.send(new AddUserToGroupCommand({ GroupName: 'ghosts', UserName: 'pager-1' })));
    assert.equal(noGroup.message, 'The group with name ghosts cannot be found.');
    const listed = await iam.send(new ListGroupsCommand({ PathPrefix: '/eng/' }));
    assert.deepEqual(
      listed.Groups!.map((g) => g.GroupName),
      ['Devs'],
    );
  });

  it('DeleteGroup conflicts while it has members; DeleteUser conflicts while the user is in a group', async () => {
    const group = await rejection(iam.send(new DeleteGroupCommand({ GroupName: 'Devs' })));
    assert.equal(group.name, 'DeleteConflict');
    assert.equal(group.status, 409);
    assert.equal(group.message, 'Cannot delete entity, must remove users from group first.');
    const user = await rejection(iam.send(new DeleteUserCommand({ UserName: 'pager-3' })));
    assert.equal(user.name, 'DeleteConflict');
    assert.equal(user.message, 'Cannot delete entity, must remove users from group first.');
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'Devs', UserName: 'pager-3' }));
    await iam.send(new DeleteUserCommand({ UserName: 'pager-3' }));
    const notMember = await rejection(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'Devs', UserName: 'pager-4' })));
    assert.equal(notMember.name, 'NoSuchEntity');
  });

  it('DeleteUser conflicts on a login profile and on access keys, with AWS messages', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'holder' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'holder', Password: 'Correct-Horse-9' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'holder' }));
    const first = await rejection(iam.send(new DeleteUserCommand({ UserName: 'holder' })));
    assert.equal(first.message, 'Cannot delete entity, must delete login profile first.');
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'holder' }));
    const second = await rejection(iam.send(new DeleteUserCommand({ UserName: 'holder' })));
    assert.equal(second.message, 'Cannot delete entity, must delete access keys first.');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'holder', AccessKeyId: key.AccessKey!.AccessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'holder' }));
    const gone = await rejection(iam.send(new GetUserCommand({ UserName: 'holder' })));
    assert.equal(gone.name, 'NoSuchEntity');
  });

  it('UpdateUser renames and moves a user, keeping its id, tags, keys, policies and group memberships', async () => {
    const before = await iam.send(new GetUserCommand({ UserName: 'pager-1' }));
    await iam.send(new TagUserCommand({ UserName: 'pager-1', Tags: [{ Key: 'k', Value: 'v' }] }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'pager-1' }))).AccessKey!;
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/pager/pager-1`);
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: 'pager-1', PolicyName: 'kept', PolicyDocument: document }));
    await iam.send(new UpdateUserCommand({ UserName: 'pager-1', NewUserName: 'renamed-1', NewPath: '/moved/' }));
    const after = await iam.send(new GetUserCommand({ UserName: 'renamed-1' }));
    assert.equal(after.User?.UserId, before.User?.UserId);
    assert.equal(after.User?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/moved/renamed-1`);
    assert.deepEqual(after.User?.Tags, [{ Key: 'k', Value: 'v' }]);
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'renamed-1' }));
    assert.deepEqual(
      keys.AccessKeyMetadata!.map((k) => [k.AccessKeyId, k.UserName]),
      [[key.AccessKeyId, 'renamed-1']],
    );
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/moved/renamed-1`);
    const policy = await iam.send(new GetUserPolicyCommand({ UserName: 'renamed-1', PolicyName: 'kept' }));
    assert.equal(policy.UserName, 'renamed-1');
    const groups = await iam.send(new ListGroupsForUserCommand({ UserName: 'renamed-1' }));
    assert.deepEqual(
      groups.Groups!.map((g) => g.GroupName),
      ['Devs'],
    );
    const old = await rejection(iam.send(new GetUserCommand({ UserName: 'pager-1' })));
    assert.equal(old.name, 'NoSuchEntity');
    const taken = await rejection(iam.send(new UpdateUserCommand({ UserName: 'renamed-1', NewUserName: 'ALICE' })));
    assert.equal(taken.name, 'EntityAlreadyExists');
  });

  it('UpdateGroup renames a group and keeps its members', async () => {
    await iam.send(new UpdateGroupCommand({ GroupName: 'Devs', NewGroupName: 'Builders' }));
    const out = await iam.send(new GetGroupCommand({ GroupName: 'builders' }));
    assert.equal(out.Group?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:group/eng/Builders`);
    assert.deepEqual(
      out.Users!.map((u) => u.UserName),
      ['pager-2', 'renamed-1'],
    );
    for (const name of ['pager-2', 'renamed-1']) await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'Builders', UserName: name }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'Builders' }));
    const gone = await rejection(iam.send(new GetGroupCommand({ GroupName: 'Builders' })));
    assert.equal(gone.name, 'NoSuchEntity');
  });

  it('DeleteGroup refuses while the group has inline or attached policies', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'Auditors' }));
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'Auditors', PolicyName: 'list', PolicyDocument: document }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Auditors', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const inline = await rejection(iam.send(new DeleteGroupCommand({ GroupName: 'auditors' })));
    assert.equal(inline.name, 'DeleteConflict');
    assert.equal(inline.message, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'Auditors', PolicyName: 'list' }));
    const attached = await rejection(iam.send(new DeleteGroupCommand({ GroupName: 'Auditors' })));
    assert.equal(attached.message, 'Cannot delete entity, must detach all policies first.');
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'Auditors', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'Auditors' }));
  });

  it('account aliases: one per account, unique, deletable; summary counts and STS preference', async () => {
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'gatehouse-test' }));
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['gatehouse-test']);
    const second = await rejection(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'another-alias' })));
    assert.equal(second.name, 'LimitExceeded');
    assert.equal(second.message, 'Cannot exceed quota for AccountAliasesPerAccount: 1');
    const bad = await rejection(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'Bad_Alias' })));
    assert.equal(bad.status, 400);
    const missing = await rejection(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'not-mine' })));
    assert.equal(missing.name, 'NoSuchEntity');
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'gatehouse-test' }));
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);

    const users = (await iam.send(new ListUsersCommand({}))).Users!.length;
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.equal(summary.Users, users);
    assert.equal(summary.Groups, 0);
    assert.equal(summary.UsersQuota, 5000);
    assert.equal(summary.AccessKeysPerUserQuota, 2);
    assert.equal(summary.AccountAccessKeysPresent, 1);
    assert.equal(summary.GlobalEndpointTokenVersion, 1);
    await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
    const after = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.equal(after.GlobalEndpointTokenVersion, 2);
    const err = await rejection(iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v3Token' as 'v2Token' })));
    assert.equal(err.status, 400);
  });
});

describe('IAM user and group quotas', () => {
  let server: TestServer;
  let iam: IAMClient;
  before(async () => {
    server = await startTestServer({ env: { GATEHOUSE_QUOTAS: '{"usersPerAccount":3,"groupsPerAccount":2,"groupsPerUser":1,"tagsPerResource":2}' } });
    iam = client(server);
  });
  after(async () => {
    await server.stop();
  });

  it('UsersPerAccount', async () => {
    for (const name of ['q1', 'q2', 'q3']) await iam.send(new CreateUserCommand({ UserName: name }));
    const err = await rejection(iam.send(new CreateUserCommand({ UserName: 'q4' })));
    assert.equal(err.name, 'LimitExceeded');
    assert.equal(err.status, 409);
    assert.equal(err.message, 'Cannot exceed quota for UsersPerAccount: 3');
    assert.equal((await iam.send(new ListUsersCommand({}))).Users!.length, 3);
  });

  it('GroupsPerAccount and GroupsPerUser', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'g1' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'g2' }));
    const groups = await rejection(iam.send(new CreateGroupCommand({ GroupName: 'g3' })));
    assert.equal(groups.message, 'Cannot exceed quota for GroupsPerAccount: 2');
    await iam.send(new AddUserToGroupCommand({ GroupName: 'g1', UserName: 'q1' }));
    const perUser = await rejection(iam.send(new AddUserToGroupCommand({ GroupName: 'g2', UserName: 'q1' })));
    assert.equal(perUser.name, 'LimitExceeded');
    assert.equal(perUser.message, 'Cannot exceed quota for GroupsPerUser: 1');
  });

  it('tags per user', async () => {
    await iam.send(
      new TagUserCommand({
        UserName: 'q2',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    const err = await rejection(iam.send(new TagUserCommand({ UserName: 'q2', Tags: [{ Key: 'c', Value: '3' }] })));
    assert.equal(err.name, 'LimitExceeded');
    const tags = await iam.send(new ListUserTagsCommand({ UserName: 'q2' }));
    assert.equal(tags.Tags!.length, 2);
  });
});

describe('IAM user operations under identity policies', () => {
  let server: TestServer;
  let iam: IAMClient;
  let admin: IAMClient;
  const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  before(async () => {
    server = await startTestServer();
    iam = client(server);
    await iam.send(new CreateUserCommand({ UserName: 'delegate' }));
    await iam.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'core' }] }));
    await iam.send(new CreateUserCommand({ UserName: 'untagged' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:ListAccessKeys'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
        { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'core' } } },
        { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'delegate', PolicyName: 'scoped', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'delegate' }))).AccessKey!;
    admin = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
  });
  after(async () => {
    await server.stop();
  });

  it('without UserName the caller acts on its own user ARN', async () => {
    const own = await admin.send(new ListAccessKeysCommand({}));
    assert.equal(own.AccessKeyMetadata!.length, 1);
    assert.equal(own.AccessKeyMetadata![0]!.UserName, 'delegate');
    const other = await rejection(admin.send(new ListAccessKeysCommand({ UserName: 'tagged' })));
    assert.equal(other.name, 'AccessDenied');
  });

  it("the target user's tags are aws:ResourceTag keys", async () => {
    const allowed = await admin.send(new GetUserCommand({ UserName: 'tagged' }));
    assert.equal(allowed.User?.UserName, 'tagged');
    const denied = await rejection(admin.send(new GetUserCommand({ UserName: 'untagged' })));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.status, 403);
  });

  it('CreateUser passes the requested boundary as iam:PermissionsBoundary', async () => {
    const denied = await rejection(admin.send(new CreateUserCommand({ UserName: 'unbounded' })));
    assert.equal(denied.name, 'AccessDenied');
    const out = await admin.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: boundary }));
    assert.equal(out.User?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
    assert.equal((await rejection(iam.send(new GetUserCommand({ UserName: 'unbounded' })))).name, 'NoSuchEntity');
  });
});
