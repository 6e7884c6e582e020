import type { IdstoreMembershipRecord } from '../../store/index.js';
import { defineOperation, type Operation } from '../operation.js';
import { identityStoreErrors } from './identityStoreErrors.js';
import { changedBy, identityStoreOf, nextTokenOf, pagingOf, storeNeeds, storeResource } from './identityStoreScope.js';
import { newStoreEntityId, requireUser } from './users.js';
import { requireGroup } from './groups.js';

type MemberId = { UserId?: string };

/** A membership as the Identity Store API returns it. */
function membershipOutput(m: IdstoreMembershipRecord): Record<string, unknown> {
  return { IdentityStoreId: m.identityStoreId, MembershipId: m.membershipId, GroupId: m.groupId, MemberId: { UserId: m.userId } };
}

/** The member a MemberId names: today only users (the union's one member). */
function memberUserId(member: MemberId): string {
  if (typeof member.UserId !== 'string' || member.UserId === '') throw identityStoreErrors.validation('MemberId must name a UserId.');
  return member.UserId;
}

/** AWS: CreateGroupMembership — an existing user into an existing group, once (ConflictException otherwise). */
export const CreateGroupMembership = defineOperation<{ IdentityStoreId: string; GroupId: string; MemberId: MemberId }>({
  service: 'identitystore',
  name: 'CreateGroupMembership',
  readOnly: false,
  authorize: (input, ctx) =>
    storeNeeds('CreateGroupMembership', ctx, input.IdentityStoreId, [storeResource.group(input.GroupId), storeResource.user(input.MemberId?.UserId ?? '*')]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const group = await requireGroup(ctx, instance.identityStoreId, input.GroupId);
    const user = await requireUser(ctx, instance.identityStoreId, memberUserId(input.MemberId));
    if ((await ctx.store.identityStore.membershipOf(instance.identityStoreId, group.groupId, user.userId)) !== undefined) {
      throw identityStoreErrors.uniqueness('Member already exists in group');
    }
    const m = await ctx.store.identityStore.createMembership({
      identityStoreId: instance.identityStoreId,
      membershipId: newStoreEntityId(instance.identityStoreId),
      groupId: group.groupId,
      userId: user.userId,
      createdBy: changedBy(ctx),
      createdAt: ctx.now.toISOString(),
    });
    return { MembershipId: m.membershipId, IdentityStoreId: m.identityStoreId };
  },
});

async function requireMembership(ctx: Parameters<typeof identityStoreOf>[0], identityStoreId: string, membershipId: string): Promise<IdstoreMembershipRecord> {
  const m = await ctx.store.identityStore.getMembership(identityStoreId, membershipId);
  if (m === undefined) throw identityStoreErrors.notFound('GROUP_MEMBERSHIP', membershipId);
  return m;
}

export const DescribeGroupMembership = defineOperation<{ IdentityStoreId: string; MembershipId: string }>({
  service: 'identitystore',
  name: 'DescribeGroupMembership',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('DescribeGroupMembership', ctx, input.IdentityStoreId, [storeResource.membership(input.MembershipId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    return membershipOutput(await requireMembership(ctx, instance.identityStoreId, input.MembershipId));
  },
});

export const DeleteGroupMembership = defineOperation<{ IdentityStoreId: string; MembershipId: string }>({
  service: 'identitystore',
  name: 'DeleteGroupMembership',
  readOnly: false,
  authorize: (input, ctx) => storeNeeds('DeleteGroupMembership', ctx, input.IdentityStoreId, [storeResource.membership(input.MembershipId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const m = await requireMembership(ctx, instance.identityStoreId, input.MembershipId);
    await ctx.store.identityStore.deleteMembership(instance.identityStoreId, m.membershipId);
    return {};
  },
});

/** AWS: GetGroupMembershipId — the membership of a user in a group (ResourceNotFoundException when there is none). */
export const GetGroupMembershipId = defineOperation<{ IdentityStoreId: string; GroupId: string; MemberId: MemberId }>({
  service: 'identitystore',
  name: 'GetGroupMembershipId',
  readOnly: true,
  authorize: (input, ctx) =>
    storeNeeds('GetGroupMembershipId', ctx, input.IdentityStoreId, [storeResource.group(input.GroupId), storeResource.user(input.MemberId?.UserId ?? '*')]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const m = await ctx.store.identityStore.membershipOf(instance.identityStoreId, input.GroupId, memberUserId(input.MemberId));
    if (m === undefined) throw identityStoreErrors.notFound('GROUP_MEMBERSHIP');
    return { MembershipId: m.membershipId, IdentityStoreId: m.identityStoreId };
  },
});

/** AWS: IsMemberInGroups — for each group ID, whether the user is a member (groups that do not exist: false). */
export const IsMemberInGroups = defineOperation<{ IdentityStoreId: string; MemberId: MemberId; GroupIds: string[] }>({
  service: 'identitystore',
  name: 'IsMemberInGroups',
  readOnly: true,
  authorize: (input, ctx) =>
    storeNeeds('IsMemberInGroups', ctx, input.IdentityStoreId, [
      storeResource.allMemberships,
      storeResource.user(input.MemberId?.UserId ?? '*'),
      ...input.GroupIds.map(storeResource.group),
    ]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const user = await requireUser(ctx, instance.identityStoreId, memberUserId(input.MemberId));
    const groups = new Set(await ctx.store.identityStore.groupIdsOf(instance.identityStoreId, user.userId));
    return {
      Results: input.GroupIds.map((groupId) => ({ GroupId: groupId, MemberId: { UserId: user.userId }, MembershipExists: groups.has(groupId) })),
    };
  },
});

export const ListGroupMemberships = defineOperation<{ IdentityStoreId: string; GroupId: string; MaxResults?: number; NextToken?: string }>({
  service: 'identitystore',
  name: 'ListGroupMemberships',
  readOnly: true,
  authorize: (input, ctx) => storeNeeds('ListGroupMemberships', ctx, input.IdentityStoreId, [storeResource.allMemberships, storeResource.group(input.GroupId)]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const group = await requireGroup(ctx, instance.identityStoreId, input.GroupId);
    const page = await ctx.store.identityStore.listMemberships(instance.identityStoreId, group.groupId, pagingOf(input));
    return { GroupMemberships: page.items.map(membershipOutput), ...nextTokenOf(page.last) };
  },
});

export const ListGroupMembershipsForMember = defineOperation<{ IdentityStoreId: string; MemberId: MemberId; MaxResults?: number; NextToken?: string }>({
  service: 'identitystore',
  name: 'ListGroupMembershipsForMember',
  readOnly: true,
  authorize: (input, ctx) =>
    storeNeeds('ListGroupMembershipsForMember', ctx, input.IdentityStoreId, [storeResource.allMemberships, storeResource.user(input.MemberId?.UserId ?? '*')]),
  handle: async (input, ctx) => {
    const instance = await identityStoreOf(ctx, input.IdentityStoreId);
    const user = await requireUser(ctx, instance.identityStoreId, memberUserId(input.MemberId));
    const page = await ctx.store.identityStore.listMembershipsOf(instance.identityStoreId, user.userId, pagingOf(input));
    return { GroupMemberships: page.items.map(membershipOutput), ...nextTokenOf(page.last) };
  },
});

export const membershipOperations: Operation[] = [
  CreateGroupMembership,
  DescribeGroupMembership,
  DeleteGroupMembership,
  GetGroupMembershipId,
  IsMemberInGroups,
  ListGroupMemberships,
  ListGroupMembershipsForMember,
];
