import { ServiceError } from '../../errors.js';
import type { PublicAccessBlock } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import { blockConfiguration } from '../shared/index.js';
import { namedBucket, s3Need } from './s3Access.js';

type BucketInput = { Bucket: string; ExpectedBucketOwner?: string };

/** PutPublicAccessBlock (the bucket's). Authorized as s3:PutBucketPublicAccessBlock. AWS: S3 API Reference, PutPublicAccessBlock. */
export const PutPublicAccessBlock = defineOperation<BucketInput & { PublicAccessBlockConfiguration?: Partial<PublicAccessBlock> }>({
  service: 's3',
  name: 'PutPublicAccessBlock',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutBucketPublicAccessBlock', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    await namedBucket(ctx, input.Bucket);
    await ctx.store.s3Buckets.setPublicAccessBlock(input.Bucket, blockConfiguration(input.PublicAccessBlockConfiguration));
    return {};
  },
});

/** GetPublicAccessBlock (the bucket's); NoSuchPublicAccessBlockConfiguration when none is set. Authorized as s3:GetBucketPublicAccessBlock. */
export const GetPublicAccessBlock = defineOperation<BucketInput>({
  service: 's3',
  name: 'GetPublicAccessBlock',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetBucketPublicAccessBlock', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    if (bucket.publicAccessBlock === null) {
      throw new ServiceError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', { BucketName: bucket.name });
    }
    return { PublicAccessBlockConfiguration: bucket.publicAccessBlock };
  },
});

/** DeletePublicAccessBlock (the bucket's): 204. Authorized as s3:PutBucketPublicAccessBlock (AWS: the permission DeletePublicAccessBlock needs). */
export const DeletePublicAccessBlock = defineOperation<BucketInput>({
  service: 's3',
  name: 'DeletePublicAccessBlock',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutBucketPublicAccessBlock', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    await namedBucket(ctx, input.Bucket);
    await ctx.store.s3Buckets.setPublicAccessBlock(input.Bucket, null);
    return {};
  },
});
