import { ServiceError } from '../../errors.js';

/**
 * Paging of results computed in full (simulations, last-accessed reports): `MaxItems` (default
 * 100, IAM's default) and an opaque `Marker` that encodes the offset of the next item.
 */

/** IAM's default `MaxItems`. */
export const DEFAULT_MAX_ITEMS = 100;

/** One page of `items`; InvalidInput for a marker this API did not hand out. */
export function pageOf<T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (marker !== undefined) {
    start = Number(Buffer.from(marker, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start <= 0 || start > items.length) throw new ServiceError('InvalidInput', 'Invalid Marker.');
  }
  const page = items.slice(start, start + (maxItems ?? DEFAULT_MAX_ITEMS));
  const next = start + page.length;
  return next < items.length
    ? { items: page, IsTruncated: true, Marker: Buffer.from(String(next)).toString('base64') }
    : { items: page, IsTruncated: false };
}
