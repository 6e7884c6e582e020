export { ID_PREFIX, newUniqueId, newSshPublicKeyId, newSigningCertificateId, UNIQUE_ID_PATTERN, newAccessKeyId, accountOfAccessKeyId, newSecretAccessKey, newAccountId, ACCOUNT_ID_PATTERN, ACCESS_KEY_ID_PATTERN, SECRET_ACCESS_KEY_PATTERN } from './ids.js';
export { PARTITION, parseArn, rootArn, iamArn, assumedRoleArn, federatedUserArn } from './arn.js';
export type { ParsedArn } from './arn.js';
export { ANONYMOUS } from './principal.js';
export type { FederatedCaller, Principal, PrincipalType, SessionFacts } from './principal.js';
export { DEFAULT_IAM_QUOTAS, resolveQuotas } from './quotas.js';
export type { IamQuotas } from './quotas.js';
export { hasReservedTagPrefix, reservedTag, reservedTagMessage } from './tags.js';
