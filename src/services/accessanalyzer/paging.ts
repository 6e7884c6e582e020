import { createHash } from 'node:crypto';
import { ServiceError } from '../../errors.js';

/**
 * Paging of Access Analyzer's lists: a token names the offset of the next item and a digest of
 * the request it belongs to (the list and its filters), so a token of another list, or an altered
 * one, is refused as AWS refuses it.
 */

/** AWS: ValidationException "Invalid pagination token" (reason `other`), as ValidatePolicy answers. */
function invalidToken(): ServiceError {
  return new ServiceError('ValidationException', 'Invalid pagination token', { reason: 'other' });
}

/** Items per page when the request sets no `maxResults`. */
export const DEFAULT_PAGE_SIZE = 100;

function digestOf(scope: unknown): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 22);
}

/**
 * One page of `items` and the token of the next, if any. `scope` is what the token is bound to:
 * the list's identity and every filter of the request.
 */
export function page<T>(items: readonly T[], input: { maxResults?: number; nextToken?: string }, scope: unknown): { items: T[]; nextToken?: string } {
  if (input.maxResults !== undefined && input.maxResults < 1) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${input.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      { reason: 'fieldValidationFailed' },
    );
  }
  const digest = digestOf(scope);
  let start = 0;
  if (input.nextToken !== undefined) {
    const m = /^p1\.(\d{1,9})\.([A-Za-z0-9_-]{22})$/.exec(Buffer.from(input.nextToken, 'base64url').toString('latin1'));
    if (m === null || m[2] !== digest || Number(m[1]) > items.length) throw invalidToken();
    start = Number(m[1]);
  }
  const end = Math.min(items.length, start + (input.maxResults ?? DEFAULT_PAGE_SIZE));
  const out = items.slice(start, end);
  if (end >= items.length) return { items: out };
  return { items: out, nextToken: Buffer.from(`p1.${end}.${digest}`, 'latin1').toString('base64url') };
}
