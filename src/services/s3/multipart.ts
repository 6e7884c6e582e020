import { createHash, randomBytes } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import { canonicalUserId } from '../../model/index.js';
import type { ObjectRecord, PartRecord, StoredChecksum, UploadRecord } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { AuthorizationNeed, OperationContext } from '../operation.js';
import { checksumOf, type ChecksumAlgorithm } from './checksums.js';
import { copySource, sourceNeeds, sourceObject } from './copyObject.js';
import { receiveBody, type ReceivedBody } from './objectBody.js';
import { receiveCopy } from './objectCopy.js';
import { checkNoAcl, storedHeaders, userMetadata } from './objectHeaders.js';
import { checkKey } from './names.js';
import { checksumOutput, uploadKeys, type DeletionSettlement } from './objects.js';
import { namedBucket, requestTagKeys, s3Need } from './s3Access.js';
import { invalidArgument, malformedXml, noSuchBucket, noSuchUpload } from './s3Errors.js';
import { checkTags, parseTaggingHeader } from './tags.js';

type Input = Record<string, unknown> & { Bucket: string; Key: string; UploadId: string; ExpectedBucketOwner?: string };

/** AWS: parts are numbered 1 to 10,000; every part but the last is at least 5 MiB. */
const MAX_PART_NUMBER = 10_000;
const MIN_PART_BYTES = 5 * 1024 * 1024;

/** The upload a call names, in its bucket under its key; NoSuchUpload otherwise. */
async function namedUpload(ctx: OperationContext, input: Input): Promise<UploadRecord> {
  const upload = await ctx.store.s3Uploads.get(input.UploadId);
  if (upload === undefined || upload.bucket !== input.Bucket || upload.key !== input.Key) throw noSuchUpload(input.UploadId);
  return upload;
}

/** The needs of writing to an upload: s3:PutObject on its key. AWS: S3 User Guide, "Multipart upload API and permissions". */
async function putNeeds(input: Input, ctx: OperationContext): Promise<AuthorizationNeed[]> {
  checkKey(input.Key);
  const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
  return [s3Need(ctx, 's3:PutObject', bucket, input.Key)];
}

/** An upload ID: opaque, long and unguessable (AWS's are about 100 characters of base64). */
function newUploadId(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * CreateMultipartUpload: the object's headers, metadata and tags are kept until it completes.
 * Authorized as s3:PutObject (with the upload's header keys; s3:PutObjectTagging for tags).
 * AWS: S3 API Reference, CreateMultipartUpload.
 */
export const CreateMultipartUpload = defineOperation<Input>({
  service: 's3',
  name: 'CreateMultipartUpload',
  readOnly: false,
  async authorize(input, ctx) {
    checkKey(input.Key);
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    const tags = parseTaggingHeader(input.Tagging as string | undefined);
    const context = { ...uploadKeys(input), ...(tags.length > 0 ? requestTagKeys(tags) : {}) };
    const needs = [s3Need(ctx, 's3:PutObject', bucket, input.Key, context)];
    if (tags.length > 0) needs.push(s3Need(ctx, 's3:PutObjectTagging', bucket, input.Key, context));
    return needs;
  },
  async handle(input, ctx) {
    checkNoAcl(input);
    const tags = parseTaggingHeader(input.Tagging as string | undefined);
    checkTags(tags, 10, 'Object');
    if ((await ctx.store.s3Buckets.get(input.Bucket)) === undefined) throw noSuchBucket(input.Bucket);
    const algorithm = typeof input.ChecksumAlgorithm === 'string' ? input.ChecksumAlgorithm.toUpperCase() : null;
    const upload: UploadRecord = {
      uploadId: newUploadId(),
      bucket: input.Bucket,
      key: input.Key,
      initiated: ctx.now.toISOString(),
      initiator: { id: ctx.principal.arn, displayName: ctx.principal.userName ?? ctx.principal.accountId },
      headers: storedHeaders(input),
      metadata: userMetadata(input),
      tags,
      checksumAlgorithm: algorithm,
    };
    await ctx.store.s3Uploads.create(upload);
    return {
      Bucket: input.Bucket,
      Key: input.Key,
      UploadId: upload.uploadId,
      ServerSideEncryption: upload.headers.ServerSideEncryption,
      ...(algorithm !== null ? { ChecksumAlgorithm: algorithm } : {}),
    };
  },
});

function partNumberOf(input: Input): number {
  const number = input.PartNumber as number;
  if (!Number.isInteger(number) || number < 1 || number > MAX_PART_NUMBER) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(input.PartNumber));
  }
  return number;
}

