import type { ObjectRecord } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { checkPreconditions, requestedRange } from './conditions.js';
import { receiveBody, type ReceivedBody } from './objectBody.js';
import { checkNoAcl, objectOutput, storedHeaders, userMetadata } from './objectHeaders.js';
import { objectBytes, ready } from './objectStream.js';
import { checkKey } from './names.js';
import { existingTagKeys, namedBucket, namedObject, requestTagKeys, s3Need } from './s3Access.js';
import { noSuchBucket, noSuchKey, preconditionFailed } from './s3Errors.js';
import { checkTags, parseTaggingHeader } from './tags.js';
import { checksumHeader, type ChecksumAlgorithm } from './checksums.js';

type Input = Record<string, unknown> & { Bucket: string; Key: string; ExpectedBucketOwner?: string };

/** The condition keys of the headers an upload may carry. AWS: Service Authorization Reference, s3:PutObject. */
export function uploadKeys(input: Record<string, unknown>): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  const put = (key: string, value: unknown): void => {
    if (typeof value === 'string') keys[key] = value;
  };
  put('s3:x-amz-acl', input.ACL);
  put('s3:x-amz-server-side-encryption', input.ServerSideEncryption);
  put('s3:x-amz-server-side-encryption-aws-kms-key-id', input.SSEKMSKeyId);
  put('s3:x-amz-storage-class', input.StorageClass);
  put('s3:x-amz-website-redirect-location', input.WebsiteRedirectLocation);
  put('s3:object-lock-mode', input.ObjectLockMode);
  put('s3:object-lock-legal-hold', input.ObjectLockLegalHoldStatus);
  return keys;
}

/** What a PutObject call left outside the database, settled once its transaction ends. */
export interface UploadSettlement {
  readonly received: ReceivedBody;
  /** The blobs of the object the committed write replaced. */
  replaced: string[];
}

/** Keeps a committed upload's blob and drops what it replaced; drops the blob of an upload that did not commit. */
export async function settleUpload(ctx: OperationContext, prepared: unknown, committed: boolean): Promise<void> {
  const settlement = prepared as UploadSettlement;
  const blob = settlement.received.blob;
  await ctx.store.objectBytes.delete(committed ? settlement.replaced : blob === null ? [] : [blob]);
}

/** Where a received body's bytes are, as an object record says it: its blob, or in the row. */
export function storedBytes(received: ReceivedBody): Pick<ObjectRecord, 'checksum' | 'blobs' | 'data'> {
  return {
    checksum: received.checksum,
    blobs: received.blob === null ? [] : [{ id: received.blob, size: received.size }],
    data: received.inline,
  };
}

/**
 * PutObject: the body streams to the byte store and is checked (SigV4 payload, Content-MD5,
 * x-amz-checksum-*) before the object's metadata commits with the call's audit record; the object
 * it replaces loses its bytes once that commit is done. Authorized as s3:PutObject, and
 * s3:PutObjectTagging when `x-amz-tagging` sets tags (with s3:RequestObjectTag/… keys).
 * AWS: S3 API Reference, PutObject; S3 User Guide, "Amazon S3 condition key examples".
 */
export const PutObject = defineOperation<Input>({
  service: 's3',
  name: 'PutObject',
  readOnly: false,
  async authorize(input, ctx) {
    checkKey(input.Key);
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    const tags = parseTaggingHeader(input.Tagging as string | undefined);
    const context = { ...uploadKeys(input), ...(tags.length > 0 ? requestTagKeys(tags) : {}) };
    const needs: AuthorizationNeed[] = [s3Need(ctx, 's3:PutObject', bucket, input.Key, context)];
    if (tags.length > 0) needs.push(s3Need(ctx, 's3:PutObjectTagging', bucket, input.Key, context));
    return needs;
  },
  async prepare(input, ctx) {
    checkNoAcl(input);
    checkTags(parseTaggingHeader(input.Tagging as string | undefined), 10, 'Object');
    userMetadata(input);
    const received = await receiveBody(ctx, ctx.store.objectBytes, input.Body);
    return { received, replaced: [] } satisfies UploadSettlement;
  },
  async handle(input, ctx) {
    const settlement = ctx.prepared as UploadSettlement;
    const { received } = settlement;
    if ((await ctx.store.s3Buckets.get(input.Bucket)) === undefined) throw noSuchBucket(input.Bucket);
    const record: ObjectRecord = {
      bucket: input.Bucket,
      key: input.Key,
      size: received.size,
      etag: received.etag,
      lastModified: ctx.now.toISOString(),
      headers: storedHeaders(input),
      metadata: userMetadata(input),
      tags: parseTaggingHeader(input.Tagging as string | undefined),
      ...storedBytes(received),
    };
    // AWS: conditional writes — If-None-Match: * fails when the key exists (S3 API Reference, PutObject).
    if (input.IfNoneMatch === '*' && (await ctx.store.s3Objects.get(input.Bucket, input.Key)) !== undefined) throw preconditionFailed('If-None-Match');
    const replaced = await ctx.store.s3Objects.put(record);
    settlement.replaced = replaced?.blobs.map((b) => b.id) ?? [];
    return { ETag: received.etag, ServerSideEncryption: record.headers.ServerSideEncryption, ...checksumOutput(received.checksum) };
  },
  settle: (prepared, committed, ctx) => settleUpload(ctx, prepared, committed),
});

/** The `Checksum<ALGORITHM>` output member of a stored checksum. */
export function checksumOutput(checksum: ObjectRecord['checksum']): Record<string, string> {
  if (checksum === null) return {};
  const member = `Checksum${checksum.algorithm}`;
  return { [member]: checksum.value };
}

