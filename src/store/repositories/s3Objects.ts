import type { Selectable } from 'kysely';
import type { S3ObjectsTable } from '../schema.js';
import type { RepositoryContext } from './context.js';
import { preparedQuery } from './prepared.js';
import type { S3Tag } from './s3Buckets.js';

/** One piece of an object's bytes: a blob of the byte store and its length. */
export interface BlobSegment {
  readonly id: string;
  readonly size: number;
}

/** An object's additional checksum (x-amz-checksum-*), as S3 returns it. */
export interface StoredChecksum {
  /** `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1` or `SHA256`. */
  readonly algorithm: string;
  /** The base64 value, `…-N` for a multipart object's checksum of checksums. */
  readonly value: string;
  readonly type: 'FULL_OBJECT' | 'COMPOSITE';
}

/** An S3 object as stored. */
export interface ObjectRecord {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** With its quotes, as S3 returns it. */
  readonly etag: string;
  readonly lastModified: string;
  /** The stored HTTP headers: Content-Type, Cache-Control, … (as the output members name them). */
  readonly headers: Readonly<Record<string, string>>;
  /** User metadata (`x-amz-meta-*`), names lower-cased. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly tags: readonly S3Tag[];
  readonly checksum: StoredChecksum | null;
  /** The bytes, in order, in the byte store. */
  readonly blobs: readonly BlobSegment[];
  /**
   * A small object's bytes, kept in its row instead (`blobs` is then empty): written in the same
   * transaction as its metadata, read with it.
   */
  readonly data: Buffer | null;
}

/** Options of {@link S3ObjectsRepository.list}. */
export interface ObjectListOptions {
  /** Only keys that start with this. */
  readonly prefix?: string;
  /** Only keys after this one (UTF-8 binary order). */
  readonly after?: string;
  /** Only keys at or after this one. */
  readonly from?: string;
  readonly limit: number;
}

/** S3 objects, one version per key (versioning is not kept). */
export interface S3ObjectsRepository {
  get(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /** Writes the object, replacing any of its key; returns the replaced one. */
  put(object: ObjectRecord): Promise<ObjectRecord | undefined>;
  /** Returns the deleted object. */
  delete(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  setTags(bucket: string, key: string, tags: readonly S3Tag[]): Promise<void>;
  /** Keys in UTF-8 binary order. */
  list(bucket: string, options: ObjectListOptions): Promise<ObjectRecord[]>;
  /** Whether the bucket holds any object. */
  any(bucket: string): Promise<boolean>;
}

const byKey = preparedQuery((db, v: { bucket: string; key: string }) =>
  db.selectFrom('s3_objects').selectAll().where('bucket', '=', v.bucket).where('object_key', '=', v.key),
);

function fromRow(row: Selectable<S3ObjectsTable>): ObjectRecord {
  return {
    bucket: row.bucket,
    key: row.object_key,
    size: Number(row.size),
    etag: row.etag,
    lastModified: row.last_modified,
    headers: JSON.parse(row.headers) as Record<string, string>,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    tags: row.tags === null ? [] : (JSON.parse(row.tags) as S3Tag[]),
    checksum: row.checksum === null ? null : (JSON.parse(row.checksum) as StoredChecksum),
    blobs: JSON.parse(row.blobs) as BlobSegment[],
    data: row.data === null ? null : Buffer.from(row.data),
  };
}

/**
 * The first string after every string that starts with `prefix`, in code point (UTF-8 byte)
 * order: `prefix` with its last code point incremented; undefined when there is none.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** S3 objects over one database handle. */
export function s3ObjectsRepository({ db }: RepositoryContext): S3ObjectsRepository {
  const get = async (bucket: string, key: string): Promise<ObjectRecord | undefined> => {
    const row = (await byKey(db, { bucket, key })).rows[0];
    return row === undefined ? undefined : fromRow(row);
  };
  return {
    get,
    async put(object) {
      const before = await get(object.bucket, object.key);
      const row = {
        bucket: object.bucket,
        object_key: object.key,
        size: object.size,
        etag: object.etag,
        last_modified: object.lastModified,
        headers: JSON.stringify(object.headers),
        metadata: JSON.stringify(object.metadata),
        tags: object.tags.length === 0 ? null : JSON.stringify(object.tags),
        checksum: object.checksum === null ? null : JSON.stringify(object.checksum),
        blobs: JSON.stringify(object.blobs),
        data: object.data,
      };
      if (before === undefined) await db.insertInto('s3_objects').values(row).execute();
      else await db.updateTable('s3_objects').set(row).where('bucket', '=', object.bucket).where('object_key', '=', object.key).execute();
      return before;
    },
    async delete(bucket, key) {
      const before = await get(bucket, key);
      if (before !== undefined) await db.deleteFrom('s3_objects').where('bucket', '=', bucket).where('object_key', '=', key).execute();
      return before;
    },
    async setTags(bucket, key, tags) {
      await db
        .updateTable('s3_objects')
        .set({ tags: tags.length === 0 ? null : JSON.stringify(tags) })
        .where('bucket', '=', bucket)
        .where('object_key', '=', key)
        .execute();
    },
    async list(bucket, options) {
      let query = db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket);
      if (options.prefix !== undefined && options.prefix !== '') {
        query = query.where('object_key', '>=', options.prefix);
        const end = prefixEnd(options.prefix);
        if (end !== undefined) query = query.where('object_key', '<', end);
      }
      if (options.after !== undefined) query = query.where('object_key', '>', options.after);
      if (options.from !== undefined) query = query.where('object_key', '>=', options.from);
      const rows = await query.orderBy('object_key').limit(options.limit).execute();
      return rows.map(fromRow);
    },
    async any(bucket) {
      const row = await db.selectFrom('s3_objects').select('object_key').where('bucket', '=', bucket).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}
