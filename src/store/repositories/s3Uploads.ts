import type { Selectable } from 'kysely';
import type { S3PartsTable, S3UploadsTable } from '../schema.js';
import type { RepositoryContext } from './context.js';
import type { S3Tag } from './s3Buckets.js';
import { prefixEnd, type StoredChecksum } from './s3Objects.js';

/** A multipart upload in progress. */
export interface UploadRecord {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  /** Who started it (S3's Initiator: an ARN and a display name). */
  readonly initiator: { readonly id: string; readonly displayName: string };
  /** The headers the object will have (Content-Type, …). */
  readonly headers: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly tags: readonly S3Tag[];
  /** The checksum algorithm every part must carry, if one was chosen. */
  readonly checksumAlgorithm: string | null;
}

/** One uploaded part. */
export interface PartRecord {
  readonly uploadId: string;
  readonly partNumber: number;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: string;
  readonly checksum: StoredChecksum | null;
  readonly blob: string;
}

/** Options of {@link S3UploadsRepository.list}. */
export interface UploadListOptions {
  readonly prefix?: string;
  /** Uploads of keys after this one, or of this key with an upload ID after `uploadIdMarker`. */
  readonly keyMarker?: string;
  readonly uploadIdMarker?: string;
  readonly limit: number;
}

/** Multipart uploads and their parts. */
export interface S3UploadsRepository {
  create(upload: UploadRecord): Promise<void>;
  get(uploadId: string): Promise<UploadRecord | undefined>;
  /** Deletes the upload and its parts; returns the parts (their blobs are the caller's to delete). */
  delete(uploadId: string): Promise<PartRecord[]>;
  /** The bucket's uploads by key, then initiation order (upload ID). */
  list(bucket: string, options: UploadListOptions): Promise<UploadRecord[]>;
  /** Whether the bucket has any upload in progress. */
  any(bucket: string): Promise<boolean>;
  /** Writes a part, replacing any of its number; returns the replaced one. */
  putPart(part: PartRecord): Promise<PartRecord | undefined>;
  /** Parts by number, after `after`. */
  parts(uploadId: string, after: number, limit: number): Promise<PartRecord[]>;
}

function uploadFromRow(row: Selectable<S3UploadsTable>): UploadRecord {
  return {
    uploadId: row.upload_id,
    bucket: row.bucket,
    key: row.object_key,
    initiated: row.initiated,
    initiator: JSON.parse(row.initiator) as UploadRecord['initiator'],
    headers: JSON.parse(row.headers) as Record<string, string>,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    tags: row.tags === null ? [] : (JSON.parse(row.tags) as S3Tag[]),
    checksumAlgorithm: row.checksum_algorithm,
  };
}

function partFromRow(row: Selectable<S3PartsTable>): PartRecord {
  return {
    uploadId: row.upload_id,
    partNumber: row.part_number,
    size: Number(row.size),
    etag: row.etag,
    lastModified: row.last_modified,
    checksum: row.checksum === null ? null : (JSON.parse(row.checksum) as StoredChecksum),
    blob: row.blob,
  };
}

/** Multipart uploads over one database handle. */
export function s3UploadsRepository({ db }: RepositoryContext): S3UploadsRepository {
  return {
    async create(upload) {
      await db
        .insertInto('s3_uploads')
        .values({
          upload_id: upload.uploadId,
          bucket: upload.bucket,
          object_key: upload.key,
          initiated: upload.initiated,
          initiator: JSON.stringify(upload.initiator),
          headers: JSON.stringify(upload.headers),
          metadata: JSON.stringify(upload.metadata),
          tags: upload.tags.length === 0 ? null : JSON.stringify(upload.tags),
          checksum_algorithm: upload.checksumAlgorithm,
        })
        .execute();
    },
    async get(uploadId) {
      const row = await db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
      return row === undefined ? undefined : uploadFromRow(row);
    },
    async delete(uploadId) {
      const parts = (await db.selectFrom('s3_parts').selectAll().where('upload_id', '=', uploadId).execute()).map(partFromRow);
      await db.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
      await db.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
      return parts;
    },
    async list(bucket, options) {
      let query = db.selectFrom('s3_uploads').selectAll().where('bucket', '=', bucket);
      if (options.prefix !== undefined && options.prefix !== '') {
        query = query.where('object_key', '>=', options.prefix);
        const end = prefixEnd(options.prefix);
        if (end !== undefined) query = query.where('object_key', '<', end);
      }
      if (options.keyMarker !== undefined) {
        const marker = options.keyMarker;
        const uploadId = options.uploadIdMarker;
        query =
          uploadId === undefined
            ? query.where('object_key', '>', marker)
            : query.where((eb) => eb.or([eb('object_key', '>', marker), eb.and([eb('object_key', '=', marker), eb('upload_id', '>', uploadId)])]));
      }
      const rows = await query.orderBy('object_key').orderBy('upload_id').limit(options.limit).execute();
      return rows.map(uploadFromRow);
    },
    async any(bucket) {
      const row = await db.selectFrom('s3_uploads').select('upload_id').where('bucket', '=', bucket).limit(1).executeTakeFirst();
      return row !== undefined;
    },
    async putPart(part) {
      const before = await db
        .selectFrom('s3_parts')
        .selectAll()
        .where('upload_id', '=', part.uploadId)
        .where('part_number', '=', part.partNumber)
        .executeTakeFirst();
      const row = {
        upload_id: part.uploadId,
        part_number: part.partNumber,
        size: part.size,
        etag: part.etag,
        last_modified: part.lastModified,
        checksum: part.checksum === null ? null : JSON.stringify(part.checksum),
        blob: part.blob,
      };
      if (before === undefined) await db.insertInto('s3_parts').values(row).execute();
      else await db.updateTable('s3_parts').set(row).where('upload_id', '=', part.uploadId).where('part_number', '=', part.partNumber).execute();
      return before === undefined ? undefined : partFromRow(before);
    },
    async parts(uploadId, after, limit) {
      const rows = await db
        .selectFrom('s3_parts')
        .selectAll()
        .where('upload_id', '=', uploadId)
        .where('part_number', '>', after)
        .orderBy('part_number')
        .limit(limit)
        .execute();
      return rows.map(partFromRow);
    },
  };
}
