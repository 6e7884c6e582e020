import { parseSigV4 } from '../sigv4/index.js';
import type { HttpRequestParts, SigV4Parsed } from '../sigv4/index.js';

const parsed = new WeakMap<HttpRequestParts, SigV4Parsed | null>();

/**
 * The request's SigV4 envelope, parsed once per request however many resolvers ask (the access
 * key and session token resolvers both read it); null when the request carries no SigV4
 * authentication. Throws `ServiceError` for a malformed or expired envelope.
 */
export function sigV4Envelope(request: HttpRequestParts, now: Date): SigV4Parsed | null {
  if (parsed.has(request)) return parsed.get(request)!;
  const envelope = parseSigV4(request, now);
  parsed.set(request, envelope);
  return envelope;
}
