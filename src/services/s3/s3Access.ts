import { ServiceError } from '../../errors.js';
import type { BucketRecord, ObjectRecord } from '../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { readOncePerCall } from '../operation.js';
import { noSuchBucket } from './s3Errors.js';

/** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`. */
export function s3Arn(bucket: string, key?: string): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

/**
 * The bucket a call names, read once per call. AWS answers NoSuchBucket for a bucket that does
 * not exist to anyone, signed or not (bucket names are global), and AccessDenied when the
 * caller names an `x-amz-expected-bucket-owner` that is not the owner.
 */
export async function namedBucket(ctx: OperationContext, name: string, expectedOwner?: unknown): Promise<BucketRecord> {
  const bucket = await readOncePerCall(ctx, `s3:bucket:${name}`, () => ctx.store.s3Buckets.get(name));
  if (bucket === undefined) throw noSuchBucket(name);
  // AWS: S3 User Guide, "Verifying bucket ownership with bucket owner condition" — 403 Access Denied.
  if (typeof expectedOwner === 'string' && expectedOwner !== bucket.accountId) throw new ServiceError('AccessDenied', 'Access Denied');
  return bucket;
}

/** The object a call names, read once per call (undefined when there is none). */
export function namedObject(ctx: OperationContext, bucket: string, key: string): Promise<ObjectRecord | undefined> {
  return readOncePerCall(ctx, `s3:object:${bucket}\n${key}`, () => ctx.store.s3Objects.get(bucket, key));
}

/** S3's `s3:authType` values. AWS: Service Authorization Reference, Amazon S3 condition keys. */
const AUTH_TYPES = { header: 'REST-HEADER', query: 'REST-QUERY-STRING', form: 'POST' } as const;

/**
 * The condition keys S3 puts in every request's context: how the request was signed
 * (`s3:authType`, `s3:signatureversion`, `s3:signatureAge` in milliseconds since it was signed,
 * `s3:x-amz-content-sha256`), and whose bucket it is (`s3:ResourceAccount`, `aws:ResourceAccount`).
 * AWS: S3 User Guide, "Amazon S3 condition key examples" and the Service Authorization Reference.
 */
export function requestKeys(ctx: OperationContext, owner: string): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = { 's3:ResourceAccount': owner, 'aws:ResourceAccount': owner };
  const signature = ctx.signature;
  if (signature !== undefined) {
    keys['s3:authType'] = AUTH_TYPES[signature.form];
    keys['s3:signatureversion'] = 'AWS4-HMAC-SHA256';
    keys['s3:signatureAge'] = String(Math.max(0, ctx.now.getTime() - signature.signedAt.getTime()));
  }
  const contentSha = header(ctx, 'x-amz-content-sha256');
  if (contentSha !== undefined) keys['s3:x-amz-content-sha256'] = contentSha;
  return keys;
}

/** One S3 need: an action on the bucket (no key) or one of its objects, in the owner's account. */
export function s3Need(ctx: OperationContext, action: string, bucket: BucketRecord, key?: string, context?: Record<string, ContextValue>): AuthorizationNeed {
  return {
    action,
    resource: s3Arn(bucket.name, key),
    resourceAccountId: bucket.accountId,
    context: context === undefined ? requestKeys(ctx, bucket.accountId) : { ...requestKeys(ctx, bucket.accountId), ...context },
  };
}

/** A request header's first value. */
export function header(ctx: OperationContext, name: string): string | undefined {
  const value = ctx.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `s3:ExistingObjectTag/<key>` for each tag of an existing object. */
export function existingTagKeys(object: ObjectRecord | undefined): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  for (const tag of object?.tags ?? []) keys[`s3:ExistingObjectTag/${tag.Key}`] = tag.Value;
  return keys;
}

/** `s3:RequestObjectTag/<key>` and `s3:RequestObjectTagKeys` for the tags a request sets. */
export function requestTagKeys(tags: readonly { Key: string; Value: string }[]): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = { 's3:RequestObjectTagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) keys[`s3:RequestObjectTag/${tag.Key}`] = tag.Value;
  return keys;
}