/** What an UploadPart left outside the database: the part's blob, and the blob of a part it replaced. */
interface PartSettlement {
  readonly received: ReceivedBody;
  replaced: string[];
}

async function settlePart(prepared: unknown, committed: boolean, ctx: OperationContext): Promise<void> {
  const settlement = prepared as PartSettlement;
  const blob = settlement.received.blob;
  await ctx.store.objectBytes.delete(committed ? settlement.replaced : blob === null ? [] : [blob]);
}

async function savePart(input: Input, ctx: OperationContext): Promise<ReceivedBody> {
  const settlement = ctx.prepared as PartSettlement;
  const { received } = settlement;
  await namedUpload(ctx, input);
  const part: PartRecord = {
    uploadId: input.UploadId,
    partNumber: partNumberOf(input),
    size: received.size,
    etag: received.etag,
    lastModified: ctx.now.toISOString(),
    checksum: received.checksum,
    // INVARIANT: parts are received with `inline: false`, so they have a blob.
    blob: received.blob!,
  };
  const replaced = await ctx.store.s3Uploads.putPart(part);
  settlement.replaced = replaced === undefined ? [] : [replaced.blob];
  return received;
}

/**
 * UploadPart: the part streams to the byte store and is checked as PutObject's body is.
 * Authorized as s3:PutObject. AWS: S3 API Reference, UploadPart.
 */
export const UploadPart = defineOperation<Input>({
  service: 's3',
  name: 'UploadPart',
  readOnly: false,
  authorize: putNeeds,
  async prepare(input, ctx) {
    partNumberOf(input);
    await namedUpload(ctx, input);
    // A part is always a blob: the object it becomes part of is its parts' blobs.
    const received = await receiveBody(ctx, ctx.store.objectBytes, input.Body, { inline: false });
    return { received, replaced: [] } satisfies PartSettlement;
  },
  async handle(input, ctx) {
    const received = await savePart(input, ctx);
    return { ETag: received.etag, ServerSideEncryption: 'AES256', ...checksumOutput(received.checksum) };
  },
  settle: settlePart,
});

/**
 * UploadPartCopy: a part copied from a stored object (or a byte range of it). Authorized as
 * s3:GetObject on the source and s3:PutObject on the upload's key. AWS: S3 API Reference, UploadPartCopy.
 */
export const UploadPartCopy = defineOperation<Input & { CopySource: string }>({
  service: 's3',
  name: 'UploadPartCopy',
  readOnly: false,
  async authorize(input, ctx) {
    const source = copySource(input.CopySource);
    return [...(await sourceNeeds(ctx, source, input.ExpectedSourceBucketOwner, false)), ...(await putNeeds(input, ctx))];
  },
  async prepare(input, ctx) {
    partNumberOf(input);
    const upload = await namedUpload(ctx, input);
    const object = await sourceObject(ctx, input, copySource(input.CopySource));
    let start = 0;
    let end = object.size - 1;
    if (typeof input.CopySourceRange === 'string') {
      const match = /^bytes=(\d+)-(\d+)$/.exec(input.CopySourceRange);
      if (match === null || Number(match[2]) < Number(match[1]) || Number(match[2]) >= object.size) {
        throw invalidArgument(
          'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
          'x-amz-copy-source-range',
          input.CopySourceRange,
        );
      }
      start = Number(match[1]);
      end = Number(match[2]);
    }
    const received = await receiveCopy(ctx, object, start, end, upload.checksumAlgorithm ?? undefined, false);
    return { received, replaced: [] } satisfies PartSettlement;
  },
  async handle(input, ctx) {
    const received = await savePart(input, ctx);
    return { CopyPartResult: { ETag: received.etag, LastModified: ctx.now, ...checksumOutput(received.checksum) } };
  },
  settle: settlePart,
});

interface CompleteInput extends Input {
  MultipartUpload?: { Parts?: { PartNumber: number; ETag?: string }[] };
}

const stripQuotes = (etag: string): string => etag.trim().replace(/^"|"$/g, '');

/**
 * CompleteMultipartUpload: the listed parts, in ascending order, each as uploaded (its ETag must
 * match), every one but the last at least 5 MiB, become the object; its ETag is the MD5 of the
 * parts' MD5s with `-<number of parts>`, and its checksum (when the upload chose an algorithm)
 * the checksum of the parts' checksums, `-<n>` (S3's COMPOSITE type). Parts not listed are
 * dropped. Authorized as s3:PutObject. AWS: S3 API Reference, CompleteMultipartUpload
 * (InvalidPart, InvalidPartOrder, EntityTooSmall); S3 User Guide, "Checking object integrity".
 */
