/**
 * Authentication and authorization: who a request is from (the credential resolvers of
 * `authenticate/`, the identity providers of `federation/`, SigV4 in `sigv4/`), which policies
 * apply to it (`policies/`, the one gatherer, and `resourceRules/`) and whether they allow it
 * (`authorize.ts`). Others import through this file; `analysis/` imports `policies/` alone, which
 * reads no store.
 */
export {
  AccessKeyCache,
  CurrentPrincipals,
  LastUsedTracker,
  accessKeyResolver,
  checkedPayload,
  postPolicyResolver,
  sessionTokenResolver,
  consoleSessionResolver,
  consoleCsrfToken,
  consoleScopeServiceOf,
  consoleSessionId,
  consoleSessionKey,
  CONSOLE_COOKIE,
  CONSOLE_CSRF_HEADER,
  CONSOLE_SECURE_COOKIE,
  CONSOLE_SERVICE_HEADER,
  x509CertificateResolver,
  tlsClientCertificateResolver,
  workloadTokenHash,
  workloadTokenResolver,
  ssoBearerTokenResolver,
  SSO_BEARER_HEADER,
  type CredentialResolver,
  type PresentedCredential,
} from './authenticate/index.js';
export { authorize, type AuthorizationOutcome, type PolicySource } from './authorize.js';
export { decodeAuthorizationMessage, encodeAuthorizationMessage } from './encodedMessage.js';
export {
  OidcKeyCache,
  SamlSignatureError,
  invalidToken,
  nameQualifier,
  oidcConditionKeys,
  oidcProviderForIssuer,
  oidcProviderUrl,
  readSamlAssertion,
  samlConditionKeys,
  samlProviderTrust,
  tokenSourceIdentity,
  tokenTags,
  unverifiedIssuer,
  verifyIdToken,
  verifySamlResponse,
  type OidcSettings,
  type SamlAssertionFacts,
  type VerifiedSamlResponse,
} from './federation/index.js';
export type { AuthorizationNeed, ContextValue } from './need.js';
export { PolicyGatherer, type GatheredPolicy, type GuardrailFacts, type OrganizationPathFacts, type ManagedPolicyFacts } from './policies/index.js';
export { sessionCallRestriction } from './sessionRestrictions.js';
export { SessionTokenCache, sealSessionToken, type SessionClaims } from './sessionToken.js';
export { scopeServiceOf, unsignedPayloadCheck } from './sigv4/index.js';
export { gathererOver, StorePolicyReader, storePolicyGatherer } from './storePolicyReader.js';
export {
  KeyUsageFlags,
  TrustAnchorCache,
  isCertificateAuthority,
  isEndEntity,
  parseCertificate,
  parsePemBundle,
  strongSignature,
  toPem,
  issuedBy,
  trustedCrl,
  verifyChain,
  type ParsedCertificate,
} from './x509/index.js';
