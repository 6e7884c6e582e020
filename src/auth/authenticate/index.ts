export type { CredentialResolver, PresentedCredential, Resolution, SigningVariant } from './resolver.js';
export { accessKeyResolver } from './accessKeys.js';
export { postPolicyResolver } from './postPolicy.js';
export { sessionTokenResolver } from './sessionTokens.js';
export { sigV4Envelope } from './sigv4Envelope.js';
export { checkedPayload } from './payloadStream.js';
export { CurrentPrincipals } from './currentPrincipals.js';
export { AccessKeyCache, type ResolvedCredential } from './accessKeyCache.js';
export { LastUsedTracker } from './lastUsed.js';
export {
  consoleSessionResolver,
  consoleCsrfToken,
  consoleScopeServiceOf,
  consoleSessionId,
  consoleSessionKey,
  CONSOLE_COOKIE,
  CONSOLE_CSRF_HEADER,
  CONSOLE_SECURE_COOKIE,
  CONSOLE_SERVICE_HEADER,
} from './consoleSessions.js';
export { x509CertificateResolver } from './x509Certificates.js';
export { workloadTokenHash, workloadTokenResolver } from './workloadTokens.js';
export { tlsClientCertificateResolver } from './tlsClientCertificates.js';
export { ssoBearerTokenResolver, SSO_BEARER_HEADER } from './ssoBearerTokens.js';
