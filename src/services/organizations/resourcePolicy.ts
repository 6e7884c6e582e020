import { ServiceError } from '../../errors.js';
import { newResourcePolicyId, resourcePolicyArn } from '../../model/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { OrganizationRecord } from '../../store/index.js';
import { requestTagContext } from '../shared/index.js';
import { defineOperation, type AuthorizationNeed, type Operation, type OperationContext } from '../operation.js';
import { managementScope, peekScope } from './organizationScope.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { findCallerScope, organizationResourcePolicy, type OrgScope, type StoredResourcePolicy } from '../shared/index.js';
import { isDelegatedAdministrator, readScope } from './delegations.js';
import { checkTags } from './tags.js';

type Tag = { Key: string; Value: string };

const stored = organizationResourcePolicy;
export const loadResourcePolicy = stored.load;
const RESOURCE_POLICY_MAX_LENGTH = 40_000;

/** Removes the organization's resource policy and its tags (DeleteResourcePolicy, DeleteOrganization). */
export async function deleteResourcePolicy(ctx: OperationContext, orgId: string): Promise<StoredResourcePolicy | undefined> {
  const policy = await loadResourcePolicy(ctx, orgId);
  if (policy === undefined) return undefined;
  await stored.save(ctx, orgId, undefined);
  await ctx.store.organizationPolicies.deleteTags(orgId, policy.id);
  return policy;
}

const notFound = () => new ServiceError('ResourcePolicyNotFoundException', "We can't find a resource policy request with the parameter that you specified.");

function output(org: OrganizationRecord, policy: StoredResourcePolicy) {
  return {
    ResourcePolicy: { ResourcePolicySummary: { Id: policy.id, Arn: resourcePolicyArn(org.managementAccountId, org.id, policy.id) }, Content: policy.content },
  };
}

/** For `authorize`: the ARN of the organization's resource policy (`*` when there is none). */
export async function resourcePolicyResource(ctx: OperationContext, org: OrganizationRecord | undefined): Promise<string> {
  const policy = org === undefined ? undefined : await loadResourcePolicy(ctx, org.id);
  return org === undefined || policy === undefined ? '*' : resourcePolicyArn(org.managementAccountId, org.id, policy.id);
}

/**
 * AWS: a resource-based policy in the IAM policy language (Principal required) of up to 40,000
 * characters (API_PutResourcePolicy `Content`); a principal that is not one is
 * InvalidInputException INVALID_PRINCIPAL, any other grammar error MalformedPolicyDocumentException
 * naming it.
 */
function checkResourcePolicy(content: string): void {
  const parsed = parsePolicy(content, 'resource', { maxLength: RESOURCE_POLICY_MAX_LENGTH });
  if (parsed.ok) return;
  const first = parsed.errors[0];
  if (first?.issue.includes('PRINCIPAL'))
    throw orgErrors.invalid('INVALID_PRINCIPAL', `You specified an invalid principal element in the policy: ${first.message}`);
  throw new ServiceError(
    'MalformedPolicyDocumentException',
    first?.message ?? 'The provided policy document does not meet the requirements of a resource policy.',
  );
}

/**
 * AWS: API_PutResourcePolicy — creates or replaces the organization's resource policy (its
 * delegation policy, orgs_delegate_policies); only the management account. The policy keeps its
 * ID when replaced; Tags are attached to it (on a replacement too).
 */
export const PutResourcePolicy = defineOperation<{ Content: string; Tags?: Tag[] }>({
  service: 'organizations',
  name: 'PutResourcePolicy',
  readOnly: false,
  authorize: async (input, ctx) => [orgNeed('PutResourcePolicy', await resourcePolicyResource(ctx, await peekScope(ctx)), ctx, requestTagContext(input.Tags))],
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const existing = await loadResourcePolicy(ctx, org.id);
    checkTags(input.Tags ?? [], existing === undefined ? [] : await ctx.store.organizationPolicies.tags(org.id, existing.id));
    checkResourcePolicy(input.Content);
    const policy: StoredResourcePolicy = { id: existing?.id ?? newResourcePolicyId(), content: input.Content };
    await stored.save(ctx, org.id, policy);
    if (input.Tags !== undefined && input.Tags.length > 0) await ctx.store.organizationPolicies.putTags(org.id, policy.id, input.Tags);
    return output(org, policy);
  },
});

