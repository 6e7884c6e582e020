import { announcing } from './announcing.js';
import { S3_ACCOUNTS_TOPIC, S3_BUCKETS_TOPIC } from './changeTopics.js';
import type { BucketRecord, S3BucketsRepository } from './repositories/index.js';
import type { ChangeFeed } from './types.js';
import type { EntityReadCache } from './entityReadCache.js';

/**
 * S3 buckets as the store hands them out: every write (its existence, owner, policy, Block Public
 * Access, tags) announces the bucket, so that reads outside transactions may be cached (each
 * bucket kept under its own name, as the cache's account and name), and an
 * account's Block Public Access announces the account, so that every node drops what it compiled.
 */
export function s3BucketsAnnouncing(buckets: S3BucketsRepository, changes: ChangeFeed, cache: EntityReadCache<BucketRecord> | undefined): S3BucketsRepository {
  const bucket = async (_: unknown, name: string): Promise<void> => changes.publish(S3_BUCKETS_TOPIC, name);
  return {
    ...buckets,
    get: cache === undefined ? buckets.get : (name) => cache.entity(name, name, () => buckets.get(name)),
    setTags: announcing(buckets.setTags, bucket),
    create: announcing(buckets.create, (record) => changes.publish(S3_BUCKETS_TOPIC, record.name)),
    delete: announcing(buckets.delete, bucket),
    setPolicy: announcing(buckets.setPolicy, bucket),
    setPublicAccessBlock: announcing(buckets.setPublicAccessBlock, bucket),
    setAccountPublicAccessBlock: announcing(buckets.setAccountPublicAccessBlock, (_, accountId) => changes.publish(S3_ACCOUNTS_TOPIC, accountId)),
  };
}
