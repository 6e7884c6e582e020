import { ServiceError } from '../../errors.js';
import { checkManagementPolicy, managementPolicyType } from '../../model/index.js';
import { ORGANIZATION_QUOTAS, newOrganizationPolicyId, organizationPolicyArn } from '../../model/index.js';
import { POLICY_SIZE_LIMITS, parsePolicy, policySize } from '../../policy/index.js';
import type { OrgPolicyRecord, OrganizationRecord } from '../../store/index.js';
import { requestTagContext } from '../shared/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { managementScope, peekScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { readScope } from './delegations.js';
import { isGuardrailType, policyArnOf, policySummary, requirePolicy } from './entities.js';
import { checkTags } from './tags.js';

type Tag = { Key: string; Value: string };

/**
 * Guardrails (SCPs, RCPs) are enforced; management policies (every other type of AWS's model) are
 * stored and merged into effective policies. A type the model does not name is refused by its enum
 * before this; one it names that Gatehouse does not know answers NotImplemented.
 */
export function requireSupportedType(type: string): void {
  if (!isGuardrailType(type) && managementPolicyType(type) === undefined) {
    throw new ServiceError('NotImplemented', `Gatehouse does not implement organization policies of type \`${type}\` yet.`);
  }
}

/**
 * AWS: orgs_reference_limits — a policy document holds at most its type's characters (SCPs and
 * RCPs 5,120; see MANAGEMENT_POLICY_TYPES) (POLICY_CONTENT_LIMIT_EXCEEDED); a document that does
 * not follow its type's syntax is MalformedPolicyDocumentException.
 */
export function checkContent(content: string, type: string): void {
  const management = managementPolicyType(type);
  if (management !== undefined) {
    if (content.length > management.maxCharacters) throw contentLimitExceeded();
    const checked = checkManagementPolicy(content, type);
    if (!checked.ok) throw malformed(checked.message);
    return;
  }
  const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
  if (policySize(content, POLICY_SIZE_LIMITS[kind].countsWhitespace) > ORGANIZATION_QUOTAS.policyContent) throw contentLimitExceeded();
  const parsed = parsePolicy(content, kind);
  if (!parsed.ok) throw malformed(parsed.errors[0]?.message);
}

const contentLimitExceeded = () => orgErrors.constraint('POLICY_CONTENT_LIMIT_EXCEEDED', 'You attempted to create a policy larger than the maximum size.');
const malformed = (problem: string | undefined) =>
  new ServiceError('MalformedPolicyDocumentException', problem ?? 'The provided policy document does not meet the requirements of the specified policy type.');

/** For `authorize`: the ARN of a policy id in the caller's organization (`*` when unknown). */
export async function policyResource(
  ctx: OperationContext,
  org: OrganizationRecord | undefined,
  policyId: string,
): Promise<{ arn: string; policy?: OrgPolicyRecord }> {
  if (org === undefined) return { arn: '*' };
  const policy = await ctx.store.organizationPolicies.get(org.id, policyId);
  return policy === undefined ? { arn: '*' } : { arn: policyArnOf(org, policy), policy };
}

function byId(action: string) {
  return async (input: { PolicyId: string }, ctx: OperationContext) => {
    const org = await peekScope(ctx);
    const { arn, policy } = await policyResource(ctx, org, input.PolicyId);
    return [orgNeed(action, arn, ctx, policy !== undefined ? { 'organizations:PolicyType': policy.type } : undefined)];
  };
}

