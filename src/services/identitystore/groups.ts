import type { IdstoreGroupRecord } from '../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { removePrincipalAssignments } from '../shared/index.js';
import { identityStoreErrors } from './identityStoreErrors.js';
import { changedBy, identityStoreOf, nextTokenOf, pagingOf, storeNeeds, storeResource } from './identityStoreScope.js';
import { newStoreEntityId } from './users.js';
import { RESERVED_NAMES } from './userAttributes.js';
import { checkExternalIds, type ExternalIdInput, type UniqueAttributeInput } from './externalIds.js';

/** A group as the Identity Store API returns it. */
export function groupOutput(group: IdstoreGroupRecord): Record<string, unknown> {
  return {
    GroupId: group.groupId,
    DisplayName: group.displayName,
    ...(group.externalIds.length > 0 ? { ExternalIds: group.externalIds } : {}),
    ...(group.description !== null ? { Description: group.description } : {}),
    IdentityStoreId: group.identityStoreId,
  };
}

export async function requireGroup(ctx: OperationContext, identityStoreId: string, groupId: string): Promise<IdstoreGroupRecord> {
  const group = await ctx.store.identityStore.getGroup(identityStoreId, groupId);
  if (group === undefined) throw identityStoreErrors.notFound('GROUP', groupId);
  return group;
}

/** AWS: a group's DisplayName is 1–1024 characters, unique in the identity store; Administrator and AWSAdministrators are reserved. */
function checkDisplayName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 1024 || /^\s*$/.test(name)) {
    throw identityStoreErrors.validation('Invalid DisplayName: it must be 1 to 1024 characters.');
  }
  if (RESERVED_NAMES.has(name.toLowerCase())) throw identityStoreErrors.validation(`DisplayName ${name} is reserved and can't be used.`);
  return name;
}

function checkDescription(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 1024)
    throw identityStoreErrors.validation('Invalid Description: it must be 1 to 1024 characters.');
  return value;
}

/** AWS: CreateGroup — a display name unique in the identity store (ConflictException otherwise). */
export const CreateGroup = defineOperation<{ IdentityStoreId: string; DisplayName?: string; Description?: string }>({
  service: 'identitystore',
  name: 'CreateGroup',
  readOnly: false,
  authorize: (input, ctx) => storeNeeds('CreateGroup', ctx, input.IdentityStoreId, []),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const displayName = checkDisplayName(input.DisplayName);
    if ((await ctx.store.identityStore.groupByName(instance.identityStoreId, displayName)) !== undefined)
      throw identityStoreErrors.uniqueness('Duplicate GroupDisplayName');
    const group = await ctx.store.identityStore.createGroup({
      identityStoreId: instance.identityStoreId,
      groupId: newStoreEntityId(instance.identityStoreId),
      displayName,
      description: input.Description ?? null,
      externalIds: [],
      createdBy: changedBy(ctx),
      createdAt: ctx.now.toISOString(),
    });
    return { GroupId: group.groupId, IdentityStoreId: group.identityStoreId };
  },
});

