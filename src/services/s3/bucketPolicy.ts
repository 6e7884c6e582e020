import { ServiceError } from '../../errors.js';
import { isPublicBucketPolicy } from '../../analysis/customChecks/index.js';
import type { BucketRecord } from '../../store/index.js';
import { bindPolicyPrincipals, unbindPolicy } from '../shared/index.js';
import { defineOperation } from '../operation.js';
import type { OperationContext } from '../operation.js';
import { checkBucketPolicy } from './policyValidation.js';
import { namedBucket, s3Need } from './s3Access.js';

type BucketInput = { Bucket: string; ExpectedBucketOwner?: string };

/**
 * Only the bucket owner's identities may read or write its policy: another account's caller
 * allowed by the policy itself is refused with 405. AWS: S3 API Reference, PutBucketPolicy —
 * "If you have the correct permissions, but you're not using an identity that belongs to the
 * bucket owner's account, Amazon S3 returns a 405 Method Not Allowed error."
 */
function ownerOnly(ctx: OperationContext, bucket: BucketRecord): void {
  if (ctx.principal.accountId !== bucket.accountId) {
    throw new ServiceError('MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: 'PUT', ResourceType: 'BUCKETPOLICY' });
  }
}

/** Whether Block Public Access (the bucket's or its owner account's) has this setting on. */
export async function blockSetting(ctx: OperationContext, bucket: BucketRecord, setting: 'BlockPublicPolicy' | 'BlockPublicAcls'): Promise<boolean> {
  if (bucket.publicAccessBlock?.[setting] === true) return true;
  return (await ctx.store.s3Buckets.accountPublicAccessBlock(bucket.accountId))?.[setting] === true;
}

/**
 * PutBucketPolicy: the policy as S3 checks it (`checkBucketPolicy`: MalformedPolicy with AWS's
 * message), refused while Block Public Access's BlockPublicPolicy is on and the policy is public
 * (AccessDenied). Authorized as s3:PutBucketPolicy, separate from every data permission; the
 * owner's root may always write it (the bucket policy rule). The principals it names are bound to
 * their unique IDs (a deleted user's ARN is rewritten to its ID, as AWS shows).
 * AWS: S3 API Reference, PutBucketPolicy; S3 User Guide, "Blocking public access" (BlockPublicPolicy).
 */
export const PutBucketPolicy = defineOperation<BucketInput & { Policy?: string }>({
  service: 's3',
  name: 'PutBucketPolicy',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutBucketPolicy', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    ownerOnly(ctx, bucket);
    const text = input.Policy ?? '';
    const policy = await checkBucketPolicy(text, bucket.name, ctx.store);
    if ((await blockSetting(ctx, bucket, 'BlockPublicPolicy')) && isPublicBucketPolicy(text)) {
      throw new ServiceError(
        'AccessDenied',
        `User: ${ctx.principal.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      );
    }
    await ctx.store.s3Buckets.setPolicy(bucket.name, text);
    await bindPolicyPrincipals(ctx.store, 'bucket-policy', bucket.accountId, bucket.name, policy);
    return {};
  },
});

/** GetBucketPolicy: the policy as written; NoSuchBucketPolicy when there is none. Authorized as s3:GetBucketPolicy. */
export const GetBucketPolicy = defineOperation<BucketInput>({
  service: 's3',
  name: 'GetBucketPolicy',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetBucketPolicy', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    ownerOnly(ctx, bucket);
    if (bucket.policy === null) throw noSuchBucketPolicy(bucket.name);
    return { Policy: bucket.policy };
  },
});

const noSuchBucketPolicy = (bucket: string): ServiceError => new ServiceError('NoSuchBucketPolicy', 'The bucket policy does not exist', { BucketName: bucket });

/** DeleteBucketPolicy: 204 whether or not there was one. Authorized as s3:DeleteBucketPolicy. */
export const DeleteBucketPolicy = defineOperation<BucketInput>({
  service: 's3',
  name: 'DeleteBucketPolicy',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:DeleteBucketPolicy', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    ownerOnly(ctx, bucket);
    await ctx.store.s3Buckets.setPolicy(bucket.name, null);
    await unbindPolicy(ctx.store, 'bucket-policy', bucket.accountId, bucket.name);
    return {};
  },
});

/**
 * GetBucketPolicyStatus: IsPublic as S3 defines public (`isPublicBucketPolicy`). Authorized as
 * s3:GetBucketPolicyStatus. AWS: S3 API Reference, GetBucketPolicyStatus.
 */
export const GetBucketPolicyStatus = defineOperation<BucketInput>({
  service: 's3',
  name: 'GetBucketPolicyStatus',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetBucketPolicyStatus', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    if (bucket.policy === null) throw noSuchBucketPolicy(bucket.name);
    return { PolicyStatus: { IsPublic: isPublicBucketPolicy(bucket.policy) } };
  },
});
