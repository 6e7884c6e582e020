import { actionPattern } from './actionPatterns.js';
import { Budget, BudgetExhausted } from './budget.js';
import { documentKind, type CheckOptions } from './noNewAccess.js';
import { readPolicy, type PolicyRegions } from './policyRegions.js';
import { coveredBy, intersect, RegionContext, type Region } from './regions.js';
import { checkResult, type FailingStatement } from './results.js';
import { resourcePattern } from './stringPatterns.js';
import { CheckInputError, type AccessCheckPolicyType, type AccessSpec, type CheckResult } from './types.js';

/**
 * CheckAccessNotGranted: PASS when the policy allows no request of the listed access.
 * AWS: Access Analyzer API reference, CheckAccessNotGranted — "If only actions are specified, IAM
 * Access Analyzer checks for access to perform at least one of the actions on any resource in the
 * policy. If only resources are specified, then IAM Access Analyzer checks for access to perform
 * any action on at least one of the resources. If both actions and resources are specified, IAM
 * Access Analyzer checks for access to perform at least one of the specified actions on at least
 * one of the specified resources." Listed actions and resources are read as Action and Resource
 * entries are (wildcards included). `access` holds at most one entry (the model's limit).
 *
 * An Allow statement grants none of the access when the requests of both it and the access lie
 * within the policy's Deny statements (most often: there are none).
 * Throws CheckInputError for a document that is not a policy of the type, or an empty `access`.
 */
export function checkAccessNotGranted(
  policyDocument: string,
  access: readonly AccessSpec[],
  policyType: AccessCheckPolicyType,
  options: CheckOptions = {},
): CheckResult {
  const policy = readPolicy(policyDocument, 'policyDocument', documentKind(policyType));
  const region = accessRegion(access);
  return checkResult('accessNotGranted', grantedAccess(policy, region, options.budget ?? new Budget()));
}

/** The requests of the access list, or CheckInputError when it lists nothing. */
export function accessRegion(access: readonly AccessSpec[]): Region {
  const entry = access[0];
  const actions = entry?.actions ?? [];
  const resources = entry?.resources ?? [];
  if (entry === undefined || (actions.length === 0 && resources.length === 0)) {
    throw new CheckInputError('access', 'the access entry must list at least one action or resource');
  }
  return {
    actions: actions.length === 0 ? [] : [{ kind: 'in', items: actions.map(actionPattern) }],
    // Listed resources are patterns as in a Resource element; policy variables are literal text.
    resources: resources.length === 0 ? [] : [{ kind: 'in', items: resources.map((r) => resourcePattern(r, false)) }],
    principals: [],
    facts: [],
  };
}

/** The Allow statements of `policy` that might allow a request of `access`. */
export function grantedAccess(policy: PolicyRegions, access: Region, budget: Budget): FailingStatement[] {
  const ctx = new RegionContext(budget);
  const denies = policy.denies.map((d) => d.region);
  const failing: FailingStatement[] = [];
  for (const allow of policy.allows) {
    let denied = false;
    if (!budget.exhausted) {
      try {
        denied = coveredBy(ctx, intersect(allow.region, access), denies);
      } catch (err) {
        if (!(err instanceof BudgetExhausted)) throw err;
      }
    }
    if (!denied) failing.push({ index: allow.index, sid: allow.sid });
  }
  return failing;
}
