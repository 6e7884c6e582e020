import { ServiceError } from '../../errors.js';
import { canonicalUserId } from '../../model/index.js';
import { DuplicateError } from '../../store/index.js';
import type { PublicAccessBlock } from '../../store/index.js';
import { unbindPolicy } from '../shared/index.js';
import { defineOperation } from '../operation.js';
import type { ContextValue } from '../operation.js';
import { checkBucketName } from './names.js';
import { namedBucket, requestKeys, s3Arn, s3Need } from './s3Access.js';

/** AWS: new buckets have all four Block Public Access settings on (since April 2023). */
const BLOCK_ALL: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The only Object Ownership Gatehouse keeps: ACLs disabled, the bucket owner owns every object. */
export const BUCKET_OWNER_ENFORCED = 'BucketOwnerEnforced';

/** Canned ACLs that grant nothing beyond the bucket owner's full control: allowed with ACLs disabled. */
export const OWNER_ONLY_ACLS: ReadonlySet<string> = new Set(['private', 'bucket-owner-full-control']);

interface CreateBucketInput {
  Bucket: string;
  ACL?: string;
  CreateBucketConfiguration?: { LocationConstraint?: string };
  ObjectOwnership?: string;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

/**
 * CreateBucket. AWS: S3 API Reference, CreateBucket — names are global (BucketAlreadyExists when
 * another account has it; BucketAlreadyOwnedByYou for one's own, except in us-east-1, where the
 * call succeeds again "for legacy compatibility"); a LocationConstraint other than the Region of
 * the endpoint is IllegalLocationConstraintException, `us-east-1` itself InvalidLocationConstraint;
 * new buckets have Object Ownership BucketOwnerEnforced and Block Public Access on, and an ACL
 * granting more than the owner's full control is InvalidBucketAclWithObjectOwnership.
 * Authorized as s3:CreateBucket (and s3:PutBucketOwnershipControls when Object Ownership is set).
 */
export const CreateBucket = defineOperation<CreateBucketInput>({
  service: 's3',
  name: 'CreateBucket',
  readOnly: false,
  authorize(input, ctx) {
    checkBucketName(input.Bucket);
    const context: Record<string, ContextValue> = { ...requestKeys(ctx, ctx.principal.accountId) };
    const constraint = input.CreateBucketConfiguration?.LocationConstraint;
    if (constraint !== undefined) context['s3:LocationConstraint'] = constraint;
    if (input.ACL !== undefined) context['s3:x-amz-acl'] = input.ACL;
    if (input.ObjectOwnership !== undefined) context['s3:x-amz-object-ownership'] = input.ObjectOwnership;
    const resource = s3Arn(input.Bucket);
    const needs = [{ action: 's3:CreateBucket', resource, resourceAccountId: ctx.principal.accountId, context }];
    if (input.ObjectOwnership !== undefined)
      needs.push({ action: 's3:PutBucketOwnershipControls', resource, resourceAccountId: ctx.principal.accountId, context });
    return needs;
  },
  async handle(input, ctx) {
    const constraint = input.CreateBucketConfiguration?.LocationConstraint;
    if (constraint === 'us-east-1')
      throw new ServiceError('InvalidLocationConstraint', 'The specified location-constraint is not valid', { LocationConstraint: constraint });
    const region = constraint === undefined || constraint === '' ? 'us-east-1' : constraint;
    if (region !== ctx.region) {
      throw new ServiceError(
        'IllegalLocationConstraintException',
        `The ${constraint === undefined || constraint === '' ? 'unspecified' : constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
    const ownership = input.ObjectOwnership ?? BUCKET_OWNER_ENFORCED;
    if (ownership !== BUCKET_OWNER_ENFORCED) {
      throw new ServiceError(
        'NotImplemented',
        `Gatehouse keeps ACLs disabled: Object Ownership \`${ownership}\` is not supported (only ${BUCKET_OWNER_ENFORCED}).`,
      );
    }
    const grants = [input.GrantFullControl, input.GrantRead, input.GrantReadACP, input.GrantWrite, input.GrantWriteACP].some((g) => g !== undefined);
    if ((input.ACL !== undefined && !OWNER_ONLY_ACLS.has(input.ACL)) || grants) {
      throw new ServiceError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
    }
    try {
      await ctx.store.s3Buckets.create({ name: input.Bucket, accountId: ctx.principal.accountId, region, publicAccessBlock: BLOCK_ALL, ownership });
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
      const existing = await ctx.store.s3Buckets.get(input.Bucket);
      if (existing?.accountId !== ctx.principal.accountId) {
        throw new ServiceError(
          'BucketAlreadyExists',
          'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
          { BucketName: input.Bucket },
        );
      }
      if (region !== 'us-east-1') {
        throw new ServiceError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {
          BucketName: input.Bucket,
        });
      }
    }
    return { Location: `/${input.Bucket}` };
  },
});

