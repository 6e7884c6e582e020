import { Budget, BudgetExhausted } from './budget.js';
import { readPolicy, type DocumentKind, type PolicyRegions } from './policyRegions.js';
import { coveredBy, intersect, RegionContext, type Region } from './regions.js';
import { checkResult, type FailingStatement } from './results.js';
import type { AccessCheckPolicyType, CheckResult } from './types.js';

/** Options of the checks (a smaller budget for tests). */
export interface CheckOptions {
  readonly budget?: Budget;
}

/** The document kind of an AccessCheckPolicyType. */
export function documentKind(policyType: AccessCheckPolicyType): DocumentKind {
  return policyType === 'IDENTITY_POLICY' ? 'identity' : 'resource';
}

/**
 * CheckNoNewAccess: PASS when every request the new policy allows, the existing policy allows too.
 * AWS: Access Analyzer API reference, CheckNoNewAccess ("If the result is FAIL, the updated policy
 * might allow new access"); the reasons name the new policy's statements that might.
 *
 * A request is allowed by a policy when one of its Allow statements applies and none of its Deny
 * statements does (the engine's reading of one policy). So an Allow statement A of the new policy
 * adds nothing when (1) every request of A is in an existing Allow or in a new Deny, and (2) for
 * each existing Deny D, every request of both A and D is in a new Deny. Both are proved region by
 * region (src/analysis/customChecks/regions.ts); what is not proved is answered FAIL.
 * Throws CheckInputError for a document that is not a policy of the type.
 */
export function checkNoNewAccess(
  newPolicyDocument: string,
  existingPolicyDocument: string,
  policyType: AccessCheckPolicyType,
  options: CheckOptions = {},
): CheckResult {
  const kind = documentKind(policyType);
  const updated = readPolicy(newPolicyDocument, 'newPolicyDocument', kind);
  const existing = readPolicy(existingPolicyDocument, 'existingPolicyDocument', kind);
  return checkResult('noNewAccess', newAccess(updated, existing, options.budget ?? new Budget()));
}

/** The Allow statements of `updated` that might allow a request `existing` does not. */
export function newAccess(updated: PolicyRegions, existing: PolicyRegions, budget: Budget): FailingStatement[] {
  const ctx = new RegionContext(budget);
  const newDenies = updated.denies.map((s) => s.region);
  const holders: Region[] = [...existing.allows.map((s) => s.region), ...newDenies];
  const failing: FailingStatement[] = [];
  for (const statement of updated.allows) {
    if (!grantsNothingNew(ctx, statement.region, holders, existing, newDenies)) failing.push({ index: statement.index, sid: statement.sid });
  }
  return failing;
}

function grantsNothingNew(ctx: RegionContext, allow: Region, holders: readonly Region[], existing: PolicyRegions, newDenies: readonly Region[]): boolean {
  if (ctx.budget.exhausted) return false;
  try {
    if (!coveredBy(ctx, allow, holders)) return false;
    return existing.denies.every((d) => coveredBy(ctx, intersect(allow, d.region), newDenies));
  } catch (err) {
    if (err instanceof BudgetExhausted) return false;
    throw err;
  }
}
