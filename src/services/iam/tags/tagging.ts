import { ServiceError } from '../../../errors.js';
import { reservedTag, reservedTagMessage } from '../../../model/index.js';
import type { EntityTag, Store } from '../../../store/index.js';
import { iamErrors } from '../iamErrors.js';
import { listOptions, pageMembers } from '../paging.js';

/**
 * Tagging of IAM entities, shared by every Tag…/Untag…/List…Tags operation and by the creates
 * that accept `Tags`. Entities are addressed as `(kind, id)` in the store's tags table.
 */

/** One taggable entity: its account, its kind in the tags table, and a stable id. */
export interface TagTarget {
  readonly accountId: string;
  readonly kind: string;
  readonly id: string;
}

/**
 * The checks every IAM request that sets tags makes before anything changes (InvalidInput):
 * - AWS: "Duplicate tag keys found. Please note that Tag keys are case insensitive." (one request
 *   names a key twice in any case);
 * - no key or value begins with the reserved prefix `aws:` (`hasReservedTagPrefix`).
 */
export function checkTagKeys(tags: readonly EntityTag[] | undefined): void {
  if (tags === undefined) return;
  const reserved = reservedTag(tags);
  if (reserved !== undefined) throw iamErrors.invalidInput(reservedTagMessage(reserved));
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw iamErrors.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
  }
}

/**
 * Adds or replaces tags, refusing the request when the entity would carry more than `max` tags.
 * AWS: IAM answers `LimitExceeded` "The number of tags has reached the maximum limit." (IAM quotas:
 * 50 tags per IAM resource).
 */
export async function applyTags(store: Store, target: TagTarget, tags: readonly EntityTag[] | undefined, max: number): Promise<void> {
  if (tags === undefined || tags.length === 0) return;
  checkTagKeys(tags);
  const existing = await store.tags.list(target.accountId, target.kind, target.id);
  const keys = new Set(existing.map((t) => t.Key.toLowerCase()));
  for (const tag of tags) keys.add(tag.Key.toLowerCase());
  if (keys.size > max) throw new ServiceError('LimitExceeded', 'The number of tags has reached the maximum limit.');
  await store.tags.put(target.accountId, target.kind, target.id, tags, existing);
}

/** Removes the keys (any case); keys the entity does not have are ignored, as in IAM. */
export async function removeTags(store: Store, target: TagTarget, keys: readonly string[]): Promise<void> {
  await store.tags.remove(target.accountId, target.kind, target.id, keys);
}

/** The entity's tags, or undefined when it has none (IAM omits an empty `Tags` member in Get… results). */
export async function tagsOf(store: Store, target: TagTarget): Promise<EntityTag[] | undefined> {
  const tags = await store.tags.list(target.accountId, target.kind, target.id);
  return tags.length === 0 ? undefined : tags;
}

/** A List…Tags response: one page of the entity's tags with IAM's `IsTruncated`/`Marker`. */
export async function listTagsPage(
  store: Store,
  target: TagTarget,
  input: { Marker?: unknown; MaxItems?: unknown },
): Promise<{ Tags: EntityTag[]; IsTruncated: boolean; Marker?: string }> {
  const page = await store.tags.page(target.accountId, target.kind, target.id, listOptions(input));
  return { Tags: page.items, ...pageMembers(page) };
}
