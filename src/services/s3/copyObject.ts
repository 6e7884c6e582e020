import type { ObjectRecord } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { AuthorizationNeed, OperationContext } from '../operation.js';
import { checkPreconditions } from './conditions.js';
import { receiveCopy } from './objectCopy.js';
import { checkNoAcl, storedHeaders, userMetadata } from './objectHeaders.js';
import { checkKey } from './names.js';
import { checksumOutput, settleUpload, storedBytes, uploadKeys, type UploadSettlement } from './objects.js';
import { existingTagKeys, header, namedBucket, namedObject, requestTagKeys, s3Need } from './s3Access.js';
import { MAX_PUT_BYTES, invalidArgument, invalidRequest, noSuchBucket, noSuchKey } from './s3Errors.js';
import { checkTags, parseTaggingHeader } from './tags.js';

type CopyInput = Record<string, unknown> & {
  Bucket: string;
  Key: string;
  CopySource: string;
  ExpectedBucketOwner?: string;
  ExpectedSourceBucketOwner?: string;
};

/** The bucket and key `x-amz-copy-source` names (`bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=`). */
export function copySource(text: string): { bucket: string; key: string } {
  const path = text.startsWith('/') ? text.slice(1) : text;
  const q = path.indexOf('?');
  const bare = q < 0 ? path : path.slice(0, q);
  const slash = bare.indexOf('/');
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(slash < 0 ? bare : bare.slice(0, slash));
    key = slash < 0 ? '' : decodeURIComponent(bare.slice(slash + 1));
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', text);
  }
  if (bucket === '' || key === '') throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', text);
  return { bucket, key };
}

/** The needs of reading a copy's source: s3:GetObject (and s3:GetObjectTagging when its tags are copied), in the source bucket's account. */
export async function sourceNeeds(
  ctx: OperationContext,
  source: { bucket: string; key: string },
  expectedOwner: unknown,
  copiesTags: boolean,
): Promise<AuthorizationNeed[]> {
  const bucket = await namedBucket(ctx, source.bucket, expectedOwner);
  const object = await namedObject(ctx, source.bucket, source.key);
  const needs = [s3Need(ctx, 's3:GetObject', bucket, source.key, existingTagKeys(object))];
  if (copiesTags && object !== undefined && object.tags.length > 0) needs.push(s3Need(ctx, 's3:GetObjectTagging', bucket, source.key, existingTagKeys(object)));
  return needs;
}

/** The source object of a copy, checked against the request's `x-amz-copy-source-if-*` conditions. */
export async function sourceObject(ctx: OperationContext, input: Record<string, unknown>, source: { bucket: string; key: string }): Promise<ObjectRecord> {
  const object = await ctx.store.s3Objects.get(source.bucket, source.key);
  if (object === undefined) throw noSuchKey(source.key);
  checkPreconditions(
    object,
    {
      ifMatch: input.CopySourceIfMatch as string | undefined,
      ifNoneMatch: input.CopySourceIfNoneMatch as string | undefined,
      ifModifiedSince: input.CopySourceIfModifiedSince as Date | undefined,
      ifUnmodifiedSince: input.CopySourceIfUnmodifiedSince as Date | undefined,
    },
    true,
  );
  return object;
}

/**
 * CopyObject: the source's bytes copied into a new blob, with its metadata (`COPY`, the default)
 * or the request's (`REPLACE`), and its tags (`COPY`) or the request's. Authorized as
 * s3:GetObject on the source (in its bucket's account) and s3:PutObject on the destination with
 * s3:x-amz-copy-source and s3:x-amz-metadata-directive; tags copied need s3:GetObjectTagging and
 * s3:PutObjectTagging. AWS: S3 API Reference, CopyObject ("copy an object to itself without
 * changing … metadata" is InvalidRequest; a source over 5 GiB is InvalidRequest).
 */
