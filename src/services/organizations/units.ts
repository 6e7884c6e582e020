import { ORGANIZATION_QUOTAS, accountEntityArn, entityKindOf, newOrganizationalUnitId, ouArn, rootEntityArn } from '../../model/index.js';
import type { OrganizationRecord } from '../../store/index.js';
import { requestTagContext } from '../shared/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { managementScope, peekScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { readScope } from './delegations.js';
import { attachDefaults, depthOf, memberAccount, ouOutput, requireParent, rootOf } from './entities.js';
import { checkTags } from './tags.js';

type Tag = { Key: string; Value: string };
type Paging = { NextToken?: string; MaxResults?: number };

/** The ARN of a root, OU or account id, for `authorize` (`*` when it cannot be named). */
export function entityResource(org: OrganizationRecord | undefined, id: string): string {
  if (org === undefined) return '*';
  switch (entityKindOf(id)) {
    case 'ROOT':
      return rootEntityArn(org.managementAccountId, org.id, id);
    case 'ORGANIZATIONAL_UNIT':
      return ouArn(org.managementAccountId, org.id, id);
    case 'ACCOUNT':
      return accountEntityArn(org.managementAccountId, org.id, id);
    default:
      return '*';
  }
}

function need(action: string, id: string, context?: Record<string, string | string[]>) {
  return async (input: Record<string, unknown>, ctx: OperationContext) => {
    const org = await peekScope(ctx);
    return [orgNeed(action, entityResource(org, String(input[id] ?? '')), ctx, context)];
  };
}

async function requireOu(ctx: OperationContext, org: OrganizationRecord, id: string) {
  const unit = entityKindOf(id) === 'ORGANIZATIONAL_UNIT' ? await ctx.store.organizations.getUnit(org.id, id) : undefined;
  if (unit === undefined) throw orgErrors.ouNotFound();
  return unit;
}

/**
 * AWS: API_CreateOrganizationalUnit — under a root or OU (ParentNotFoundException), at most five
 * levels deep (OU_DEPTH_LIMIT_EXCEEDED), names unique under one parent
 * (DuplicateOrganizationalUnitException).
 */
export const CreateOrganizationalUnit = defineOperation<{ ParentId: string; Name: string; Tags?: Tag[] }>({
  service: 'organizations',
  name: 'CreateOrganizationalUnit',
  readOnly: false,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [orgNeed('CreateOrganizationalUnit', entityResource(org, input.ParentId), ctx, requestTagContext(input.Tags))];
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const parent = await requireParent(ctx, org, input.ParentId);
    checkTags(input.Tags ?? []);
    if ((await depthOf(ctx, org, parent)) + 1 > ORGANIZATION_QUOTAS.ouDepth) {
      throw orgErrors.constraint('OU_DEPTH_LIMIT_EXCEEDED', 'You attempted to create an OU tree that is too many levels deep.');
    }
    if ((await ctx.store.organizations.countUnits(org.id)) >= ORGANIZATION_QUOTAS.organizationalUnits) {
      throw orgErrors.constraint('OU_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the number of OUs that you can have in an organization.');
    }
    const siblings = await ctx.store.organizations.childUnits(org.id, parent.id);
    if (siblings.some((s) => s.name === input.Name)) throw orgErrors.duplicateOu();
    const root = await rootOf(ctx, org);
    const ou = await ctx.store.organizations.createUnit({
      id: newOrganizationalUnitId(root.id),
      organizationId: org.id,
      parentId: parent.id,
      kind: 'ORGANIZATIONAL_UNIT',
      name: input.Name,
      policyTypes: [],
    });
    await attachDefaults(ctx, org, root, ou.id);
    if (input.Tags !== undefined) await ctx.store.organizationPolicies.putTags(org.id, ou.id, input.Tags);
    return { OrganizationalUnit: ouOutput(org, ou) };
  },
});

export const DescribeOrganizationalUnit = defineOperation<{ OrganizationalUnitId: string }>({
  service: 'organizations',
  name: 'DescribeOrganizationalUnit',
  readOnly: true,
  authorize: need('DescribeOrganizationalUnit', 'OrganizationalUnitId'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    return { OrganizationalUnit: ouOutput(org, await requireOu(ctx, org, input.OrganizationalUnitId)) };
  },
});

