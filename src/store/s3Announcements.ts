import { announcing } from './announcing.js';
import { S3_ACCOUNTS_TOPIC, S3_BUCKETS_TOPIC } from './changeTopics.js';
import type { S3BucketsRepository } from './repositories/index.js';
import type { ChangeFeed } from './types.js';

/**
 * S3 buckets as the store hands them out: every write that changes how requests on a bucket are
 * authorized (its existence, owner, policy, Block Public Access) announces the bucket, and an
 * account's Block Public Access announces the account, so that every node drops what it compiled.
 */
export function s3BucketsAnnouncing(buckets: S3BucketsRepository, changes: ChangeFeed): S3BucketsRepository {
  const bucket = async (_: unknown, name: string): Promise<void> => changes.publish(S3_BUCKETS_TOPIC, name);
  return {
    ...buckets,
    create: announcing(buckets.create, (record) => changes.publish(S3_BUCKETS_TOPIC, record.name)),
    delete: announcing(buckets.delete, bucket),
    setPolicy: announcing(buckets.setPolicy, bucket),
    setPublicAccessBlock: announcing(buckets.setPublicAccessBlock, bucket),
    setAccountPublicAccessBlock: announcing(buckets.setAccountPublicAccessBlock, (_, accountId) => changes.publish(S3_ACCOUNTS_TOPIC, accountId)),
  };
}
