import { orgErrors } from './organizationErrors.js';

/** Organizations' `NextToken`/`MaxResults` over a complete, ordered list. */
export function paginate<T>(items: readonly T[], input: { NextToken?: string; MaxResults?: number }, defaultMax = 20): { items: T[]; NextToken?: string } {
  let start = 0;
  if (input.NextToken !== undefined) {
    const text = Buffer.from(input.NextToken, 'base64url').toString('utf8');
    const decoded = /^\d+$/.test(text) ? Number(text) : NaN;
    // AWS: an unusable token is InvalidInputException with reason INVALID_NEXT_TOKEN.
    if (!Number.isSafeInteger(decoded) || decoded <= 0) throw orgErrors.invalid('INVALID_NEXT_TOKEN', 'The NextToken value is invalid.');
    start = decoded;
  }
  const max = input.MaxResults ?? defaultMax;
  const page = items.slice(start, start + max);
  const next = start + max;
  return next < items.length ? { items: page, NextToken: Buffer.from(String(next), 'utf8').toString('base64url') } : { items: page };
}
