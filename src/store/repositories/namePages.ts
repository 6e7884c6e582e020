import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import type { ListOptions, Page } from '../types.js';
import { decodeMarker, encodeMarker } from './marker.js';

/** IAM's default `MaxItems`. */
export const DEFAULT_MAX_ITEMS = 100;

/**
 * One page of IAM-named rows in name order (case-insensitive, by `name_lower`): filtered by path
 * prefix when asked, resumed after the marker's name, with one extra row fetched to know whether
 * more follow. `query` is the table's query with its own conditions (account, owner …) applied.
 */
export async function pageByName<Row extends { name_lower: string }, R>(
  // biome-ignore lint/suspicious/noExplicitAny: the builder's database and table types vary per repository; only the row type matters here.
  query: SelectQueryBuilder<any, any, Row>,
  options: ListOptions,
  toRecord: (row: Row) => R,
): Promise<Page<R>> {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  let q = query;
  const prefix = options.pathPrefix;
  if (prefix !== undefined && prefix !== '/') q = q.where(sql<string>`substr(path, 1, ${prefix.length})`, '=', prefix);
  if (options.marker !== undefined) q = q.where(sql.ref('name_lower'), '>', decodeMarker(options.marker));
  const rows = (await q
    .orderBy(sql.ref('name_lower'))
    .limit(maxItems + 1)
    .execute()) as Row[];
  const page = rows.slice(0, maxItems);
  const items = page.map(toRecord);
  if (rows.length <= maxItems) return { items, isTruncated: false };
  return { items, isTruncated: true, marker: encodeMarker(page[page.length - 1]!.name_lower) };
}