export const DescribeGroup = defineOperation<{ IdentityStoreId: string; GroupId: string }>({
  service: 'identitystore',
  name: 'DescribeGroup',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('DescribeGroup', ctx, input.IdentityStoreId, [storeResource.group(input.GroupId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    return groupOutput(await requireGroup(ctx, instance.identityStoreId, input.GroupId));
  },
});

/** AWS: ListGroups — every group, paged; the deprecated `Filters` (one, on `DisplayName`) match a display name exactly. */
export const ListGroups = defineOperation<{
  IdentityStoreId: string;
  MaxResults?: number;
  NextToken?: string;
  Filters?: { AttributePath: string; AttributeValue: string }[];
}>({
  service: 'identitystore',
  name: 'ListGroups',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('ListGroups', ctx, input.IdentityStoreId, [storeResource.allGroups]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const filter = input.Filters?.[0];
    if (filter !== undefined) {
      if (filter.AttributePath.toLowerCase() !== 'displayname') throw identityStoreErrors.validation(`Invalid filter attribute path ${filter.AttributePath}.`);
      const group = await ctx.store.identityStore.groupByName(instance.identityStoreId, filter.AttributeValue);
      return { Groups: group === undefined ? [] : [groupOutput(group)] };
    }
    const page = await ctx.store.identityStore.listGroups(instance.identityStoreId, pagingOf(input));
    return { Groups: page.items.map(groupOutput), ...nextTokenOf(page.last) };
  },
});

/** AWS: UpdateGroup — the paths `displayName` and `description`; a description may be removed. */
export const UpdateGroup = defineOperation<{ IdentityStoreId: string; GroupId: string; Operations: { AttributePath: string; AttributeValue?: unknown }[] }>({
  service: 'identitystore',
  name: 'UpdateGroup',
  readOnly: false,
  authorize: (input, ctx) => storeNeeds('UpdateGroup', ctx, input.IdentityStoreId, [storeResource.group(input.GroupId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const group = await requireGroup(ctx, instance.identityStoreId, input.GroupId);
    let displayName: string | undefined;
    let description: string | null | undefined;
    for (const op of input.Operations) {
      const path = op.AttributePath.toLowerCase();
      const value = op.AttributeValue ?? undefined;
      if (path === 'displayname') {
        if (value === undefined) throw identityStoreErrors.validation('DisplayName cannot be removed.');
        displayName = checkDisplayName(value);
      } else if (path === 'description') {
        description = value === undefined ? null : checkDescription(value);
      } else {
        throw identityStoreErrors.validation(`Invalid attribute path ${op.AttributePath}.`);
      }
    }
    if (displayName !== undefined && displayName.toLowerCase() !== group.displayName.toLowerCase()) {
      if ((await ctx.store.identityStore.groupByName(instance.identityStoreId, displayName)) !== undefined)
        throw identityStoreErrors.uniqueness('Duplicate GroupDisplayName');
    }
    await ctx.store.identityStore.updateGroup(instance.identityStoreId, group.groupId, {
      ...(displayName !== undefined ? { displayName } : {}),
      ...(description !== undefined ? { description } : {}),
      updatedBy: changedBy(ctx),
    });
    return {};
  },
});

/** AWS: DeleteGroup — its memberships and account assignments go with it. */
export const DeleteGroup = defineOperation<{ IdentityStoreId: string; GroupId: string }>({
  service: 'identitystore',
  name: 'DeleteGroup',
  readOnly: false,
  authorize: (input, ctx) => storeNeeds('DeleteGroup', ctx, input.IdentityStoreId, [storeResource.group(input.GroupId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const group = await requireGroup(ctx, instance.identityStoreId, input.GroupId);
    await removePrincipalAssignments(ctx, instance, 'GROUP', group.groupId);
    await ctx.store.identityStore.deleteGroup(instance.identityStoreId, group.groupId);
    return {};
  },
});

/** AWS: GetGroupId — by an external ID, or by the unique attribute `displayName`. */
export const GetGroupId = defineOperation<{
  IdentityStoreId: string;
  AlternateIdentifier: { ExternalId?: ExternalIdInput; UniqueAttribute?: UniqueAttributeInput };
}>({
  service: 'identitystore',
  name: 'GetGroupId',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('GetGroupId', ctx, input.IdentityStoreId, [storeResource.allGroups]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const { ExternalId: externalId, UniqueAttribute: unique } = input.AlternateIdentifier;
    if ((externalId === undefined) === (unique === undefined))
      throw identityStoreErrors.validation('Exactly one of ExternalId and UniqueAttribute is required.');
    let id: string | undefined;
    if (externalId !== undefined) {
      id = await ctx.store.identityStore.byExternalId(instance.identityStoreId, 'group', checkExternalIds([externalId])[0]!);
    } else {
      if (unique!.AttributePath.toLowerCase() !== 'displayname')
        throw identityStoreErrors.validation(`Invalid unique attribute path ${unique!.AttributePath}.`);
      if (typeof unique!.AttributeValue !== 'string') throw identityStoreErrors.validation('The unique attribute value must be a string.');
      id = (await ctx.store.identityStore.groupByName(instance.identityStoreId, unique!.AttributeValue))?.groupId;
    }
    if (id === undefined) throw identityStoreErrors.notFound('GROUP');
    return { GroupId: id, IdentityStoreId: instance.identityStoreId };
  },
});

export const groupOperations: Operation[] = [CreateGroup, DescribeGroup, ListGroups, UpdateGroup, DeleteGroup, GetGroupId];