export const CompleteMultipartUpload = defineOperation<CompleteInput>({
  service: 's3',
  name: 'CompleteMultipartUpload',
  readOnly: false,
  authorize: putNeeds,
  async prepare() {
    return { doomed: [] } satisfies DeletionSettlement;
  },
  async handle(input, ctx) {
    const settlement = ctx.prepared as DeletionSettlement;
    const listed = input.MultipartUpload?.Parts ?? [];
    if (listed.length === 0) throw malformedXml();
    const upload = await namedUpload(ctx, input);
    for (let i = 1; i < listed.length; i++) {
      if (listed[i]!.PartNumber <= listed[i - 1]!.PartNumber) {
        throw new ServiceError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', {
          UploadId: input.UploadId,
        });
      }
    }
    const stored = new Map<number, PartRecord>();
    for (let after = 0; ; ) {
      const page = await ctx.store.s3Uploads.parts(input.UploadId, after, 1000);
      for (const part of page) stored.set(part.partNumber, part);
      if (page.length < 1000) break;
      after = page.at(-1)!.partNumber;
    }
    const parts: PartRecord[] = [];
    for (const wanted of listed) {
      const part = stored.get(wanted.PartNumber);
      if (part === undefined || (wanted.ETag !== undefined && stripQuotes(wanted.ETag) !== stripQuotes(part.etag))) {
        throw new ServiceError(
          'InvalidPart',
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: input.UploadId, PartNumber: String(wanted.PartNumber), ETag: wanted.ETag ?? '' },
        );
      }
      parts.push(part);
    }
    for (const part of parts.slice(0, -1)) {
      if (part.size < MIN_PART_BYTES) {
        throw new ServiceError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
          ProposedSize: String(part.size),
          MinSizeAllowed: String(MIN_PART_BYTES),
          PartNumber: String(part.partNumber),
          ETag: part.etag,
        });
      }
    }
    if ((await ctx.store.s3Buckets.get(input.Bucket)) === undefined) throw noSuchBucket(input.Bucket);
    const md5s = Buffer.concat(parts.map((p) => Buffer.from(stripQuotes(p.etag), 'hex')));
    const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
    const record: ObjectRecord = {
      bucket: input.Bucket,
      key: input.Key,
      size: parts.reduce((sum, p) => sum + p.size, 0),
      etag,
      lastModified: ctx.now.toISOString(),
      headers: upload.headers,
      metadata: upload.metadata,
      tags: upload.tags,
      checksum: compositeChecksum(upload.checksumAlgorithm, parts),
      blobs: parts.map((p) => ({ id: p.blob, size: p.size })),
      data: null,
    };
    const used = new Set(parts.map((p) => p.blob));
    for (const part of await ctx.store.s3Uploads.delete(input.UploadId)) if (!used.has(part.blob)) settlement.doomed.push(part.blob);
    const replaced = await ctx.store.s3Objects.put(record);
    if (replaced !== undefined) settlement.doomed.push(...replaced.blobs.map((b) => b.id));
    return {
      Location: `/${input.Bucket}/${input.Key}`,
      Bucket: input.Bucket,
      Key: input.Key,
      ETag: etag,
      ServerSideEncryption: upload.headers.ServerSideEncryption,
      ...checksumOutput(record.checksum),
    };
  },
  settle: async (prepared, committed, ctx) => {
    if (committed) await ctx.store.objectBytes.delete((prepared as DeletionSettlement).doomed);
  },
});

function compositeChecksum(algorithm: string | null, parts: readonly PartRecord[]): StoredChecksum | null {
  if (algorithm === null || parts.some((p) => p.checksum?.algorithm !== algorithm)) return null;
  const joined = Buffer.concat(parts.map((p) => Buffer.from(p.checksum!.value, 'base64')));
  return { algorithm, value: `${checksumOf(algorithm as ChecksumAlgorithm, joined)}-${parts.length}`, type: 'COMPOSITE' };
}

/** AbortMultipartUpload: the upload and its parts' bytes go. Authorized as s3:AbortMultipartUpload. AWS: S3 API Reference, AbortMultipartUpload. */
export const AbortMultipartUpload = defineOperation<Input>({
  service: 's3',
  name: 'AbortMultipartUpload',
  readOnly: false,
  async authorize(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    return [s3Need(ctx, 's3:AbortMultipartUpload', bucket, input.Key)];
  },
  async prepare() {
    return { doomed: [] } satisfies DeletionSettlement;
  },
  async handle(input, ctx) {
    await namedUpload(ctx, input);
    const parts = await ctx.store.s3Uploads.delete(input.UploadId);
    (ctx.prepared as DeletionSettlement).doomed.push(...parts.map((p) => p.blob));
    return {};
  },
  settle: async (prepared, committed, ctx) => {
    if (committed) await ctx.store.objectBytes.delete((prepared as DeletionSettlement).doomed);
  },
});

