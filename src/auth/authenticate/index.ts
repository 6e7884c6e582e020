export type { CredentialResolver, PresentedCredential, Resolution, SigningVariant } from './resolver.js';
export { accessKeyResolver } from './accessKeys.js';
export { sessionTokenResolver } from './sessionTokens.js';
export { sigV4Envelope } from './sigv4Envelope.js';
export { CurrentPrincipals } from './currentPrincipals.js';
export { AccessKeyCache, type ResolvedCredential } from './accessKeyCache.js';
export { LastUsedTracker } from './lastUsed.js';
export { x509CertificateResolver } from './x509Certificates.js';
export { workloadTokenHash, workloadTokenResolver } from './workloadTokens.js';
