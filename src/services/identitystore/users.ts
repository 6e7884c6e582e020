import { randomUUID } from 'node:crypto';
import { DuplicateError } from '../../store/index.js';
import type { IdstoreUserRecord } from '../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { removePrincipalAssignments } from '../shared/index.js';
import { identityStoreErrors } from './identityStoreErrors.js';
import { changedBy, identityStoreOf, nextTokenOf, pagingOf, storeNeeds, storeResource } from './identityStoreScope.js';
import { applyUserOperation, attributesOf, checkUserName, userAttributePath } from './userAttributes.js';
import { checkExternalIds, type ExternalIdInput, type UniqueAttributeInput } from './externalIds.js';

/** A new user's, group's or membership's ID: the identity store's ten hex digits and a UUID. */
export function newStoreEntityId(identityStoreId: string): string {
  return `${identityStoreId.replace(/^d-/, '').slice(0, 10)}-${randomUUID()}`;
}

/** A user as the Identity Store API returns it. */
export function userOutput(user: IdstoreUserRecord): Record<string, unknown> {
  return {
    IdentityStoreId: user.identityStoreId,
    UserId: user.userId,
    UserName: user.userName,
    ...(user.externalIds.length > 0 ? { ExternalIds: user.externalIds } : {}),
    ...user.attributes,
  };
}

/** The user with that ID in the identity store, or ResourceNotFoundException. */
export async function requireUser(ctx: OperationContext, identityStoreId: string, userId: string): Promise<IdstoreUserRecord> {
  const user = await ctx.store.identityStore.getUser(identityStoreId, userId);
  if (user === undefined) throw identityStoreErrors.notFound('USER', userId);
  return user;
}

/** AWS: a UserName in use (any case) is ConflictException UNIQUENESS_CONSTRAINT_VIOLATION. */
function duplicateUser(err: unknown): never {
  if (err instanceof DuplicateError) {
    throw identityStoreErrors.uniqueness(err.entity === 'external id' ? 'Duplicate ExternalId' : 'Duplicate UserName');
  }
  throw err;
}

type CreateUserInput = { IdentityStoreId: string; UserName?: string; Emails?: unknown[] } & Record<string, unknown>;

/** AWS: Identity Store API reference, CreateUser — the user's ID and the identity store's. */
export const CreateUser = defineOperation<CreateUserInput>({
  service: 'identitystore',
  name: 'CreateUser',
  readOnly: false,
  authorize: (input, ctx) => storeNeeds('CreateUser', ctx, input.IdentityStoreId, []),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const userName = checkUserName(input.UserName);
    const attributes = attributesOf(input);
    if (Array.isArray(input.Emails) && input.Emails.length > 1) throw identityStoreErrors.validation('At most one email is allowed.');
    if ((await ctx.store.identityStore.userByName(instance.identityStoreId, userName)) !== undefined)
      throw identityStoreErrors.uniqueness('Duplicate UserName');
    const user = await ctx.store.identityStore
      .createUser({
        identityStoreId: instance.identityStoreId,
        userId: newStoreEntityId(instance.identityStoreId),
        userName,
        attributes,
        externalIds: [],
        createdBy: changedBy(ctx),
        createdAt: ctx.now.toISOString(),
      })
      .catch(duplicateUser);
    return { UserId: user.userId, IdentityStoreId: user.identityStoreId };
  },
});

