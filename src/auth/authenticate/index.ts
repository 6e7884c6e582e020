export type { CredentialResolver, PresentedCredential, Resolution, SigningVariant } from './resolver.js';
export { accessKeyResolver } from './accessKeys.js';
export { sessionTokenResolver } from './sessionTokens.js';
export { sigV4Envelope } from './sigv4Envelope.js';
export { CurrentPrincipals } from './currentPrincipals.js';
export { AccessKeyCache, type ResolvedCredential } from './accessKeyCache.js';
export { LastUsedTracker } from './lastUsed.js';
export { ssoBearerTokenResolver, SSO_BEARER_HEADER } from './ssoBearerTokens.js';
