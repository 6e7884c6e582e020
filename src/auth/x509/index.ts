/**
 * X.509 certificates as credentials: parsing (`@peculiar/x509` for names and extensions, Node's
 * `crypto` for keys and signatures), the path to a trust anchor with revocation by imported CRLs,
 * the principal tags and source identity Roles Anywhere derives from a certificate, and the trust
 * anchors the resolver checks against (cached, dropped on change).
 */
export {
  KeyUsageFlags,
  isCertificateAuthority,
  isEndEntity,
  parseCertificate,
  parsePemBundle,
  strongSignature,
  toPem,
  type ParsedCertificate,
} from './certificate.js';
export { issuedBy, trustedCrl, verifyChain, type ChainFailure, type ChainResult, type TrustedCrl } from './chain.js';
export { TrustAnchorCache, type LoadedTrustAnchor } from './trustAnchors.js';
