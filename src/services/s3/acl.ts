import { ServiceError } from '../../errors.js';
import { canonicalUserId } from '../../model/index.js';
import { defineOperation } from '../operation.js';
import type { OperationContext } from '../operation.js';
import { BUCKET_OWNER_ENFORCED } from './buckets.js';
import { checkNoAcl } from './objectHeaders.js';
import { namedBucket, namedObject, s3Need } from './s3Access.js';
import { aclsNotSupported, noSuchKey } from './s3Errors.js';

/**
 * ACLs are disabled (Object Ownership BucketOwnerEnforced, AWS's default since April 2023): the
 * only ACL a bucket or object has is its owner's full control; reading it works, setting one
 * that grants anything more is AccessControlListNotSupported — also when Block Public Access's
 * BlockPublicAcls is on, as the ACL is refused before it could be public.
 * AWS: S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket"
 * ("requests to set ACLs or update ACLs fail and return the AccessControlListNotSupported error
 * code. Requests to read ACLs are still supported").
 */
function ownerAcl(accountId: string): Record<string, unknown> {
  const id = canonicalUserId(accountId);
  return { Owner: { ID: id }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: id }, Permission: 'FULL_CONTROL' }] };
}

interface AclInput extends Record<string, unknown> {
  Bucket: string;
  Key?: string;
  ExpectedBucketOwner?: string;
  AccessControlPolicy?: { Owner?: { ID?: string }; Grants?: { Grantee?: { Type?: string; ID?: string }; Permission?: string }[] };
}

/** An ACL set by XML: accepted only when it grants the bucket owner full control and nothing else. */
function checkAclDocument(input: AclInput, owner: string): void {
  const document = input.AccessControlPolicy;
  if (document === undefined) return;
  const id = canonicalUserId(owner);
  const grants = document.Grants ?? [];
  const ownerOnly = grants.every((g) => g.Grantee?.Type === 'CanonicalUser' && g.Grantee.ID === id && g.Permission === 'FULL_CONTROL');
  if (!ownerOnly) throw aclsNotSupported();
}

export const GetBucketAcl = defineOperation<AclInput>({
  service: 's3',
  name: 'GetBucketAcl',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetBucketAcl', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    return ownerAcl((await namedBucket(ctx, input.Bucket)).accountId);
  },
});

export const PutBucketAcl = defineOperation<AclInput>({
  service: 's3',
  name: 'PutBucketAcl',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutBucketAcl', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner), undefined, aclKeys(input))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    checkNoAcl(input);
    checkAclDocument(input, bucket.accountId);
    return {};
  },
});

async function existing(ctx: OperationContext, input: AclInput): Promise<void> {
  if ((await namedObject(ctx, input.Bucket, input.Key!)) === undefined) throw noSuchKey(input.Key!);
}

export const GetObjectAcl = defineOperation<AclInput>({
  service: 's3',
  name: 'GetObjectAcl',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetObjectAcl', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner), input.Key)];
  },
  async handle(input, ctx) {
    await existing(ctx, input);
    return ownerAcl((await namedBucket(ctx, input.Bucket)).accountId);
  },
});

export const PutObjectAcl = defineOperation<AclInput>({
  service: 's3',
  name: 'PutObjectAcl',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutObjectAcl', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner), input.Key, aclKeys(input))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    await existing(ctx, input);
    checkNoAcl(input);
    checkAclDocument(input, bucket.accountId);
    return {};
  },
});

function aclKeys(input: AclInput): Record<string, string> {
  return typeof input.ACL === 'string' ? { 's3:x-amz-acl': input.ACL } : {};
}

/** GetBucketOwnershipControls: always BucketOwnerEnforced. Authorized as s3:GetBucketOwnershipControls. */
export const GetBucketOwnershipControls = defineOperation<AclInput>({
  service: 's3',
  name: 'GetBucketOwnershipControls',
  readOnly: true,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:GetBucketOwnershipControls', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    return { OwnershipControls: { Rules: [{ ObjectOwnership: bucket.ownership }] } };
  },
});

/** PutBucketOwnershipControls: BucketOwnerEnforced is accepted (it is already so); Gatehouse keeps ACLs disabled. */
export const PutBucketOwnershipControls = defineOperation<AclInput & { OwnershipControls?: { Rules?: { ObjectOwnership?: string }[] } }>({
  service: 's3',
  name: 'PutBucketOwnershipControls',
  readOnly: false,
  async authorize(input, ctx) {
    return [s3Need(ctx, 's3:PutBucketOwnershipControls', await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner))];
  },
  async handle(input, ctx) {
    await namedBucket(ctx, input.Bucket);
    const wanted = input.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
    if (wanted !== BUCKET_OWNER_ENFORCED) {
      throw new ServiceError(
        'NotImplemented',
        `Gatehouse keeps ACLs disabled: Object Ownership \`${wanted ?? ''}\` is not supported (only ${BUCKET_OWNER_ENFORCED}).`,
      );
    }
    return {};
  },
});
