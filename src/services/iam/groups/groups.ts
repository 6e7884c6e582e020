import { iamArn, newUniqueId } from '../../../model/index.js';
import { DuplicateError, type GroupRecord } from '../../../store/index.js';
import { defineOperation, type AuthorizationNeed, type Operation, type OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { listOptions, pageMembers } from '../paging.js';
import { insertOr, requireUser, userNeed, userOutput, type UserOutput } from '../users/userEntity.js';
import { pageArray } from '../paging.js';

/** The wire `Group` structure. */
interface GroupOutput {
  Path: string;
  GroupName: string;
  GroupId: string;
  Arn: string;
  CreateDate: Date;
}

function groupOutput(group: GroupRecord): GroupOutput {
  return { Path: group.path, GroupName: group.name, GroupId: group.groupId, Arn: group.arn, CreateDate: new Date(group.createdAt) };
}

async function requireGroup(ctx: OperationContext, name: string): Promise<GroupRecord> {
  const group = await ctx.store.groups.get(ctx.principal.accountId, name);
  if (group === undefined) throw iamErrors.noSuchEntity('group', name);
  return group;
}

/** The need of an action on a group by name; a missing group is authorized as `group/<name>`. */
async function groupNeed(action: string, ctx: OperationContext, name: string): Promise<AuthorizationNeed[]> {
  const group = await ctx.store.groups.get(ctx.principal.accountId, name);
  return iamNeed(action, group?.arn ?? iamArn(ctx.principal.accountId, 'group', '/', name));
}

/** IAM CreateGroup. */
export const CreateGroup = defineOperation<{ GroupName: string; Path?: string }, { Group: GroupOutput }>({
  service: 'iam',
  name: 'CreateGroup',
  readOnly: false,
  authorize: (input, ctx) => iamNeed('CreateGroup', iamArn(ctx.principal.accountId, 'group', input.Path ?? '/', input.GroupName)),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const path = input.Path ?? '/';
    if ((await ctx.store.groups.get(accountId, input.GroupName)) !== undefined) throw iamErrors.alreadyExists('group', input.GroupName);
    if ((await ctx.store.groups.count(accountId)) >= ctx.quotas.groupsPerAccount) {
      throw iamErrors.limitExceeded('GroupsPerAccount', ctx.quotas.groupsPerAccount);
    }
    const group = await insertOr(
      ctx.store.groups.create({
        accountId,
        groupId: newUniqueId('group'),
        name: input.GroupName,
        path,
        arn: iamArn(accountId, 'group', path, input.GroupName),
        createdAt: ctx.now.toISOString(),
      }),
      () => iamErrors.alreadyExists('group', input.GroupName),
    );
    return { Group: groupOutput(group) };
  },
});

/** IAM GetGroup: the group and a page of its members. */
export const GetGroup = defineOperation<
  { GroupName: string; Marker?: string; MaxItems?: number },
  { Group: GroupOutput; Users: UserOutput[]; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'GetGroup',
  readOnly: true,
  authorize: (input, ctx) => groupNeed('GetGroup', ctx, input.GroupName),
  handle: async (input, ctx) => {
    const group = await requireGroup(ctx, input.GroupName);
    const page = await ctx.store.groups.members(group.accountId, group.name, listOptions(input));
    const users: UserOutput[] = [];
    for (const name of page.items) {
      const user = await ctx.store.users.get(group.accountId, name);
      if (user !== undefined) users.push(await userOutput(ctx, user, false));
    }
    return { Group: groupOutput(group), Users: users, ...pageMembers(page) };
  },
});

/** IAM ListGroups: the account's groups by name, filtered by path prefix. */
export const ListGroups = defineOperation<
  { PathPrefix?: string; Marker?: string; MaxItems?: number },
  { Groups: GroupOutput[]; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListGroups',
  readOnly: true,
  authorize: () => iamNeed('ListGroups', '*'),
  handle: async (input, ctx) => {
    const page = await ctx.store.groups.list(ctx.principal.accountId, listOptions(input));
    return { Groups: page.items.map(groupOutput), ...pageMembers(page) };
  },
});

