import type { AuthorizationNeed } from '../need.js';
import { BUCKET_POLICY } from './bucketPolicy.js';
import { ORGANIZATIONS_DELEGATION } from './organizationsDelegation.js';
import { ROLE_TRUST } from './roleTrust.js';
import type { ResourceRule } from './rule.js';

export type { ResourceRule, ResourcePolicyOutcome, ResourceRuleTools } from './rule.js';
export { ROLE_TRUST, TRUST_ACTIONS } from './roleTrust.js';
export { ORGANIZATIONS_DELEGATION } from './organizationsDelegation.js';
export { BUCKET_POLICY, bucketOf } from './bucketPolicy.js';

/**
 * Every kind of resource-based policy Gatehouse evaluates, in one list: adding a service with
 * resource policies (an S3 bucket policy, …) is one rule file and one entry here.
 */
export const RESOURCE_RULES: readonly ResourceRule[] = [ROLE_TRUST, ORGANIZATIONS_DELEGATION, BUCKET_POLICY];

/** The rule that governs a need, if any. */
export function resourceRuleFor(need: AuthorizationNeed): ResourceRule | undefined {
  return RESOURCE_RULES.find((rule) => rule.governs(need));
}
