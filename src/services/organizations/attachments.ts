import { ServiceError } from '../../errors.js';
import { managementPolicyType } from '../../model/index.js';
import { BUILT_IN_POLICIES, ORGANIZATION_QUOTAS, entityKindOf } from '../../model/index.js';
import type { OrgPolicyRecord, OrganizationRecord } from '../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { managementScope, peekScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { readScope } from './delegations.js';
import { attachDefaults, findTarget, policySummary, requirePolicy, rootOf, rootOutput } from './entities.js';
import type { Target } from './entities.js';
import { policyResource, requireSupportedType } from './policies.js';
import { entityResource } from './units.js';

type Paging = { NextToken?: string; MaxResults?: number };

async function requireTarget(ctx: OperationContext, org: OrganizationRecord, id: string): Promise<Target> {
  const target = await findTarget(ctx, org, id);
  if (target === undefined) throw orgErrors.targetNotFound();
  return target;
}

/** The policies of one type attached to a target. */
async function attachedOfType(ctx: OperationContext, org: OrganizationRecord, targetId: string, type: string): Promise<OrgPolicyRecord[]> {
  return (await ctx.store.organizationPolicies.attachedPolicies(org.id, targetId, type)).map((a) => a.policy);
}

function attachmentNeeds(action: string) {
  return async (input: { PolicyId: string; TargetId: string }, ctx: OperationContext) => {
    const org = await peekScope(ctx);
    const { arn, policy } = await policyResource(ctx, org, input.PolicyId);
    const context = policy !== undefined ? { 'organizations:PolicyType': policy.type } : undefined;
    return [orgNeed(action, arn, ctx, context), orgNeed(action, entityResource(org, input.TargetId), ctx, context)];
  };
}

/**
 * AWS: API_AttachPolicy — the policy's type must be enabled in the root (PolicyTypeNotEnabledException);
 * at most five SCPs or RCPs per target, and a management policy type's own number
 * (MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED); a second attachment is
 * DuplicatePolicyAttachmentException. Takes effect on the next request.
 */
export const AttachPolicy = defineOperation<{ PolicyId: string; TargetId: string }>({
  service: 'organizations',
  name: 'AttachPolicy',
  readOnly: false,
  authorize: attachmentNeeds('AttachPolicy'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const policy = await requirePolicy(ctx, org, input.PolicyId);
    const target = await requireTarget(ctx, org, input.TargetId);
    const root = await rootOf(ctx, org);
    if (!root.policyTypes.includes(policy.type)) throw orgErrors.typeNotEnabled();
    const attached = await attachedOfType(ctx, org, target.id, policy.type);
    if (attached.some((p) => p.id === policy.id)) throw orgErrors.duplicateAttachment();
    if (attached.length >= (managementPolicyType(policy.type)?.attachmentsPerTarget ?? ORGANIZATION_QUOTAS.attachmentsPerTarget)) {
      throw orgErrors.constraint('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', 'You have attached the maximum number of policies to the specified target.');
    }
    await ctx.store.organizationPolicies.attach(org.id, policy.id, target.id);
    return {};
  },
});

/**
 * AWS: API_DetachPolicy — "Every root, OU, and account must have at least one SCP attached"
 * (MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED); management policies have no minimum.
 */
export const DetachPolicy = defineOperation<{ PolicyId: string; TargetId: string }>({
  service: 'organizations',
  name: 'DetachPolicy',
  readOnly: false,
  authorize: attachmentNeeds('DetachPolicy'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const policy = await requirePolicy(ctx, org, input.PolicyId);
    const target = await requireTarget(ctx, org, input.TargetId);
    const attached = await attachedOfType(ctx, org, target.id, policy.type);
    if (!attached.some((p) => p.id === policy.id)) throw orgErrors.policyNotAttached();
    // AWS: orgs_manage_policies_rcps — RCPFullAWSAccess stays attached to every root, OU and account
    // (InvalidInputException NON_DETACHABLE_POLICY), so RCPs only ever deny.
    if (policy.id === BUILT_IN_POLICIES.RESOURCE_CONTROL_POLICY.id)
      throw orgErrors.invalid('NON_DETACHABLE_POLICY', "You can't detach this AWS Managed Policy.");
    if (policy.type === 'SERVICE_CONTROL_POLICY' && attached.length === 1) {
      throw orgErrors.constraint(
        'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
        'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
      );
    }
    await ctx.store.organizationPolicies.detach(org.id, policy.id, target.id);
    return {};
  },
});

