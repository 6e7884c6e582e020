export { readRole, readRoleTags, readUser, readUserTags } from './callReads.js';
export { consecutiveCodesStep, verifyMfaCode } from './mfaCodes.js';
export {
  findCallerScope,
  hasServiceAccess,
  organizationList,
  organizationValue,
  saveServiceAccess,
  serviceAccess,
  delegatedAdministrators,
  saveDelegatedAdministrators,
  isDelegatedAdministratorFor,
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
export { findRole, issueCredentials, noteRoleUse, roleSessionPrincipal, type CredentialsOutput, type SessionFacts } from './roleSessions.js';
export { readIdpMetadata } from './samlIdpMetadata.js';
