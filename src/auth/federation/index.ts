export { OidcKeyCache, type OidcSettings } from './oidcKeys.js';
export { invalidToken, oidcConditionKeys, tokenSourceIdentity, tokenTags, unverifiedIssuer, verifyIdToken } from './oidcToken.js';
export { oidcProviderForIssuer, oidcProviderUrl, samlProviderTrust } from './providers.js';
export { nameQualifier, readSamlAssertion, samlConditionKeys, type SamlAssertionFacts } from './samlAssertion.js';
export { SamlSignatureError, verifySamlResponse, type VerifiedSamlResponse } from './samlSignature.js';
