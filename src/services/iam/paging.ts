import { ServiceError } from '../../errors.js';
import { decodeMarker, encodeMarker, isMarker } from '../../store/repositories/index.js';

/**
 * Paging of results computed in full (simulations, last-accessed reports): `MaxItems` (default
 * 100, IAM's default) and an opaque `Marker` that encodes the offset of the next item.
 */

/** IAM's default `MaxItems`. */
export const DEFAULT_MAX_ITEMS = 100;

/** AWS: every paginated IAM list answers a marker it did not hand out with ValidationError "Invalid Marker.". */
export function invalidMarker(): ServiceError {
  return new ServiceError('ValidationError', 'Invalid Marker.');
}

/** One page of `items`; ValidationError for a marker this API did not hand out. */
export function pageOf<T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (marker !== undefined) {
    start = isMarker(marker) ? Number(decodeMarker(marker)) : Number.NaN;
    if (!Number.isInteger(start) || start <= 0 || start > items.length) throw invalidMarker();
  }
  const page = items.slice(start, start + (maxItems ?? DEFAULT_MAX_ITEMS));
  const next = start + page.length;
  return next < items.length
    ? { items: page, IsTruncated: true, Marker: encodeMarker(String(next)) }
    : { items: page, IsTruncated: false };
}
