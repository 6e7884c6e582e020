export {
  ID_PREFIX,
  newUniqueId,
  newSshPublicKeyId,
  newSigningCertificateId,
  UNIQUE_ID_PATTERN,
  newAccessKeyId,
  accountOfAccessKeyId,
  newSecretAccessKey,
  newAccountId,
  canonicalUserId,
  ACCOUNT_ID_PATTERN,
  ACCESS_KEY_ID_PATTERN,
  SECRET_ACCESS_KEY_PATTERN,
} from './ids.js';
export { PARTITION, parseArn, rootArn, iamArn, assumedRoleArn, federatedUserArn } from './arn.js';
export type { ParsedArn } from './arn.js';
export { ANONYMOUS, servicePrincipal } from './principal.js';
export type { ConsoleSessionKind, FederatedCaller, Principal, PrincipalType, SessionFacts, WorkloadIdentity } from './principal.js';
export { CREDENTIAL_REPORT_COLUMNS, ROOT_ROW } from './credentialReport.js';
export { DEFAULT_IAM_QUOTAS, resolveQuotas } from './quotas.js';
export type { IamQuotas } from './quotas.js';
export { hasReservedTagPrefix, reservedTag, reservedTagMessage } from './tags.js';
export { checkManagementPolicy, effectiveManagementPolicy, managementPolicyType } from './managementPolicies.js';
export {
  BUILT_IN_POLICIES,
  DEFAULT_MEMBER_ROLE_NAME,
  ORGANIZATION_POLICY_TYPES,
  ORGANIZATION_QUOTAS,
  accountEntityArn,
  entityKindOf,
  handshakeArn,
  newCreateAccountRequestId,
  newHandshakeId,
  newOrganizationId,
  newOrganizationPolicyId,
  newOrganizationalUnitId,
  newResourcePolicyId,
  newRootId,
  organizationArn,
  organizationPath,
  organizationPolicyArn,
  ouArn,
  resourcePolicyArn,
  rootEntityArn,
  type OrganizationPolicyType,
} from './organization.js';
export { CODE_WINDOW_STEPS, ENABLE_WINDOW_STEPS, RESYNC_WINDOW_STEPS, matchCode, matchConsecutiveCodes, newTotpSeed, otpauthUri, totpStep } from './totp.js';
