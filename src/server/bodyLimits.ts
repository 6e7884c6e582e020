import type { IncomingHttpHeaders } from 'node:http';
import { consoleScopeServiceOf, scopeServiceOf } from '../auth/index.js';
import { identifyService } from '../protocol/index.js';
import { descriptorOf, QUERY_BODY_LIMIT } from '../services/index.js';
import type { ServiceName, WireRequest } from '../protocol/index.js';

/**
 * How large a request body may be: the service's own limit (its descriptor's `maxBodyBytes`),
 * decided from the request line and headers before a byte of the body is read or decoded, and
 * never more than the server's overall limit. A form body names its service only inside itself
 * (Action, Version): it is IAM's or STS's, the query services. A body the service streams
 * (its descriptor's `streamsBody`) is not collected at all.
 */
export function bodyLimitFor(
  method: string,
  rawPath: string,
  rawQuery: string,
  headers: IncomingHttpHeaders,
  overall: number,
): { service: ServiceName | null; limit: number; streams: boolean } {
  const head: WireRequest = { method, rawPath, rawQuery, headers, body: EMPTY };
  let service: ServiceName | null;
  try {
    // A console call names its service in a header of its own, as a signed call does in its scope.
    service = identifyService(head, scopeServiceOf(head) ?? consoleScopeServiceOf(headers));
  } catch {
    service = null;
  }
  const descriptor = service !== null ? descriptorOf(service) : undefined;
  // A body the service takes as it arrives (an S3 upload) is bounded by the operation, not here.
  if (descriptor?.streamsBody?.(head) === true) return { service, limit: Number.POSITIVE_INFINITY, streams: true };
  const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const limit = descriptor !== undefined ? descriptor.maxBodyBytes : form ? QUERY_BODY_LIMIT : undefined;
  return { service, limit: Math.min(limit ?? overall, overall), streams: false };
}

const EMPTY = Buffer.alloc(0);
