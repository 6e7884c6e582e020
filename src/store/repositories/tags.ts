import type { Selectable } from 'kysely';
import type { TagsTable } from '../schema.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { decodeMarker, encodeMarker } from './marker.js';
import { preparedQuery } from './prepared.js';

const DEFAULT_MAX_ITEMS = 100;

const tagsOf = preparedQuery((db, v: { accountId: string; kind: string; id: string }) =>
  db.selectFrom('tags').selectAll().where('account_id', '=', v.accountId).where('resource_kind', '=', v.kind).where('resource_id', '=', v.id).orderBy('key'),
);

/** A tag in IAM's wire shape. */
export interface EntityTag {
  readonly Key: string;
  readonly Value: string;
}

/** Tags of IAM entities; `kind` names the entity type, `id` one entity of it. */
export interface TagsRepository {
  /** Every tag of the entity, by key. */
  list(accountId: string, kind: string, id: string): Promise<EntityTag[]>;
  /** One page of the entity's tags, by key. */
  page(accountId: string, kind: string, id: string, options?: ListOptions): Promise<Page<EntityTag>>;
  /**
   * Adds tags, replacing any with the same key in any case. `existing`: the entity's tags as the
   * caller has just read them in the same transaction, which spares reading them again.
   */
  put(accountId: string, kind: string, id: string, tags: readonly EntityTag[], existing?: readonly EntityTag[]): Promise<void>;
  /** Removes the keys (any case); absent keys are ignored. */
  remove(accountId: string, kind: string, id: string, keys: readonly string[]): Promise<void>;
  deleteAll(accountId: string, kind: string, id: string): Promise<void>;
}

function toTag(row: Selectable<TagsTable>): EntityTag {
  return { Key: row.key, Value: row.value };
}

/**
 * Tags of any taggable entity, keyed by `(account, kind, id)` where `kind` names the entity type
 * (`role`, `instance-profile`, …) and `id` is a stable identifier of it (unique ID or ARN).
 * AWS: IAM tag keys are case-insensitive (id_tags: "tag keys … are not case sensitive"), so a key
 * set in another case replaces the existing one and removal matches any case.
 */
export function tagsRepository({ db }: RepositoryContext): TagsRepository {
  async function all(accountId: string, kind: string, id: string): Promise<Selectable<TagsTable>[]> {
    return (await tagsOf(db, { accountId, kind, id })).rows;
  }

  async function remove(accountId: string, kind: string, id: string, keys: readonly string[], existing?: readonly EntityTag[]): Promise<void> {
    if (keys.length === 0) return;
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    const present = existing?.map((tag) => tag.Key) ?? (await all(accountId, kind, id)).map((row) => row.key);
    const doomed = present.filter((key) => wanted.has(key.toLowerCase()));
    if (doomed.length === 0) return;
    await db
      .deleteFrom('tags')
      .where('account_id', '=', accountId)
      .where('resource_kind', '=', kind)
      .where('resource_id', '=', id)
      .where('key', 'in', doomed)
      .execute();
  }

  return {
    async list(accountId, kind, id) {
      return (await all(accountId, kind, id)).map(toTag);
    },

    async page(accountId, kind, id, options: ListOptions = {}): Promise<Page<EntityTag>> {
      const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
      let query = db.selectFrom('tags').selectAll().where('account_id', '=', accountId).where('resource_kind', '=', kind).where('resource_id', '=', id);
      if (options.marker !== undefined) query = query.where('key', '>', decodeMarker(options.marker));
      const rows = await query
        .orderBy('key')
        .limit(maxItems + 1)
        .execute();
      const items = rows.slice(0, maxItems).map(toTag);
      if (rows.length <= maxItems) return { items, isTruncated: false };
      return { items, isTruncated: true, marker: encodeMarker(items[items.length - 1]!.Key) };
    },

    async put(accountId, kind, id, tags, existing) {
      if (tags.length === 0) return;
      await remove(
        accountId,
        kind,
        id,
        tags.map((t) => t.Key),
        existing,
      );
      await db
        .insertInto('tags')
        .values(tags.map((t) => ({ account_id: accountId, resource_kind: kind, resource_id: id, key: t.Key, value: t.Value })))
        .execute();
    },

    remove: (accountId, kind, id, keys) => remove(accountId, kind, id, keys),

    async deleteAll(accountId, kind, id) {
      await db.deleteFrom('tags').where('account_id', '=', accountId).where('resource_kind', '=', kind).where('resource_id', '=', id).execute();
    },
  };
}