/** ListParts. Authorized as s3:ListMultipartUploadParts. AWS: S3 API Reference, ListParts. */
export const ListParts = defineOperation<Input & { MaxParts?: number; PartNumberMarker?: number }>({
  service: 's3',
  name: 'ListParts',
  readOnly: true,
  async authorize(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    return [s3Need(ctx, 's3:ListMultipartUploadParts', bucket, input.Key)];
  },
  async handle(input, ctx) {
    const upload = await namedUpload(ctx, input);
    const bucket = await namedBucket(ctx, input.Bucket);
    const max = Math.min(input.MaxParts ?? 1000, 1000);
    const after = input.PartNumberMarker ?? 0;
    const page = await ctx.store.s3Uploads.parts(input.UploadId, after, max + 1);
    const shown = page.slice(0, max);
    const truncated = page.length > max;
    return {
      Bucket: input.Bucket,
      Key: input.Key,
      UploadId: input.UploadId,
      PartNumberMarker: after,
      ...(truncated ? { NextPartNumberMarker: shown.at(-1)!.partNumber } : {}),
      MaxParts: max,
      IsTruncated: truncated,
      Parts: shown.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: new Date(p.lastModified),
        ETag: p.etag,
        Size: p.size,
        ...checksumOutput(p.checksum),
      })),
      Initiator: { ID: upload.initiator.id, DisplayName: upload.initiator.displayName },
      Owner: { ID: canonicalUserId(bucket.accountId) },
      StorageClass: upload.headers.StorageClass ?? 'STANDARD',
      ...(upload.checksumAlgorithm !== null ? { ChecksumAlgorithm: upload.checksumAlgorithm } : {}),
    };
  },
});

/** ListMultipartUploads. Authorized as s3:ListBucketMultipartUploads. AWS: S3 API Reference, ListMultipartUploads. */
export const ListMultipartUploads = defineOperation<{
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  KeyMarker?: string;
  UploadIdMarker?: string;
  MaxUploads?: number;
  ExpectedBucketOwner?: string;
}>({
  service: 's3',
  name: 'ListMultipartUploads',
  readOnly: true,
  async authorize(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    return [s3Need(ctx, 's3:ListBucketMultipartUploads', bucket)];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    const max = Math.min(input.MaxUploads ?? 1000, 1000);
    const prefix = input.Prefix ?? '';
    const uploads: UploadRecord[] = [];
    const prefixes: string[] = [];
    let keyMarker = input.KeyMarker;
    let uploadIdMarker = input.KeyMarker === undefined ? undefined : input.UploadIdMarker;
    let truncated = false;
    outer: for (;;) {
      const page = await ctx.store.s3Uploads.list(input.Bucket, {
        prefix,
        ...(keyMarker !== undefined ? { keyMarker } : {}),
        ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
        limit: 1000,
      });
      for (const upload of page) {
        const rest = upload.key.slice(prefix.length);
        const at = input.Delimiter === undefined || input.Delimiter === '' ? -1 : rest.indexOf(input.Delimiter);
        const common = at >= 0 ? prefix + rest.slice(0, at + input.Delimiter!.length) : undefined;
        if (common !== undefined && prefixes.at(-1) === common) continue;
        if (uploads.length + prefixes.length >= max) {
          truncated = true;
          break outer;
        }
        if (common !== undefined) prefixes.push(common);
        else uploads.push(upload);
        keyMarker = upload.key;
        uploadIdMarker = upload.uploadId;
      }
      if (page.length < 1000) break;
    }
    const last = uploads.at(-1);
    return {
      Bucket: input.Bucket,
      KeyMarker: input.KeyMarker ?? '',
      UploadIdMarker: input.UploadIdMarker ?? '',
      ...(truncated && last !== undefined ? { NextKeyMarker: last.key, NextUploadIdMarker: last.uploadId } : {}),
      Prefix: prefix,
      ...(input.Delimiter !== undefined ? { Delimiter: input.Delimiter } : {}),
      MaxUploads: max,
      IsTruncated: truncated,
      Uploads: uploads.map((u) => ({
        UploadId: u.uploadId,
        Key: u.key,
        Initiated: new Date(u.initiated),
        StorageClass: u.headers.StorageClass ?? 'STANDARD',
        Owner: { ID: canonicalUserId(bucket.accountId) },
        Initiator: { ID: u.initiator.id, DisplayName: u.initiator.displayName },
        ...(u.checksumAlgorithm !== null ? { ChecksumAlgorithm: u.checksumAlgorithm } : {}),
      })),
      CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
    };
  },
});
