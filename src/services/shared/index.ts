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
  organizationList,
  organizationValue,
  saveServiceAccess,
  serviceAccess,
  type Delegation,
  type OrgScope,
  type StoreScope,
} from './organizationFacts.js';
export { passRoleNeed } from './passRole.js';
export { bindPolicyPrincipals, principalDeleted, principalRenamed, unbindPolicy } from './principalBindings.js';
export { requestTagContext, resourceTagContext } from './tagContext.js';
export { hashPassword, verifyPassword } from './passwordHashes.js';
export {
  SSO_SERVICE_PRINCIPAL,
  DEFAULT_INSTANCE_SETTINGS,
  SAML_AUDIENCE,
  createIdentityCenterInstance,
  ensureOrganizationInstance,
  identityStoreArn,
  instanceArn,
  instanceRoleOf,
  instanceSamlMetadata,
  instancesOf,
  permissionSetArn,
  samlEntityId,
  samlProviderArn,
  samlProviderName,
  ssoAccountArn,
  type InstanceRole,
  type NewInstanceRequest,
} from './identityCenter.js';
export { deleteRoleRecord } from './roleRecords.js';
export {
  RESERVED_INLINE_POLICY,
  customerPolicyArn,
  deprovisionPermissionSet,
  durationSeconds,
  isReservedSsoRole,
  permissionSetIdOf,
  provisionPermissionSet,
  removeAssignment,
  removePrincipalAssignments,
  reservedRoleName,
  reservedRolePath,
  reservedTrustPolicy,
  type ProvisionOutcome,
} from './permissionSetRoles.js';
export { readIdpMetadata } from './samlIdpMetadata.js';
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
