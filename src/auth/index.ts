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
  sessionTokenResolver,
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
export { PolicyGatherer, type GatheredPolicy } from './policies/index.js';
export { sessionCallRestriction } from './sessionRestrictions.js';
export { SessionTokenCache, sealSessionToken, type SessionClaims } from './sessionToken.js';
export { scopeServiceOf } from './sigv4/index.js';
export { gathererOver, storePolicyGatherer } from './storePolicyReader.js';