/** HeadBucket: authorized as s3:ListBucket; answers the bucket's Region. AWS: S3 API Reference, HeadBucket. */
export const HeadBucket = defineOperation<{ Bucket: string; ExpectedBucketOwner?: string }>({
  service: 's3',
  name: 'HeadBucket',
  readOnly: true,
  async authorize(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    return [s3Need(ctx, 's3:ListBucket', bucket)];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    return { BucketRegion: bucket.region };
  },
});

/**
 * ListBuckets: the caller's account's buckets, by name, authorized as s3:ListAllMyBuckets.
 * AWS: S3 API Reference, ListBuckets (Owner is the account's canonical user; DisplayName is no
 * longer returned).
 */
export const ListBuckets = defineOperation<{ Prefix?: string; MaxBuckets?: number; ContinuationToken?: string }>({
  service: 's3',
  name: 'ListBuckets',
  readOnly: true,
  authorize: (_input, ctx) => [{ action: 's3:ListAllMyBuckets', resource: '*', context: requestKeys(ctx, ctx.principal.accountId) }],
  async handle(input, ctx) {
    let buckets = await ctx.store.s3Buckets.listForAccount(ctx.principal.accountId);
    if (input.Prefix !== undefined) buckets = buckets.filter((b) => b.name.startsWith(input.Prefix!));
    if (input.ContinuationToken !== undefined) buckets = buckets.filter((b) => b.name > input.ContinuationToken!);
    const max = input.MaxBuckets ?? 10_000;
    const page = buckets.slice(0, max);
    return {
      Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.createdAt), BucketRegion: b.region })),
      Owner: { ID: canonicalUserId(ctx.principal.accountId) },
      ...(buckets.length > max ? { ContinuationToken: page.at(-1)!.name } : {}),
      ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
    };
  },
});

/** GetBucketLocation: authorized as s3:GetBucketLocation; us-east-1 is the empty constraint. AWS: S3 API Reference, GetBucketLocation. */
export const GetBucketLocation = defineOperation<{ Bucket: string; ExpectedBucketOwner?: string }>({
  service: 's3',
  name: 'GetBucketLocation',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetBucketLocation', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region };
  },
});

/** DeleteBucket: only an empty bucket (no objects, no multipart uploads), authorized as s3:DeleteBucket. AWS: S3 API Reference, DeleteBucket (BucketNotEmpty). */
export const DeleteBucket = defineOperation<{ Bucket: string; ExpectedBucketOwner?: string }>({
  service: 's3',
  name: 'DeleteBucket',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:DeleteBucket', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await ctx.store.s3Buckets.get(input.Bucket);
    if (bucket === undefined) return {};
    if ((await ctx.store.s3Objects.any(bucket.name)) || (await ctx.store.s3Uploads.any(bucket.name))) {
      throw new ServiceError('BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket.name });
    }
    await ctx.store.s3Buckets.delete(bucket.name);
    await unbindPolicy(ctx.store, 'bucket-policy', bucket.accountId, bucket.name);
    return {};
  },
});