/** AWS: API_UpdateOrganizationalUnit — renames; without Name nothing changes. */
export const UpdateOrganizationalUnit = defineOperation<{ OrganizationalUnitId: string; Name?: string }>({
  service: 'organizations',
  name: 'UpdateOrganizationalUnit',
  readOnly: false,
  authorize: need('UpdateOrganizationalUnit', 'OrganizationalUnitId'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const ou = await requireOu(ctx, org, input.OrganizationalUnitId);
    if (input.Name === undefined || input.Name === ou.name) return { OrganizationalUnit: ouOutput(org, ou) };
    const siblings = await ctx.store.organizations.childUnits(org.id, ou.parentId!);
    if (siblings.some((s) => s.id !== ou.id && s.name === input.Name)) throw orgErrors.duplicateOu();
    await ctx.store.organizations.renameUnit(org.id, ou.id, input.Name);
    return { OrganizationalUnit: ouOutput(org, { ...ou, name: input.Name }) };
  },
});

/** AWS: API_DeleteOrganizationalUnit — only an empty OU (OrganizationalUnitNotEmptyException). */
export const DeleteOrganizationalUnit = defineOperation<{ OrganizationalUnitId: string }>({
  service: 'organizations',
  name: 'DeleteOrganizationalUnit',
  readOnly: false,
  authorize: need('DeleteOrganizationalUnit', 'OrganizationalUnitId'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const ou = await requireOu(ctx, org, input.OrganizationalUnitId);
    const childOus = await ctx.store.organizations.childUnits(org.id, ou.id);
    const accounts = await ctx.store.organizations.accounts(org.id, ou.id);
    if (childOus.length > 0 || accounts.length > 0) throw orgErrors.ouNotEmpty();
    await ctx.store.organizationPolicies.detachAllFrom(org.id, ou.id);
    await ctx.store.organizationPolicies.deleteTags(org.id, ou.id);
    await ctx.store.organizations.deleteUnit(org.id, ou.id);
    return {};
  },
});

export const ListOrganizationalUnitsForParent = defineOperation<{ ParentId: string } & Paging>({
  service: 'organizations',
  name: 'ListOrganizationalUnitsForParent',
  readOnly: true,
  authorize: need('ListOrganizationalUnitsForParent', 'ParentId'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const parent = await requireParent(ctx, org, input.ParentId);
    const page = paginate(
      (await ctx.store.organizations.childUnits(org.id, parent.id)).map((ou) => ouOutput(org, ou)),
      input,
    );
    return { OrganizationalUnits: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

/** AWS: API_ListChildren — the OUs or the accounts (ChildType) directly under a root or OU. */
export const ListChildren = defineOperation<{ ParentId: string; ChildType: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT' } & Paging>({
  service: 'organizations',
  name: 'ListChildren',
  readOnly: true,
  authorize: need('ListChildren', 'ParentId'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const parent = await requireParent(ctx, org, input.ParentId);
    const ids =
      input.ChildType === 'ACCOUNT'
        ? (await ctx.store.organizations.accounts(org.id, parent.id)).map((a) => a.id)
        : (await ctx.store.organizations.childUnits(org.id, parent.id)).map((ou) => ou.id);
    const page = paginate(
      ids.map((Id) => ({ Id, Type: input.ChildType })),
      input,
    );
    return { Children: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

/** AWS: API_ListParents — the one root or OU directly above an OU or account (ChildNotFoundException). */
export const ListParents = defineOperation<{ ChildId: string } & Paging>({
  service: 'organizations',
  name: 'ListParents',
  readOnly: true,
  authorize: need('ListParents', 'ChildId'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    let parentId: string | null | undefined;
    const kind = entityKindOf(input.ChildId);
    if (kind === 'ACCOUNT') parentId = (await memberAccount(ctx, org, input.ChildId))?.parentId;
    else if (kind === 'ORGANIZATIONAL_UNIT') parentId = (await ctx.store.organizations.getUnit(org.id, input.ChildId))?.parentId;
    if (parentId == null) throw orgErrors.childNotFound();
    const page = paginate([{ Id: parentId, Type: entityKindOf(parentId) === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }], input);
    return { Parents: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const unitOperations: Operation[] = [
  CreateOrganizationalUnit,
  DescribeOrganizationalUnit,
  UpdateOrganizationalUnit,
  DeleteOrganizationalUnit,
  ListOrganizationalUnitsForParent,
  ListChildren,
  ListParents,
];
