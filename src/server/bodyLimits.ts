import type { IncomingHttpHeaders } from 'node:http';
import { scopeServiceOf } from '../auth/sigv4/index.js';
import { getServiceModel, identifyService } from '../protocol/index.js';
import type { ServiceName, WireRequest } from '../protocol/index.js';

/**
 * How large a request body may be, by the protocol it is in, decided from the request line and
 * headers before a byte of the body is read or decoded. AWS publishes no figure for IAM, STS,
 * Organizations or CloudTrail, so each limit is what the largest request the service models allow
 * can need, and a body past it can hold nothing valid:
 *
 * - query (IAM, STS): IAM's largest input is a SAML metadata document of 10,000,000 characters
 *   (CreateSAMLProvider, UpdateSAMLProvider), form-encoded at up to 3 bytes a character;
 * - JSON (Organizations, CloudTrail, and the rest-json services): Organizations' largest input is a
 *   policy of 100,000 characters, JSON-escaped at up to 6 bytes a character; CloudTrail's are smaller;
 * - S3 (rest-xml): object bodies, which only the server's overall limit bounds.
 */
export const QUERY_BODY_LIMIT = 32 * 1024 * 1024;
export const JSON_BODY_LIMIT = 1024 * 1024;

/** The service a request is for, as far as its line and headers tell, and its body limit. */
export function bodyLimitFor(method: string, url: string, headers: IncomingHttpHeaders, overall: number): { service: ServiceName | null; limit: number } {
  const q = url.indexOf('?');
  const head: WireRequest = { method, rawPath: q === -1 ? url : url.slice(0, q), rawQuery: q === -1 ? '' : url.slice(q + 1), headers, body: EMPTY };
  let service: ServiceName | null;
  try {
    service = identifyService(head, scopeServiceOf(head));
  } catch {
    service = null;
  }
  // A form body names its service only inside itself (Action, Version): IAM or STS, the query services.
  const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const protocol = service !== null ? getServiceModel(service).metadata.protocol : form ? 'query' : undefined;
  switch (protocol) {
    case 'query':
      return { service, limit: Math.min(QUERY_BODY_LIMIT, overall) };
    case 'json':
    case 'rest-json':
      return { service, limit: Math.min(JSON_BODY_LIMIT, overall) };
    default:
      return { service, limit: overall };
  }
}

const EMPTY = Buffer.alloc(0);
