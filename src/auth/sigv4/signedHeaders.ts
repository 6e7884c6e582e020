/**
 * Which headers a SigV4 signature must cover. A header left out of `SignedHeaders` can be changed
 * or added by anyone who captured the request, for as long as the signature is accepted: an
 * unsigned `X-Amz-Target` re-aims a JSON-protocol request at another operation with the same
 * body, an unsigned `X-Amz-Security-Token` swaps the session. So every `x-amz-*` header present
 * must be signed, in both forms (a presigned URL's `X-Amz-SignedHeaders` too).
 *
 * AWS: SigV4 "Create a canonical request" (IAM User Guide) — "The canonical headers must include
 * … host … Any x-amz-* headers that you plan to include in your request must also be added", e.g.
 * `x-amz-security-token` with temporary credentials. S3 refuses an unsigned one with AccessDenied
 * "There were headers present in the request which were not signed" and a `HeadersNotSigned`
 * field (S3 API Reference, "Signature Calculations for the Authorization Header"); the other
 * services with SignatureDoesNotMatch (a JSON service's InvalidSignatureException)
 * "'<Header>' must be a 'SignedHeader' in the AWS Authorization.", the wording of their
 * "'Host' or ':authority' must be …".
 */
import { ServiceError } from '../../errors.js';
import type { HttpRequestParts } from './types.js';

/**
 * `x-amz-content-sha256` is exempt: its value is the canonical request's payload line, which the
 * signature covers whether or not the header is listed, and the payload is checked against it.
 */
const EXEMPT = 'x-amz-content-sha256';

/** The order unsigned headers are reported in, the ones clients always send first. */
const FIRST = ['x-amz-date', 'x-amz-target', 'x-amz-security-token'];

/** `x-amz-security-token` → `X-Amz-Security-Token`. */
function displayName(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** The `x-amz-*` headers present and not signed, most telling first. */
export function unsignedAmzHeaders(headers: HttpRequestParts['headers'], signedHeaders: readonly string[]): string[] {
  const unsigned: string[] = [];
  for (const name of Object.keys(headers)) {
    if (name.startsWith('x-amz-') && headers[name] !== undefined && name !== EXEMPT && !signedHeaders.includes(name)) unsigned.push(name);
  }
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return unsigned.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Refuses a request carrying an `x-amz-*` header its signature does not cover. */
export function checkSignedHeaders(headers: HttpRequestParts['headers'], signedHeaders: readonly string[], s3: boolean): void {
  const unsigned = unsignedAmzHeaders(headers, signedHeaders);
  if (unsigned.length === 0) return;
  if (s3) {
    throw new ServiceError('AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: unsigned.join(', ') });
  }
  throw new ServiceError('SignatureDoesNotMatch', `'${displayName(unsigned[0]!)}' must be a 'SignedHeader' in the AWS Authorization.`);
}
