import { ServiceError } from '../../errors.js';
import { checkManagementPolicy, effectiveManagementPolicy } from '../../model/index.js';
import { entityKindOf } from '../../model/index.js';
import type { OrganizationRecord } from '../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { callerScope, delegatedByPolicy, peekScope } from './organizationScope.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { isDelegatedAdministrator } from './delegations.js';
import { memberAccount, rootOf } from './entities.js';
import { throughDelegationPolicy } from './resourcePolicy.js';
import { entityResource } from './units.js';

const notFound = () =>
  new ServiceError(
    'EffectivePolicyNotFoundException',
    "If you ran the action on the management account, this policy type is not enabled. If you ran the action on a member account, the account doesn't have an effective policy of this type.",
  );

/**
 * AWS: API_DescribeEffectivePolicy — the effective management policy of one account: what it
 * inherits from the root and its OUs merged with what is attached to it (management policies
 * apply to the management account too). Any account of the organization may ask for its own;
 * the management account, delegated administrators of AWS services and member accounts the
 * delegation policy allows may name another account (`TargetId`).
 * A root or OU as the target is not supported (InvalidInputException TARGET_NOT_SUPPORTED);
 * SCPs and RCPs have no effective policy: the model's EffectivePolicyType leaves them out, so the
 * request is refused before it gets here (InvalidInputException INVALID_ENUM).
 */
export const DescribeEffectivePolicy = defineOperation<{ PolicyType: string; TargetId?: string }>({
  service: 'organizations',
  name: 'DescribeEffectivePolicy',
  readOnly: true,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    const needs = [
      orgNeed('DescribeEffectivePolicy', entityResource(org, input.TargetId ?? ctx.principal.accountId), ctx, { 'organizations:PolicyType': input.PolicyType }),
    ];
    // Another account's effective policy: a member account needs the delegation policy too.
    return input.TargetId === undefined || input.TargetId === ctx.principal.accountId ? needs : throughDelegationPolicy(ctx, needs, true);
  },
  handle: async (input, ctx) => {
    const scope = await callerScope(ctx);
    const targetId = input.TargetId ?? scope.account.id;
    const kind = entityKindOf(targetId);
    if (kind === 'ROOT' || kind === 'ORGANIZATIONAL_UNIT')
      throw orgErrors.invalid('TARGET_NOT_SUPPORTED', "You can't perform the specified operation on that target entity.");
    const account = kind === 'ACCOUNT' ? await memberAccount(ctx, scope.org, targetId) : undefined;
    if (account === undefined) throw orgErrors.targetNotFound();
    if (
      account.id !== scope.account.id &&
      !scope.isManagement &&
      !delegatedByPolicy(ctx) &&
      !(await isDelegatedAdministrator(ctx, scope.org, scope.account.id))
    ) {
      throw orgErrors.accessDenied();
    }
    const effective = await effectivePolicyOf(ctx, scope.org, account.id, account.parentId, input.PolicyType);
    if (effective === undefined) throw notFound();
    return {
      EffectivePolicy: {
        PolicyContent: JSON.stringify(effective.document),
        LastUpdatedTimestamp: new Date(effective.updatedAt),
        TargetId: account.id,
        PolicyType: input.PolicyType,
      },
    };
  },
});

/**
 * The account's effective policy of a type and when it last changed (the latest update or
 * attachment of a policy it merges); undefined when the type is not enabled or no policy of it
 * applies.
 */
async function effectivePolicyOf(ctx: OperationContext, org: OrganizationRecord, accountId: string, parentId: string | null, type: string) {
  const root = await rootOf(ctx, org);
  if (!root.policyTypes.includes(type)) return undefined;
  const units = parentId === null ? [] : ((await ctx.store.organizations.unitPath(org.id, parentId)) ?? []);
  let updatedAt = '';
  const levels = [];
  for (const target of [...units.map((u) => u.id), accountId]) {
    const level = [];
    for (const { policy, attachedAt } of await ctx.store.organizationPolicies.attachedPolicies(org.id, target, type)) {
      const checked = checkManagementPolicy(policy.content, type);
      if (!checked.ok) continue;
      level.push(checked.document);
      for (const at of [attachedAt, policy.updatedAt ?? '']) if (at > updatedAt) updatedAt = at;
    }
    levels.push(level);
  }
  const document = effectiveManagementPolicy(type, levels);
  return document === undefined ? undefined : { document, updatedAt };
}

export const effectivePolicyOperations: Operation[] = [DescribeEffectivePolicy];