/** The raw `x-amz-checksum-*` header of a stored checksum (for algorithms the model lacks). */
export function checksumHeaderOf(algorithm: ChecksumAlgorithm): string {
  return checksumHeader(algorithm);
}

/**
 * The needs of a read of an object: s3:GetObject with the object's tags as s3:ExistingObjectTag/…
 * keys; and, when the object does not exist, s3:ListBucket on the bucket, which decides whether
 * the caller learns that (NoSuchKey) or is refused (AccessDenied).
 * AWS: S3 API Reference, GetObject — "If the object you request doesn't exist, the error that
 * Amazon S3 returns depends on whether you also have the s3:ListBucket permission."
 */
async function readNeeds(input: Input, ctx: OperationContext): Promise<AuthorizationNeed[]> {
  const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
  const object = await namedObject(ctx, input.Bucket, input.Key);
  const needs = [s3Need(ctx, 's3:GetObject', bucket, input.Key, existingTagKeys(object))];
  if (object === undefined) needs.push(s3Need(ctx, 's3:ListBucket', bucket));
  return needs;
}

/** The object for a read, checked against the request's conditions; NoSuchKey when there is none. */
async function readable(input: Input, ctx: OperationContext, fresh: boolean): Promise<ObjectRecord> {
  const object = fresh ? await ctx.store.s3Objects.get(input.Bucket, input.Key) : await namedObject(ctx, input.Bucket, input.Key);
  if (object === undefined) throw noSuchKey(input.Key);
  checkPreconditions(object, {
    ifMatch: input.IfMatch as string | undefined,
    ifNoneMatch: input.IfNoneMatch as string | undefined,
    ifModifiedSince: input.IfModifiedSince as Date | undefined,
    ifUnmodifiedSince: input.IfUnmodifiedSince as Date | undefined,
  });
  return object;
}

/** `response-*` query parameters override the returned headers (signed requests only, as AWS). */
function responseOverrides(input: Input): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pairs: [string, string][] = [
    ['ResponseCacheControl', 'CacheControl'],
    ['ResponseContentDisposition', 'ContentDisposition'],
    ['ResponseContentEncoding', 'ContentEncoding'],
    ['ResponseContentLanguage', 'ContentLanguage'],
    ['ResponseContentType', 'ContentType'],
  ];
  for (const [from, to] of pairs) if (typeof input[from] === 'string') out[to] = input[from];
  if (input.ResponseExpires instanceof Date) out.ExpiresString = input.ResponseExpires.toUTCString();
  return out;
}

/**
 * GetObject: the bytes, whole or a range (206), with the object's headers and metadata;
 * conditional headers as S3 reads them. Authorized by `readNeeds`.
 */
export const GetObject = defineOperation<Input>({
  service: 's3',
  name: 'GetObject',
  readOnly: true,
  authorize: readNeeds,
  async handle(input, ctx) {
    for (let attempt = 0; ; attempt++) {
      const object = await readable(input, ctx, attempt > 0);
      const range = requestedRange(input.Range as string | undefined, object.size);
      const start = range?.start ?? 0;
      const end = range?.end ?? object.size - 1;
      const out: Record<string, unknown> = { ...objectOutput(object), ContentLength: end - start + 1, ...responseOverrides(input) };
      if (range !== undefined) out.ContentRange = `bytes ${start}-${end}/${object.size}`;
      else if (input.ChecksumMode === 'ENABLED') Object.assign(out, checksumOutput(object.checksum));
      if (object.size === 0) return { ...out, Body: Buffer.alloc(0) };
      if (object.data !== null) return { ...out, Body: object.data.subarray(start, end + 1) };
      const body = objectBytes(ctx.store.objectBytes, object.blobs, start, end);
      // A blob deleted since the object was read: the object changed; read it again.
      if (await ready(body)) return { ...out, Body: body };
      body.destroy();
      if (attempt >= 2) throw noSuchKey(input.Key);
    }
  },
});

/** HeadObject: GetObject's headers without its body. */
export const HeadObject = defineOperation<Input>({
  service: 's3',
  name: 'HeadObject',
  readOnly: true,
  authorize: readNeeds,
  async handle(input, ctx) {
    const object = await readable(input, ctx, false);
    const range = requestedRange(input.Range as string | undefined, object.size);
    const out: Record<string, unknown> = {
      ...objectOutput(object),
      ContentLength: range === undefined ? object.size : range.end - range.start + 1,
      ...responseOverrides(input),
    };
    if (range !== undefined) out.ContentRange = `bytes ${range.start}-${range.end}/${object.size}`;
    else if (input.ChecksumMode === 'ENABLED') Object.assign(out, checksumOutput(object.checksum));
    return out;
  },
});

/** What a deletion leaves to settle: the deleted objects' blobs, dropped once the deletion commits. */
export interface DeletionSettlement {
  doomed: string[];
}

/**
 * DeleteObject: 204 whether or not the key exists; the bytes go once the deletion commits.
 * Authorized as s3:DeleteObject. AWS: S3 API Reference, DeleteObject.
 */
export const DeleteObject = defineOperation<Input>({
  service: 's3',
  name: 'DeleteObject',
  readOnly: false,
  async authorize(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    return [s3Need(ctx, 's3:DeleteObject', bucket, input.Key)];
  },
  async prepare() {
    return { doomed: [] } satisfies DeletionSettlement;
  },
  async handle(input, ctx) {
    const deleted = await ctx.store.s3Objects.delete(input.Bucket, input.Key);
    if (deleted !== undefined) (ctx.prepared as DeletionSettlement).doomed.push(...deleted.blobs.map((b) => b.id));
    return {};
  },
  settle: async (prepared, committed, ctx) => {
    if (committed) await ctx.store.objectBytes.delete((prepared as DeletionSettlement).doomed);
  },
});
