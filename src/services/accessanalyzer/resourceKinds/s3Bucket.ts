import type { AnalyzedPolicy } from '../../../analysis/externalAccess/index.js';
import { isPublicBucketPolicy } from '../../../analysis/customChecks/index.js';
import {
  parseResourcePolicyChange,
  RESOURCE_POLICIES_TOPIC,
  RESYNC_TOPIC,
  S3_ACCOUNTS_TOPIC,
  S3_BUCKETS_TOPIC,
  type BucketRecord,
  type PublicAccessBlock,
  type Store,
} from '../../../store/index.js';
import type { ResourceKind } from './resourceKind.js';

/**
 * S3 general purpose buckets: the resource policy is the bucket policy. Gatehouse's buckets have
 * ACLs disabled (Object Ownership BucketOwnerEnforced), so the policy is the only source (`POLICY`).
 *
 * Block Public Access: while RestrictPublicBuckets is on (the bucket's or its account's), a public
 * bucket policy grants nothing outside the owner's account but to AWS services (S3 User Guide,
 * "Blocking public access": it "blocks public and cross-account access derived from any public …
 * bucket policies, including non-public delegation to specific accounts"), so such a bucket is
 * analyzed with no policy and has no external access findings; a policy that is not public still
 * grants what it grants.
 * AWS: IAM User Guide, "Resource types supported for external access" (Amazon S3 buckets);
 * Access Analyzer API reference, S3BucketConfiguration.
 */

const TYPE = 'AWS::S3::Bucket';
/** A bucket without a policy (or whose public policy Block Public Access restricts): it grants nothing. */
const NO_POLICY = '{"Version":"2012-10-17","Statement":[]}';
const BUCKET_ARN = /^arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;

/** Whether RestrictPublicBuckets (the bucket's or the account's) takes a public policy's grants away. */
function restrictsPublic(bucket: PublicAccessBlock | null, account: PublicAccessBlock | null): boolean {
  return bucket?.RestrictPublicBuckets === true || account?.RestrictPublicBuckets === true;
}

function analyzed(bucket: BucketRecord, accountBlock: PublicAccessBlock | null): AnalyzedPolicy[] {
  if (bucket.policy === null) return [];
  if (restrictsPublic(bucket.publicAccessBlock, accountBlock) && isPublicBucketPolicy(bucket.policy)) return [];
  return [
    { resourceType: TYPE, resourceArn: `arn:aws:s3:::${bucket.name}`, ownerAccount: bucket.accountId, policy: bucket.policy, source: { type: 'POLICY' } },
  ];
}

async function analyzedBucket(store: Store, bucket: BucketRecord): Promise<AnalyzedPolicy[]> {
  return analyzed(bucket, await store.s3Buckets.accountPublicAccessBlock(bucket.accountId));
}

export const s3BucketKind: ResourceKind = {
  resourceType: TYPE,

  async list(store, accountId) {
    const accountBlock = await store.s3Buckets.accountPublicAccessBlock(accountId);
    return (await store.s3Buckets.listForAccount(accountId)).flatMap((bucket) => analyzed(bucket, accountBlock));
  },

  async get(store, arn) {
    const m = BUCKET_ARN.exec(arn);
    if (m === null) return [];
    const bucket = await store.s3Buckets.get(m[1]!);
    return bucket === undefined ? [] : analyzedBucket(store, bucket);
  },

  changed(topic, payload) {
    if (topic === RESYNC_TOPIC || (payload === '*' && (topic === RESOURCE_POLICIES_TOPIC || topic === S3_BUCKETS_TOPIC || topic === S3_ACCOUNTS_TOPIC)))
      return { kind: 'all' };
    // An account's Block Public Access changes what every bucket of the account grants.
    if (topic === S3_ACCOUNTS_TOPIC) return { kind: 'account', accountId: payload };
    if (topic !== RESOURCE_POLICIES_TOPIC) return undefined;
    const change = parseResourcePolicyChange(payload);
    return change?.resourceType === TYPE ? { kind: 'resource', accountId: change.ownerAccount, arn: change.arn } : undefined;
  },

  preview: {
    member: 's3Bucket',
    matches: (arn) => BUCKET_ARN.test(arn),
    proposed(arn, configuration, existing, analyzerAccount) {
      const policy = configuration['bucketPolicy'];
      if (policy !== undefined && typeof policy !== 'string') return 'bucketPolicy is not a policy document';
      const block = configuration['bucketPublicAccessBlock'] as { restrictPublicBuckets?: unknown } | undefined;
      if (block !== undefined && (typeof block !== 'object' || block === null || typeof block.restrictPublicBuckets !== 'boolean'))
        return 'bucketPublicAccessBlock needs ignorePublicAcls and restrictPublicBuckets';
      // A new bucket would be the analyzer's account's (an S3 ARN names no account).
      const ownerAccount = existing[0]?.ownerAccount ?? analyzerAccount;
      let proposedPolicy = policy ?? existing[0]?.policy ?? NO_POLICY;
      // AWS: an unspecified Block Public Access keeps an existing bucket's setting; a new bucket's is false.
      if (block?.restrictPublicBuckets === true && isPublicBucketPolicy(proposedPolicy)) proposedPolicy = NO_POLICY;
      return [{ resourceType: TYPE, resourceArn: arn, ownerAccount, policy: proposedPolicy, source: { type: 'POLICY' } }];
    },
  },
};
