import type { ListOptions, Page } from '../types.js';
import { decodeMarker, encodeMarker } from './marker.js';
import { DEFAULT_MAX_ITEMS } from './namePages.js';

/** Entities in name order, case-insensitively, by UTF-16 code unit (the order `pageOfNamed` resumes in, on either database). */
export function byName<T extends { readonly name: string }>(entities: T[]): T[] {
  return entities
    .map((entity) => [entity.name.toLowerCase(), entity] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, entity]) => entity);
}

/**
 * One page of IAM-named entities cut from the account's whole list in name order
 * (case-insensitive): the same page `pageByName` reads from the database — filtered by path
 * prefix, resumed after the marker's name — for lists a node keeps in memory.
 */
export function pageOfNamed<T extends { readonly name: string; readonly path: string }>(all: readonly T[], options: ListOptions): Page<T> {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const prefix = options.pathPrefix;
  const after = options.marker === undefined ? undefined : decodeMarker(options.marker);
  const items: T[] = [];
  let more = false;
  for (const entity of all) {
    if (prefix !== undefined && prefix !== '/' && !entity.path.startsWith(prefix)) continue;
    if (after !== undefined && !(entity.name.toLowerCase() > after)) continue;
    if (items.length === maxItems) {
      more = true;
      break;
    }
    items.push(entity);
  }
  return more ? { items, isTruncated: true, marker: encodeMarker(items[items.length - 1]!.name.toLowerCase()) } : { items, isTruncated: false };
}
