import { ServiceError } from '../../errors.js';
import { decodeMarker, encodeMarker, isMarker } from '../../store/index.js';
import type { ListOptions, Page } from '../../store/index.js';

/**
 * IAM's `Marker`/`MaxItems` paging, in one place: pages the store reads (`listOptions`,
 * `pageMembers`), and pages of lists computed in memory — by offset (`pageOf`, `pageArray`:
 * simulations, reports, short per-user lists) or by sort key (`pageInMemory`, `paginate`).
 * Markers are opaque to callers; the IAM service refuses one it did not hand out before any of
 * these runs (`iam/index.ts`).
 */

/** IAM's default `MaxItems`. */
export const DEFAULT_MAX_ITEMS = 100;

/** AWS: every paginated IAM list answers a marker it did not hand out with ValidationError "Invalid Marker.". */
export function invalidMarker(): ServiceError {
  return new ServiceError('ValidationError', 'Invalid Marker.');
}

/** IAM's `Marker`/`MaxItems`/`PathPrefix` request members as store list options. */
export function listOptions(input: { Marker?: unknown; MaxItems?: unknown; PathPrefix?: unknown }): ListOptions {
  const options: ListOptions = {};
  if (typeof input.Marker === 'string') options.marker = input.Marker;
  if (typeof input.MaxItems === 'number') options.maxItems = input.MaxItems;
  if (typeof input.PathPrefix === 'string') options.pathPrefix = input.PathPrefix;
  return options;
}

/** IAM's `IsTruncated`/`Marker` response members for a page. */
export function pageMembers<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.isTruncated && page.marker !== undefined ? { IsTruncated: true, Marker: page.marker } : { IsTruncated: false };
}

/** One page of results computed in full; the marker holds the offset of the next item, and must be one this list handed out. */
export function pageOf<T>(
  items: readonly T[],
  marker: string | undefined,
  maxItems: number | undefined,
): { items: T[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (marker !== undefined) {
    start = isMarker(marker) ? Number(decodeMarker(marker)) : Number.NaN;
    if (!Number.isInteger(start) || start <= 0 || start > items.length) throw invalidMarker();
  }
  const page = items.slice(start, start + (maxItems ?? DEFAULT_MAX_ITEMS));
  const next = start + page.length;
  return next < items.length ? { items: page, IsTruncated: true, Marker: encodeMarker(String(next)) } : { items: page, IsTruncated: false };
}

/** One page of a short list held in memory (keys, tags, groups of a user), by offset; a list that shrank since gives an empty page. */
export function pageArray<T>(items: readonly T[], input: { Marker?: string; MaxItems?: number }): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const start = input.Marker === undefined ? 0 : isMarker(input.Marker) ? Number(decodeMarker(input.Marker)) : Number.NaN;
  if (!Number.isInteger(start) || start < 0) throw invalidMarker();
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const page = items.slice(start, start + max);
  const next = start + page.length;
  if (next >= items.length) return { items: page, IsTruncated: false };
  return { items: page, IsTruncated: true, Marker: encodeMarker(String(next)) };
}

/** One page of an already sorted short list; the marker is the sort key of the last item returned. */
export function pageInMemory<T>(items: readonly T[], key: (item: T) => string, input: { Marker?: unknown; MaxItems?: unknown }): Page<T> {
  const maxItems = typeof input.MaxItems === 'number' ? input.MaxItems : DEFAULT_MAX_ITEMS;
  const after = typeof input.Marker === 'string' ? decodeMarker(input.Marker) : undefined;
  const rest = after === undefined ? [...items] : items.filter((item) => key(item) > after);
  const page = rest.slice(0, maxItems);
  if (rest.length <= maxItems) return { items: page, isTruncated: false };
  return { items: page, isTruncated: true, marker: encodeMarker(key(page[page.length - 1]!)) };
}

/** One page of an in-memory list sorted here by `key` (unique per item), with IAM's response members. */
export function paginate<T>(
  items: readonly T[],
  key: (item: T) => string,
  input: { Marker?: unknown; MaxItems?: unknown },
): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const page = pageInMemory(sorted, key, input);
  return { items: page.items, ...pageMembers(page) };
}
