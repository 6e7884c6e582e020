/**
 * SigV4 request authentication, in two pure steps: `parseSigV4` (envelope, shape, time) and,
 * after the caller has found the secret for the access key, `verifySigV4` (signature, payload).
 * No I/O, no storage, no clock of its own.
 */
export type {
  ExpectedScope,
  HttpRequestParts,
  ParseSigV4Options,
  SigV4Parsed,
  StreamingPayloadMode,
  VerifiedPayload,
  VerifySigV4Options,
} from './types.js';
export { MAX_PRESIGN_EXPIRES, parseSigV4, scopeServiceOf } from './parse.js';
export { computeSigV4, unsignedPayloadCheck, verifySigV4, verifySigV4Signature } from './verify.js';
export type { IncrementalPayload, PayloadCheck, SigV4Computation } from './verify.js';
export { checkSigV4Scope } from './credentialScope.js';
export { decodeAwsChunked } from './chunked.js';
export { signingKeyCacheStats, resetSigningKeyCache } from './signingKey.js';
export { parsePostPolicy, verifyPostPolicy, type PostPolicyEnvelope } from './postPolicy.js';
export { canonicalQuery, canonicalRequest, canonicalUri, credentialScope, parseQuery, uriEncode } from './canonical.js';
export { MAX_X509_CHAIN, X509_ALGORITHMS, parseX509SigV4, verifyX509SigV4, x509Algorithm, x509StringToSign, type X509SigV4Parsed } from './x509.js';
