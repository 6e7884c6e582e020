export { grantsOf, unionOf, type Grants } from './grants.js';
export {
  identityDocuments,
  unusedAccessFindings,
  unusedPermissionDetails,
  type ActionUse,
  type UnusedAccessEntity,
  type UnusedAccessFinding,
  type UnusedAccessOptions,
  type UnusedAccessRole,
  type UnusedAccessUser,
  type UnusedFindingType,
} from './unusedAccess.js';
export { recommendedSteps, unusedPermissionsOf, type EntityPolicy, type RecommendedStep, type UnusedPermissions } from './recommendations.js';