export const ListPoliciesForTarget = defineOperation<{ TargetId: string; Filter: string } & Paging>({
  service: 'organizations',
  name: 'ListPoliciesForTarget',
  readOnly: true,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [orgNeed('ListPoliciesForTarget', entityResource(org, input.TargetId), ctx, { 'organizations:PolicyType': input.Filter })];
  },
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const target = await requireTarget(ctx, org, input.TargetId);
    const page = paginate(
      (await attachedOfType(ctx, org, target.id, input.Filter)).map((p) => policySummary(org, p)),
      input,
    );
    return { Policies: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const ListTargetsForPolicy = defineOperation<{ PolicyId: string } & Paging>({
  service: 'organizations',
  name: 'ListTargetsForPolicy',
  readOnly: true,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    const { arn, policy } = await policyResource(ctx, org, input.PolicyId);
    return [orgNeed('ListTargetsForPolicy', arn, ctx, policy !== undefined ? { 'organizations:PolicyType': policy.type } : undefined)];
  },
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const policy = await requirePolicy(ctx, org, input.PolicyId);
    const targets: { TargetId: string; Arn: string; Name: string; Type: string }[] = [];
    for (const id of await ctx.store.organizationPolicies.targetsOf(org.id, policy.id)) {
      const target = await findTarget(ctx, org, id);
      if (target !== undefined) targets.push({ TargetId: target.id, Arn: target.arn, Name: target.name, Type: target.kind });
    }
    const page = paginate(targets, input);
    return { Targets: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

async function requireRoot(ctx: OperationContext, org: OrganizationRecord, rootId: string) {
  const root = entityKindOf(rootId) === 'ROOT' ? await ctx.store.organizations.getUnit(org.id, rootId) : undefined;
  if (root === undefined) throw orgErrors.rootNotFound();
  return root;
}

/** Every root, OU and account id of the organization. */
async function everyTarget(ctx: OperationContext, org: OrganizationRecord, rootId: string): Promise<string[]> {
  const ids: string[] = [];
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    ids.push(id);
    for (const account of await ctx.store.organizations.accounts(org.id, id)) ids.push(account.id);
    for (const ou of await ctx.store.organizations.childUnits(org.id, id)) queue.push(ou.id);
  }
  return ids;
}

/**
 * AWS: API_EnablePolicyType — needs all features (PolicyTypeNotAvailableForOrganizationException);
 * for SCPs and RCPs, the type's AWS managed full-access policy is attached to every root, OU and
 * account (management policy types have no AWS managed policy).
 */
export const EnablePolicyType = defineOperation<{ RootId: string; PolicyType: string }>({
  service: 'organizations',
  name: 'EnablePolicyType',
  readOnly: false,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [orgNeed('EnablePolicyType', entityResource(org, input.RootId), ctx, { 'organizations:PolicyType': input.PolicyType })];
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const root = await requireRoot(ctx, org, input.RootId);
    requireSupportedType(input.PolicyType);
    if (org.featureSet !== 'ALL') {
      throw new ServiceError(
        'PolicyTypeNotAvailableForOrganizationException',
        "You can't use the specified policy type with the feature set currently enabled for this organization.",
      );
    }
    if (root.policyTypes.includes(input.PolicyType)) throw orgErrors.typeAlreadyEnabled();
    const enabled = { ...root, policyTypes: [...root.policyTypes, input.PolicyType] };
    await ctx.store.organizations.setPolicyTypes(org.id, root.id, enabled.policyTypes);
    for (const id of await everyTarget(ctx, org, root.id)) await attachDefaults(ctx, org, { ...root, policyTypes: [input.PolicyType] }, id);
    return { Root: rootOutput(org, enabled) };
  },
});

/** AWS: API_DisablePolicyType — every policy of the type is detached from every target. */
export const DisablePolicyType = defineOperation<{ RootId: string; PolicyType: string }>({
  service: 'organizations',
  name: 'DisablePolicyType',
  readOnly: false,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [orgNeed('DisablePolicyType', entityResource(org, input.RootId), ctx, { 'organizations:PolicyType': input.PolicyType })];
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const root = await requireRoot(ctx, org, input.RootId);
    if (!root.policyTypes.includes(input.PolicyType)) throw orgErrors.typeNotEnabled();
    const remaining = root.policyTypes.filter((t) => t !== input.PolicyType);
    await ctx.store.organizations.setPolicyTypes(org.id, root.id, remaining);
    for (const policy of await ctx.store.organizationPolicies.list(org.id, input.PolicyType)) {
      for (const target of await ctx.store.organizationPolicies.targetsOf(org.id, policy.id))
        await ctx.store.organizationPolicies.detach(org.id, policy.id, target);
    }
    return { Root: rootOutput(org, { ...root, policyTypes: remaining }) };
  },
});

export const attachmentOperations: Operation[] = [AttachPolicy, DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy, EnablePolicyType, DisablePolicyType];
