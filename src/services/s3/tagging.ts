import { ServiceError } from '../../errors.js';
import type { S3Tag } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { OperationContext } from '../operation.js';
import { existingTagKeys, namedBucket, namedObject, requestTagKeys, s3Need } from './s3Access.js';
import { noSuchKey } from './s3Errors.js';
import { checkTags } from './tags.js';

type ObjectInput = { Bucket: string; Key: string; ExpectedBucketOwner?: string; Tagging?: { TagSet?: S3Tag[] } };
type BucketInput = { Bucket: string; ExpectedBucketOwner?: string; Tagging?: { TagSet?: S3Tag[] } };

async function objectNeed(ctx: OperationContext, input: ObjectInput, action: string, tags?: readonly S3Tag[]) {
  const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
  const object = await namedObject(ctx, input.Bucket, input.Key);
  return [s3Need(ctx, action, bucket, input.Key, { ...existingTagKeys(object), ...(tags !== undefined ? requestTagKeys(tags) : {}) })];
}

/**
 * PutObjectTagging: replaces the object's tags (at most 10). Authorized as s3:PutObjectTagging
 * with s3:ExistingObjectTag/… and s3:RequestObjectTag/… keys. AWS: S3 API Reference, PutObjectTagging.
 */
export const PutObjectTagging = defineOperation<ObjectInput>({
  service: 's3',
  name: 'PutObjectTagging',
  readOnly: false,
  authorize: (input, ctx) => objectNeed(ctx, input, 's3:PutObjectTagging', input.Tagging?.TagSet ?? []),
  async handle(input, ctx) {
    const tags = input.Tagging?.TagSet ?? [];
    checkTags(tags, 10, 'Object');
    if ((await ctx.store.s3Objects.get(input.Bucket, input.Key)) === undefined) throw noSuchKey(input.Key);
    await ctx.store.s3Objects.setTags(input.Bucket, input.Key, tags);
    return {};
  },
});

/** GetObjectTagging. Authorized as s3:GetObjectTagging. */
export const GetObjectTagging = defineOperation<ObjectInput>({
  service: 's3',
  name: 'GetObjectTagging',
  readOnly: true,
  authorize: (input, ctx) => objectNeed(ctx, input, 's3:GetObjectTagging'),
  async handle(input, ctx) {
    const object = await namedObject(ctx, input.Bucket, input.Key);
    if (object === undefined) throw noSuchKey(input.Key);
    return { TagSet: object.tags };
  },
});

/** DeleteObjectTagging: 204. Authorized as s3:DeleteObjectTagging. */
export const DeleteObjectTagging = defineOperation<ObjectInput>({
  service: 's3',
  name: 'DeleteObjectTagging',
  readOnly: false,
  authorize: (input, ctx) => objectNeed(ctx, input, 's3:DeleteObjectTagging'),
  async handle(input, ctx) {
    if ((await ctx.store.s3Objects.get(input.Bucket, input.Key)) === undefined) throw noSuchKey(input.Key);
    await ctx.store.s3Objects.setTags(input.Bucket, input.Key, []);
    return {};
  },
});

/** PutBucketTagging: at most 50 tags. Authorized as s3:PutBucketTagging. AWS: S3 API Reference, PutBucketTagging. */
export const PutBucketTagging = defineOperation<BucketInput>({
  service: 's3',
  name: 'PutBucketTagging',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutBucketTagging', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const tags = input.Tagging?.TagSet ?? [];
    checkTags(tags, 50, 'Bucket');
    await namedBucket(ctx, input.Bucket);
    await ctx.store.s3Buckets.setTags(input.Bucket, tags);
    return {};
  },
});

/** GetBucketTagging: NoSuchTagSet when the bucket has none. Authorized as s3:GetBucketTagging. */
export const GetBucketTagging = defineOperation<BucketInput>({
  service: 's3',
  name: 'GetBucketTagging',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetBucketTagging', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    if (bucket.tags === null || bucket.tags.length === 0) throw new ServiceError('NoSuchTagSet', 'The TagSet does not exist', { BucketName: bucket.name });
    return { TagSet: bucket.tags };
  },
});

/** DeleteBucketTagging: 204. Authorized as s3:PutBucketTagging (AWS: the permission DeleteBucketTagging needs). */
export const DeleteBucketTagging = defineOperation<BucketInput>({
  service: 's3',
  name: 'DeleteBucketTagging',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutBucketTagging', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    await namedBucket(ctx, input.Bucket);
    await ctx.store.s3Buckets.setTags(input.Bucket, null);
    return {};
  },
});