export const DescribeUser = defineOperation<{ IdentityStoreId: string; UserId: string }>({
  service: 'identitystore',
  name: 'DescribeUser',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('DescribeUser', ctx, input.IdentityStoreId, [storeResource.user(input.UserId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    return userOutput(await requireUser(ctx, instance.identityStoreId, input.UserId));
  },
});

/**
 * AWS: ListUsers — every user, paged; the deprecated `Filters` (one, on `UserName`) match a user
 * name exactly (case-insensitively).
 */
export const ListUsers = defineOperation<{
  IdentityStoreId: string;
  MaxResults?: number;
  NextToken?: string;
  Filters?: { AttributePath: string; AttributeValue: string }[];
}>({
  service: 'identitystore',
  name: 'ListUsers',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('ListUsers', ctx, input.IdentityStoreId, [storeResource.allUsers]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const filter = input.Filters?.[0];
    if (filter !== undefined) {
      if (filter.AttributePath.toLowerCase() !== 'username') throw identityStoreErrors.validation(`Invalid filter attribute path ${filter.AttributePath}.`);
      const user = await ctx.store.identityStore.userByName(instance.identityStoreId, filter.AttributeValue);
      return { Users: user === undefined ? [] : [userOutput(user)] };
    }
    const page = await ctx.store.identityStore.listUsers(instance.identityStoreId, pagingOf(input));
    return { Users: page.items.map(userOutput), ...nextTokenOf(page.last) };
  },
});

/**
 * AWS: UpdateUser — each operation sets (or, without a value, removes) the attribute its path
 * names; the user name cannot be removed.
 */
export const UpdateUser = defineOperation<{ IdentityStoreId: string; UserId: string; Operations: { AttributePath: string; AttributeValue?: unknown }[] }>({
  service: 'identitystore',
  name: 'UpdateUser',
  readOnly: false,
  authorize: (input, ctx) => storeNeeds('UpdateUser', ctx, input.IdentityStoreId, [storeResource.user(input.UserId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const user = await requireUser(ctx, instance.identityStoreId, input.UserId);
    let attributes: Record<string, unknown> = { ...user.attributes };
    let userName: string | undefined;
    for (const op of input.Operations) {
      const target = userAttributePath(op.AttributePath);
      if (target === 'UserName') {
        if (op.AttributeValue === undefined || op.AttributeValue === null) throw identityStoreErrors.validation('UserName cannot be removed.');
        userName = checkUserName(op.AttributeValue);
        continue;
      }
      attributes = applyUserOperation(attributes, op.AttributePath, target, op.AttributeValue);
    }
    if (userName !== undefined && userName.toLowerCase() !== user.userName.toLowerCase()) {
      if ((await ctx.store.identityStore.userByName(instance.identityStoreId, userName)) !== undefined)
        throw identityStoreErrors.uniqueness('Duplicate UserName');
    }
    await ctx.store.identityStore
      .updateUser(instance.identityStoreId, user.userId, { ...(userName !== undefined ? { userName } : {}), attributes, updatedBy: changedBy(ctx) })
      .catch(duplicateUser);
    return {};
  },
});

/**
 * AWS: DeleteUser. The user's group memberships, sign-in credentials and account assignments go
 * with it; a role whose last assignment this was is removed from its account, as
 * DeleteAccountAssignment removes it.
 */
export const DeleteUser = defineOperation<{ IdentityStoreId: string; UserId: string }>({
  service: 'identitystore',
  name: 'DeleteUser',
  readOnly: false,
  authorize: (input, ctx) => storeNeeds('DeleteUser', ctx, input.IdentityStoreId, [storeResource.user(input.UserId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const user = await requireUser(ctx, instance.identityStoreId, input.UserId);
    await removePrincipalAssignments(ctx, instance, 'USER', user.userId);
    await ctx.store.identityStore.deleteUser(instance.identityStoreId, user.userId);
    return {};
  },
});

/**
 * AWS: GetUserId — by an external ID, or by a unique attribute: `userName` or
 * `emails.value` (the primary email). ResourceNotFoundException when none matches.
 */
export const GetUserId = defineOperation<{
  IdentityStoreId: string;
  AlternateIdentifier: { ExternalId?: ExternalIdInput; UniqueAttribute?: UniqueAttributeInput };
}>({
  service: 'identitystore',
  name: 'GetUserId',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('GetUserId', ctx, input.IdentityStoreId, [storeResource.allUsers]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const id = await findUserId(ctx, instance.identityStoreId, input.AlternateIdentifier);
    if (id === undefined) throw identityStoreErrors.notFound('USER');
    return { IdentityStoreId: instance.identityStoreId, UserId: id };
  },
});

async function findUserId(
  ctx: OperationContext,
  storeId: string,
  alternate: { ExternalId?: ExternalIdInput; UniqueAttribute?: UniqueAttributeInput },
): Promise<string | undefined> {
  const { ExternalId: externalId, UniqueAttribute: unique } = alternate;
  if ((externalId === undefined) === (unique === undefined)) throw identityStoreErrors.validation('Exactly one of ExternalId and UniqueAttribute is required.');
  if (externalId !== undefined) return ctx.store.identityStore.byExternalId(storeId, 'user', checkExternalIds([externalId])[0]!);
  const path = unique!.AttributePath.toLowerCase();
  const value = unique!.AttributeValue;
  if (typeof value !== 'string') throw identityStoreErrors.validation('The unique attribute value must be a string.');
  if (path === 'username') return (await ctx.store.identityStore.userByName(storeId, value))?.userId;
  if (path === 'emails.value') {
    const users = await ctx.store.identityStore.usersByEmail(storeId, value);
    return users.length === 1 ? users[0]!.userId : undefined;
  }
  throw identityStoreErrors.validation(`Invalid unique attribute path ${unique!.AttributePath}.`);
}

export const userOperations: Operation[] = [CreateUser, DescribeUser, ListUsers, UpdateUser, DeleteUser, GetUserId];
