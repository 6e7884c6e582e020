export { readRole, readRoleTags, readUser, readUserTags } from './callReads.js';
export { consecutiveCodesStep, verifyMfaCode } from './mfaCodes.js';
export {
  delegations,
  findCallerScope,
  hasServiceAccess,
  isDelegatedAdministrator,
  organizationResourcePolicy,
  type StoredResourcePolicy,
  saveDelegations,
  type Delegation,
  organizationList,
  organizationValue,
  saveServiceAccess,
  serviceAccess,
  type OrgScope,
} from './organizationFacts.js';
export { passRoleNeed } from './passRole.js';
export { bindPolicyPrincipals, principalDeleted, principalRenamed, unbindPolicy } from './principalBindings.js';
export { requestTagContext, resourceTagContext } from './tagContext.js';
export { blockConfiguration } from './publicAccessBlock.js';
export { findRole, noteRoleUse, roleSessionPrincipal } from './roleSessions.js';
export { issueCredentials, requireLongTermCredentials, ROOT_MAX_DURATION_SECONDS, userSessionDuration, userTags } from './sessionCredentials.js';
export type { CredentialsOutput, SessionFacts } from './sessionCredentials.js';
export {
  checkPackedSize,
  checkPolicyArns,
  checkSessionPolicy,
  invalidParameter,
  MAX_SESSION_POLICY_ARNS,
  PACKED_POLICY_BUDGET,
  PACKED_TAGS_BUDGET,
  packedSize,
  sessionTagRecord,
} from './sessionInputs.js';
export type { PackedSize, PolicyDescriptor, TagInput } from './sessionInputs.js';
export { issueServiceSession, serviceSessionNeeds, type ServiceSession, type ServiceSessionAsk } from './serviceRoleSessions.js';
