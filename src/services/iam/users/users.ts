import { principalDeleted, principalRenamed } from '../../shared/index.js';
import { iamArn, newUniqueId } from '../../../model/index.js';
import { DuplicateError } from '../../../store/index.js';
import { defineOperation, type Operation } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requestTagContext } from '../../shared/index.js';
import { listOptions, pageMembers } from '../paging.js';
import { checkBoundary } from '../roles/roleEntity.js';
import { applyTags, checkTagKeys } from '../tags/tagging.js';
import { assertUserDeletable, renameUserLinks } from './userLinks.js';
import { insertOr, nonUserCaller, requireUser, userNeed, userOutput, userTagTarget, type UserOutput } from './userEntity.js';
import { userTagOperations } from './userTags.js';

type Tags = { Key: string; Value: string }[];

/** IAM CreateUser: a new user with an optional path, permissions boundary and tags. */
export const CreateUser = defineOperation<{ UserName: string; Path?: string; PermissionsBoundary?: string; Tags?: Tags }, { User: UserOutput }>({
  service: 'iam',
  name: 'CreateUser',
  readOnly: false,
  authorize: (input, ctx) => {
    const context = requestTagContext(input.Tags);
    if (input.PermissionsBoundary !== undefined) context['iam:PermissionsBoundary'] = input.PermissionsBoundary;
    return iamNeed('CreateUser', iamArn(ctx.principal.accountId, 'user', input.Path ?? '/', input.UserName), context);
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags);
    if ((await ctx.store.users.get(accountId, input.UserName)) !== undefined) throw iamErrors.alreadyExists('user', input.UserName);
    if (input.PermissionsBoundary !== undefined) await checkBoundary(ctx.store, input.PermissionsBoundary);
    if ((await ctx.store.users.count(accountId)) >= ctx.quotas.usersPerAccount) {
      throw iamErrors.limitExceeded('UsersPerAccount', ctx.quotas.usersPerAccount);
    }
    const user = await insertOr(
      ctx.store.users.create({
        accountId,
        userId: newUniqueId('user'),
        name: input.UserName,
        path,
        arn: iamArn(accountId, 'user', path, input.UserName),
        permissionsBoundaryArn: input.PermissionsBoundary ?? null,
        createdAt: ctx.now.toISOString(),
      }),
      () => iamErrors.alreadyExists('user', input.UserName),
    );
    await applyTags(ctx.store, userTagTarget(user), input.Tags, ctx.quotas.tagsPerResource);
    return { User: await userOutput(ctx, user, true) };
  },
});

/**
 * AWS: without `UserName`, GetUser describes the caller; for the root user it returns the account
 * ID as `UserId` and the root ARN, with no name or path (IAM API reference, GetUser).
 */
export const GetUser = defineOperation<{ UserName?: string }, { User: UserOutput }>({
  service: 'iam',
  name: 'GetUser',
  readOnly: true,
  authorize: (input, ctx) => {
    if (input.UserName !== undefined) return userNeed('GetUser', ctx, input.UserName);
    if (ctx.principal.type === 'Root' || (ctx.principal.type === 'IAMUser' && ctx.principal.userName !== undefined)) {
      return iamNeed('GetUser', ctx.principal.arn);
    }
    throw nonUserCaller();
  },
  handle: async (input, ctx) => {
    const name = input.UserName ?? ctx.principal.userName;
    if (name === undefined) {
      const account = await ctx.store.accounts.get(ctx.principal.accountId);
      const created = account === undefined ? ctx.now : new Date(account.createdAt);
      return { User: { UserId: ctx.principal.accountId, Arn: ctx.principal.arn, CreateDate: created } };
    }
    return { User: await userOutput(ctx, await requireUser(ctx, name), true) };
  },
});

/** IAM ListUsers: the account's users by name, filtered by path prefix, a page at a time. */
export const ListUsers = defineOperation<
  { PathPrefix?: string; Marker?: string; MaxItems?: number },
  { Users: UserOutput[]; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListUsers',
  readOnly: true,
  authorize: () => iamNeed('ListUsers', '*'),
  handle: async (input, ctx) => {
    const page = await ctx.store.users.list(ctx.principal.accountId, listOptions(input));
    const users = await Promise.all(page.items.map((u) => userOutput(ctx, u, false)));
    return { Users: users, ...pageMembers(page) };
  },
});

/**
 * AWS: "the requester must have appropriate permissions on both the source object and the target
 * object" (IAM API reference, UpdateUser), so a rename or move is authorized on the old and the new
 * user ARN; the user keeps its ID, keys, groups, policies and tags.
 */
export const UpdateUser = defineOperation<{ UserName: string; NewPath?: string; NewUserName?: string }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateUser',
  readOnly: false,
  authorize: async (input, ctx) => {
    const needs = await userNeed('UpdateUser', ctx, input.UserName);
    const user = await ctx.store.users.get(ctx.principal.accountId, input.UserName);
    const target = iamArn(ctx.principal.accountId, 'user', input.NewPath ?? user?.path ?? '/', input.NewUserName ?? user?.name ?? input.UserName);
    return target === needs[0]!.resource ? needs : [...needs, ...iamNeed('UpdateUser', target)];
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const user = await requireUser(ctx, input.UserName);
    const name = input.NewUserName ?? user.name;
    const path = input.NewPath ?? user.path;
    if (name.toLowerCase() !== user.name.toLowerCase() && (await ctx.store.users.get(accountId, name)) !== undefined) {
      throw iamErrors.alreadyExists('user', name);
    }
    try {
      await ctx.store.users.update(accountId, user.name, { name, path, arn: iamArn(accountId, 'user', path, name) });
    } catch (error) {
      if (error instanceof DuplicateError) throw iamErrors.alreadyExists('user', name);
      throw error;
    }
    if (name !== user.name) await renameUserLinks(ctx.store, accountId, user.name, name);
    const arn = iamArn(accountId, 'user', path, name);
    if (arn !== user.arn) await principalRenamed(ctx.store, user.userId, arn);
    return {};
  },
});

/** IAM DeleteUser: only once nothing is attached to the user (see `assertUserDeletable`). */
export const DeleteUser = defineOperation<{ UserName: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteUser',
  readOnly: false,
  authorize: (input, ctx) => userNeed('DeleteUser', ctx, input.UserName),
  handle: async (input, ctx) => {
    const user = await requireUser(ctx, input.UserName);
    await assertUserDeletable(ctx.store, user);
    const target = userTagTarget(user);
    await ctx.store.tags.deleteAll(target.accountId, target.kind, target.id);
    await principalDeleted(ctx.store, user.userId);
    await ctx.store.users.delete(user.accountId, user.name);
    return {};
  },
});

/** The user operations: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser and the user tag operations. */
export const userOperations: Operation[] = [CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, ...userTagOperations];
