export { checkNoNewAccess, newAccess, documentKind, type CheckOptions } from './noNewAccess.js';
export { checkAccessNotGranted, accessRegion, grantedAccess } from './accessNotGranted.js';
export { checkNoPublicAccess, excludesOutsiders, publicStatements } from './noPublicAccess.js';
export { factOf, type Fact } from './conditionFacts.js';
export { principalItems, PUBLIC_IDENTITY_PROVIDERS, type PrincipalItem } from './principalSets.js';
export { PUBLIC_ACCESS_RULES, GLOBAL_LIMITING_KEYS, type PublicAccessRules } from './publicResourceTypes.js';
export { readPolicy, type DocumentKind, type PolicyRegions, type StatementRegion } from './policyRegions.js';
export { checkResult, type CheckName, type FailingStatement } from './results.js';
export { Budget, BudgetExhausted, DEFAULT_BUDGET_UNITS } from './budget.js';
export {
  ACCESS_CHECK_POLICY_TYPES,
  ACCESS_CHECK_RESOURCE_TYPES,
  CheckInputError,
  type AccessCheckPolicyType,
  type AccessCheckResourceType,
  type AccessSpec,
  type CheckResult,
  type ReasonSummary,
} from './types.js';
export { isPublicBucketPolicy } from './s3PublicPolicy.js';