/** AWS: renaming or moving a group needs permission on both the old and the new group ARN (IAM API reference, UpdateGroup). */
export const UpdateGroup = defineOperation<{ GroupName: string; NewPath?: string; NewGroupName?: string }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateGroup',
  readOnly: false,
  authorize: async (input, ctx) => {
    const group = await ctx.store.groups.get(ctx.principal.accountId, input.GroupName);
    const source = group?.arn ?? iamArn(ctx.principal.accountId, 'group', '/', input.GroupName);
    const target = iamArn(ctx.principal.accountId, 'group', input.NewPath ?? group?.path ?? '/', input.NewGroupName ?? group?.name ?? input.GroupName);
    return target === source ? iamNeed('UpdateGroup', source) : [...iamNeed('UpdateGroup', source), ...iamNeed('UpdateGroup', target)];
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const group = await requireGroup(ctx, input.GroupName);
    const name = input.NewGroupName ?? group.name;
    const path = input.NewPath ?? group.path;
    if (name.toLowerCase() !== group.name.toLowerCase() && (await ctx.store.groups.get(accountId, name)) !== undefined) {
      throw iamErrors.alreadyExists('group', name);
    }
    try {
      await ctx.store.groups.update(accountId, group.name, { name, path, arn: iamArn(accountId, 'group', path, name) });
    } catch (error) {
      if (error instanceof DuplicateError) throw iamErrors.alreadyExists('group', name);
      throw error;
    }
    if (name !== group.name) {
      await ctx.store.policyAttachments.renameHolder(accountId, 'group', group.name, name);
      await ctx.store.inlinePolicies.renameHolder(accountId, 'group', group.name, name);
    }
    return {};
  },
});

/**
 * AWS: DeleteGroup fails while the group has members or policies: "Cannot delete entity, must
 * remove users from group first.", "… must delete policies first.", "… must detach all policies first."
 */
export const DeleteGroup = defineOperation<{ GroupName: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteGroup',
  readOnly: false,
  authorize: (input, ctx) => groupNeed('DeleteGroup', ctx, input.GroupName),
  handle: async (input, ctx) => {
    const group = await requireGroup(ctx, input.GroupName);
    if ((await ctx.store.groups.countMembers(group.accountId, group.name)) > 0) throw iamErrors.deleteConflict('remove users from group');
    if ((await ctx.store.inlinePolicies.list(group.accountId, 'group', group.name)).length > 0) throw iamErrors.deleteConflict('delete policies');
    if ((await ctx.store.policyAttachments.listFor(group.accountId, 'group', group.name)).length > 0) throw iamErrors.deleteConflict('detach all policies');
    await ctx.store.groups.delete(group.accountId, group.name);
    return {};
  },
});

/** IAM AddUserToGroup: adding a member twice is not an error. */
export const AddUserToGroup = defineOperation<{ GroupName: string; UserName: string }, Record<string, never>>({
  service: 'iam',
  name: 'AddUserToGroup',
  readOnly: false,
  authorize: (input, ctx) => groupNeed('AddUserToGroup', ctx, input.GroupName),
  handle: async (input, ctx) => {
    // AWS: with neither the user nor the group, the missing user is reported first.
    const user = await requireUser(ctx, input.UserName);
    const group = await requireGroup(ctx, input.GroupName);
    const current = await ctx.store.groups.groupsOf(user.accountId, user.name);
    if (current.some((g) => g.groupId === group.groupId)) return {};
    if (current.length >= ctx.quotas.groupsPerUser) throw iamErrors.limitExceeded('GroupsPerUser', ctx.quotas.groupsPerUser);
    await ctx.store.groups.addMember(group.accountId, group.name, user.name);
    return {};
  },
});

/** IAM RemoveUserFromGroup. */
export const RemoveUserFromGroup = defineOperation<{ GroupName: string; UserName: string }, Record<string, never>>({
  service: 'iam',
  name: 'RemoveUserFromGroup',
  readOnly: false,
  authorize: (input, ctx) => groupNeed('RemoveUserFromGroup', ctx, input.GroupName),
  handle: async (input, ctx) => {
    // AWS: with neither the user nor the group, the missing user is reported first.
    const user = await requireUser(ctx, input.UserName);
    const group = await requireGroup(ctx, input.GroupName);
    if (!(await ctx.store.groups.removeMember(group.accountId, group.name, user.name))) throw iamErrors.noSuchEntity('user', input.UserName);
    return {};
  },
});

/** IAM ListGroupsForUser. */
export const ListGroupsForUser = defineOperation<
  { UserName: string; Marker?: string; MaxItems?: number },
  { Groups: GroupOutput[]; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListGroupsForUser',
  readOnly: true,
  authorize: (input, ctx) => userNeed('ListGroupsForUser', ctx, input.UserName),
  handle: async (input, ctx) => {
    const user = await requireUser(ctx, input.UserName);
    const groups = await ctx.store.groups.groupsOf(user.accountId, user.name);
    const { items, ...page } = pageArray(groups.map(groupOutput), input);
    return { Groups: items, ...page };
  },
});

/** The group and membership operations. */
export const groupOperations: Operation[] = [
  CreateGroup,
  GetGroup,
  ListGroups,
  UpdateGroup,
  DeleteGroup,
  AddUserToGroup,
  RemoveUserFromGroup,
  ListGroupsForUser,
];