/** AWS: API_DescribeResourcePolicy — the management account or a delegated administrator; none is ResourcePolicyNotFoundException. */
export const DescribeResourcePolicy = defineOperation<Record<string, never>>({
  service: 'organizations',
  name: 'DescribeResourcePolicy',
  readOnly: true,
  authorize: async (_input, ctx) => [orgNeed('DescribeResourcePolicy', await resourcePolicyResource(ctx, await peekScope(ctx)), ctx)],
  handle: async (_input, ctx) => {
    const { org } = await readScope(ctx);
    const policy = await loadResourcePolicy(ctx, org.id);
    if (policy === undefined) throw notFound();
    return output(org, policy);
  },
});

/** AWS: API_DeleteResourcePolicy — only the management account; none is ResourcePolicyNotFoundException. */
export const DeleteResourcePolicy = defineOperation<Record<string, never>>({
  service: 'organizations',
  name: 'DeleteResourcePolicy',
  readOnly: false,
  authorize: async (_input, ctx) => [orgNeed('DeleteResourcePolicy', await resourcePolicyResource(ctx, await peekScope(ctx)), ctx)],
  handle: async (_input, ctx) => {
    const { org } = await managementScope(ctx);
    if ((await deleteResourcePolicy(ctx, org.id)) === undefined) throw notFound();
    return {};
  },
});

/**
 * The actions a delegation policy can grant member accounts, as far as Gatehouse reserves them
 * for the management account or delegated administrators. AWS: orgs_delegate_policies
 * ("Supported delegation policy actions"); DescribeOrganization, DescribeEffectivePolicy (of the
 * caller's own account), DescribeHandshake and ListHandshakesForAccount are open to every member
 * account already, so they never go through the delegation policy.
 */
const DELEGABLE: ReadonlySet<string> = new Set([
  'AttachPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'DescribeAccount',
  'DescribeCreateAccountStatus',
  'DescribeOrganizationalUnit',
  'DescribePolicy',
  'DescribeResourcePolicy',
  'DetachPolicy',
  'DisablePolicyType',
  'EnablePolicyType',
  'ListAccounts',
  'ListAccountsForParent',
  'ListAWSServiceAccessForOrganization',
  'ListChildren',
  'ListCreateAccountStatus',
  'ListDelegatedAdministrators',
  'ListDelegatedServicesForAccount',
  'ListHandshakesForOrganization',
  'ListOrganizationalUnitsForParent',
  'ListParents',
  'ListPolicies',
  'ListPoliciesForTarget',
  'ListRoots',
  'ListTagsForResource',
  'ListTargetsForPolicy',
  'TagResource',
  'UntagResource',
  'UpdatePolicy',
]);

/**
 * A delegable operation whose caller is a member account authorizes through the organization's
 * delegation policy: each need is a request to the management account's organization, which
 * AWS's logic allows only when the caller's IAM policies and the delegation policy both allow it
 * (orgs_delegate_policies: "you must grant roles and users in the delegated administrator account
 * the corresponding IAM permissions"). Without a delegation policy, or for a delegated
 * administrator of an AWS service reading the organization, the needs stay as they are.
 */
export function withDelegationPolicy(op: Operation): Operation {
  if (!DELEGABLE.has(op.name)) return op;
  return {
    ...op,
    authorize: async (input, ctx) => {
      const needs = await op.authorize(input, ctx);
      return needs === null ? needs : throughDelegationPolicy(ctx, needs, op.readOnly);
    },
  };
}

/** The needs of a member account's call as requests the delegation policy must also allow (see `withDelegationPolicy`). */
export async function throughDelegationPolicy(
  ctx: OperationContext,
  needs: readonly AuthorizationNeed[],
  readOnly: boolean,
): Promise<readonly AuthorizationNeed[]> {
  if (needs.length === 0) return needs;
  const scope = await memberScope(ctx);
  if (scope === undefined || (readOnly && (await isDelegatedAdministrator(ctx, scope.org, scope.account.id)))) return needs;
  const policy = await loadResourcePolicy(ctx, scope.org.id);
  if (policy === undefined) return needs;
  const resourcePolicy = { arn: resourcePolicyArn(scope.org.managementAccountId, scope.org.id, policy.id), document: policy.content };
  return needs.map((need) => ({ ...need, resourceAccountId: scope.org.managementAccountId, resourcePolicy }));
}

/** The caller's organization when the caller is one of its member accounts (not its management account). */
async function memberScope(ctx: OperationContext): Promise<OrgScope | undefined> {
  const scope = await findCallerScope(ctx);
  return scope?.isManagement === false ? scope : undefined;
}

export const resourcePolicyOperations: Operation[] = [PutResourcePolicy, DescribeResourcePolicy, DeleteResourcePolicy];