export const CreatePolicy = defineOperation<{ Content: string; Description: string; Name: string; Type: string; Tags?: Tag[] }>({
  service: 'organizations',
  name: 'CreatePolicy',
  readOnly: false,
  // AWS: CreatePolicy acts on a policy (Service Authorization Reference); the new policy's ARN
  // with `*` for its ID not yet made, so a delegation policy can grant `…:policy/o-…/backup_policy/*`.
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    const arn = org === undefined ? '*' : organizationPolicyArn(org.managementAccountId, org.id, input.Type, '*', false);
    return [orgNeed('CreatePolicy', arn, ctx, { 'organizations:PolicyType': input.Type, ...requestTagContext(input.Tags) })];
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    requireSupportedType(input.Type);
    checkTags(input.Tags ?? []);
    checkContent(input.Content, input.Type);
    if ((await ctx.store.organizationPolicies.findByName(org.id, input.Type, input.Name)) !== undefined) throw orgErrors.duplicatePolicy();
    if ((await ctx.store.organizationPolicies.list(org.id, input.Type)).length >= ORGANIZATION_QUOTAS.policiesPerType) {
      throw orgErrors.constraint('POLICY_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the number of policies that you can have in an organization.');
    }
    const policy: OrgPolicyRecord = {
      organizationId: org.id,
      id: newOrganizationPolicyId(),
      type: input.Type,
      name: input.Name,
      description: input.Description,
      content: input.Content,
      awsManaged: false,
    };
    await ctx.store.organizationPolicies.create(policy);
    if (input.Tags !== undefined) await ctx.store.organizationPolicies.putTags(org.id, policy.id, input.Tags);
    return { Policy: { PolicySummary: policySummary(org, policy), Content: policy.content } };
  },
});

export const DescribePolicy = defineOperation<{ PolicyId: string }>({
  service: 'organizations',
  name: 'DescribePolicy',
  readOnly: true,
  authorize: byId('DescribePolicy'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const policy = await requirePolicy(ctx, org, input.PolicyId);
    return { Policy: { PolicySummary: policySummary(org, policy), Content: policy.content } };
  },
});

/** AWS: API_UpdatePolicy — AWS managed policies cannot change; a change applies to every target at once. */
export const UpdatePolicy = defineOperation<{ PolicyId: string; Name?: string; Description?: string; Content?: string }>({
  service: 'organizations',
  name: 'UpdatePolicy',
  readOnly: false,
  authorize: byId('UpdatePolicy'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const policy = await requirePolicy(ctx, org, input.PolicyId);
    if (policy.awsManaged) throw orgErrors.awsManaged();
    if (input.Content !== undefined) checkContent(input.Content, policy.type);
    if (input.Name !== undefined && input.Name !== policy.name) {
      if ((await ctx.store.organizationPolicies.findByName(org.id, policy.type, input.Name)) !== undefined) throw orgErrors.duplicatePolicy();
    }
    const next = { ...policy, name: input.Name ?? policy.name, description: input.Description ?? policy.description, content: input.Content ?? policy.content };
    await ctx.store.organizationPolicies.update(org.id, policy.id, next);
    return { Policy: { PolicySummary: policySummary(org, next), Content: next.content } };
  },
});

/** AWS: API_DeletePolicy — refused while attached anywhere (PolicyInUseException). */
export const DeletePolicy = defineOperation<{ PolicyId: string }>({
  service: 'organizations',
  name: 'DeletePolicy',
  readOnly: false,
  authorize: byId('DeletePolicy'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const policy = await requirePolicy(ctx, org, input.PolicyId);
    if (policy.awsManaged) throw orgErrors.awsManaged();
    if ((await ctx.store.organizationPolicies.targetsOf(org.id, policy.id)).length > 0) throw orgErrors.policyInUse();
    await ctx.store.organizationPolicies.delete(org.id, policy.id);
    await ctx.store.organizationPolicies.deleteTags(org.id, policy.id);
    return {};
  },
});

export const ListPolicies = defineOperation<{ Filter: string; NextToken?: string; MaxResults?: number }>({
  service: 'organizations',
  name: 'ListPolicies',
  readOnly: true,
  authorize: (input, ctx) => [orgNeed('ListPolicies', '*', ctx, { 'organizations:PolicyType': input.Filter })],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const page = paginate(
      (await ctx.store.organizationPolicies.list(org.id, input.Filter)).map((p) => policySummary(org, p)),
      input,
    );
    return { Policies: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const policyOperations: Operation[] = [CreatePolicy, DescribePolicy, UpdatePolicy, DeletePolicy, ListPolicies];
