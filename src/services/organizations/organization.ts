import { newOrganizationId, newRootId, organizationArn } from '../../model/index.js';
import { ServiceError } from '../../errors.js';
import { defineOperation, type Operation } from '../operation.js';
import { callerScope, managementScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { readScope, saveDelegations } from './delegations.js';
import { deleteResourcePolicy } from './resourcePolicy.js';
import { saveServiceAccess } from '../shared/index.js';
import { rootOf, rootOutput, seedBuiltInPolicies } from './entities.js';
import type { OrganizationRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';

async function organizationOutput(ctx: OperationContext, org: OrganizationRecord) {
  const management = await ctx.store.accounts.get(org.managementAccountId);
  return {
    Id: org.id,
    Arn: organizationArn(org.managementAccountId, org.id),
    FeatureSet: org.featureSet,
    MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
    MasterAccountId: org.managementAccountId,
    ...(management?.email != null ? { MasterAccountEmail: management.email } : {}),
    // AWS: deprecated (ListRoots tells what is enabled); it names the types the feature set makes
    // available, which AWS's examples show as SCPs, ENABLED, for every organization with all features.
    AvailablePolicyTypes: org.featureSet === 'ALL' ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
  };
}

/**
 * AWS: API_CreateOrganization — the caller's account becomes the management account; an account
 * already in an organization gets AlreadyInOrganizationException. FeatureSet defaults to ALL. The
 * root starts with no policy types enabled.
 */
export const CreateOrganization = defineOperation<{ FeatureSet?: 'ALL' | 'CONSOLIDATED_BILLING' }>({
  service: 'organizations',
  name: 'CreateOrganization',
  readOnly: false,
  authorize: (_input, ctx) => [orgNeed('CreateOrganization', '*', ctx)],
  handle: async (input, ctx) => {
    const account = await ctx.store.accounts.get(ctx.principal.accountId);
    if (account === undefined) throw orgErrors.accessDenied();
    if (account.organizationId !== null) throw orgErrors.alreadyInOrganization();
    const now = ctx.now.toISOString();
    const org: OrganizationRecord = { id: newOrganizationId(), managementAccountId: account.id, featureSet: input.FeatureSet ?? 'ALL', createdAt: now };
    await ctx.store.organizations.create(org);
    const root = await ctx.store.organizations.createUnit({
      id: newRootId(),
      organizationId: org.id,
      parentId: null,
      kind: 'ROOT',
      name: 'Root',
      policyTypes: [],
    });
    await seedBuiltInPolicies(ctx, org.id);
    await ctx.store.organizations.placeAccount(account.id, org.id, root.id);
    await ctx.store.organizations.join({ accountId: account.id, organizationId: org.id, joinedMethod: 'INVITED', joinedAt: now });
    return { Organization: await organizationOutput(ctx, org) };
  },
});

/** AWS: API_DescribeOrganization — any account of the organization may call it. */
export const DescribeOrganization = defineOperation({
  service: 'organizations',
  name: 'DescribeOrganization',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('DescribeOrganization', '*', ctx)],
  handle: async (_input, ctx) => {
    const { org } = await callerScope(ctx);
    return { Organization: await organizationOutput(ctx, org) };
  },
});

/** AWS: API_DeleteOrganization — only when no member account remains (OrganizationNotEmptyException). */
export const DeleteOrganization = defineOperation({
  service: 'organizations',
  name: 'DeleteOrganization',
  readOnly: false,
  authorize: (_input, ctx) => [orgNeed('DeleteOrganization', '*', ctx)],
  handle: async (_input, ctx) => {
    const { org } = await managementScope(ctx);
    const accounts = await ctx.store.organizations.accounts(org.id);
    if (accounts.some((a) => a.id !== org.managementAccountId)) {
      throw new ServiceError('OrganizationNotEmptyException', 'To delete an organization you must first remove all member accounts (except the master).');
    }
    await saveDelegations(ctx, org.id, []);
    await saveServiceAccess(ctx, org.id, []);
    await deleteResourcePolicy(ctx, org.id);
    await ctx.store.organizations.delete(org.id);
    return {};
  },
});

/** AWS: API_ListRoots — management account (or delegated administrator) only. */
export const ListRoots = defineOperation<{ NextToken?: string; MaxResults?: number }>({
  service: 'organizations',
  name: 'ListRoots',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('ListRoots', '*', ctx)],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const page = paginate([rootOutput(org, await rootOf(ctx, org))], input);
    return { Roots: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const organizationOperations: Operation[] = [CreateOrganization, DescribeOrganization, DeleteOrganization, ListRoots];