export const CopyObject = defineOperation<CopyInput>({
  service: 's3',
  name: 'CopyObject',
  readOnly: false,
  async authorize(input, ctx) {
    checkKey(input.Key);
    const source = copySource(input.CopySource);
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    const replaceTags = input.TaggingDirective === 'REPLACE';
    const tags = replaceTags ? parseTaggingHeader(input.Tagging as string | undefined) : [];
    const context = {
      ...uploadKeys(input),
      's3:x-amz-copy-source': input.CopySource,
      ...(typeof input.MetadataDirective === 'string' ? { 's3:x-amz-metadata-directive': input.MetadataDirective } : {}),
      ...(tags.length > 0 ? requestTagKeys(tags) : {}),
    };
    const needs = [...(await sourceNeeds(ctx, source, input.ExpectedSourceBucketOwner, !replaceTags)), s3Need(ctx, 's3:PutObject', bucket, input.Key, context)];
    const sourceTags = (await namedObject(ctx, source.bucket, source.key))?.tags.length ?? 0;
    if (tags.length > 0 || (!replaceTags && sourceTags > 0)) needs.push(s3Need(ctx, 's3:PutObjectTagging', bucket, input.Key, context));
    return needs;
  },
  async prepare(input, ctx) {
    checkNoAcl(input);
    const directive = (input.MetadataDirective as string | undefined) ?? 'COPY';
    const tagging = (input.TaggingDirective as string | undefined) ?? 'COPY';
    if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
    if (tagging !== 'COPY' && tagging !== 'REPLACE') throw invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', tagging);
    const source = copySource(input.CopySource);
    const object = await sourceObject(ctx, input, source);
    const changes =
      directive === 'REPLACE' ||
      typeof input.StorageClass === 'string' ||
      typeof input.WebsiteRedirectLocation === 'string' ||
      typeof input.ServerSideEncryption === 'string';
    if (source.bucket === input.Bucket && source.key === input.Key && !changes) {
      throw invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    if (object.size > MAX_PUT_BYTES) {
      throw invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_BYTES}`);
    }
    if (tagging === 'REPLACE') checkTags(parseTaggingHeader(input.Tagging as string | undefined), 10, 'Object');
    const received = await receiveCopy(ctx, object, 0, object.size - 1, header(ctx, 'x-amz-checksum-algorithm') ?? object.checksum?.algorithm);
    return { received, replaced: [], source: object } satisfies UploadSettlement & { source: ObjectRecord };
  },
  async handle(input, ctx) {
    const settlement = ctx.prepared as UploadSettlement & { source: ObjectRecord };
    const { received, source } = settlement;
    if ((await ctx.store.s3Buckets.get(input.Bucket)) === undefined) throw noSuchBucket(input.Bucket);
    const replace = input.MetadataDirective === 'REPLACE';
    const headers = replace ? storedHeaders(input) : { ...source.headers, ...storageOverrides(input) };
    const record: ObjectRecord = {
      bucket: input.Bucket,
      key: input.Key,
      size: received.size,
      etag: received.etag,
      lastModified: ctx.now.toISOString(),
      headers,
      metadata: replace ? userMetadata(input) : source.metadata,
      tags: input.TaggingDirective === 'REPLACE' ? parseTaggingHeader(input.Tagging as string | undefined) : source.tags,
      ...storedBytes(received),
    };
    const replaced = await ctx.store.s3Objects.put(record);
    settlement.replaced = replaced?.blobs.map((b) => b.id) ?? [];
    return {
      CopyObjectResult: { ETag: received.etag, LastModified: ctx.now, ...checksumOutput(received.checksum) },
      ServerSideEncryption: headers.ServerSideEncryption ?? 'AES256',
    };
  },
  settle: (prepared, committed, ctx) => settleUpload(ctx, prepared, committed),
});

/** With `COPY`, a copy may still change the storage class, redirect and encryption. */
function storageOverrides(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof input.StorageClass === 'string') out.StorageClass = input.StorageClass;
  if (typeof input.WebsiteRedirectLocation === 'string') out.WebsiteRedirectLocation = input.WebsiteRedirectLocation;
  if (typeof input.ServerSideEncryption === 'string') out.ServerSideEncryption = input.ServerSideEncryption;
  return out;
}
