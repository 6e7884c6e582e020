import { announcing } from './announcing.js';
import { RESOURCE_POLICIES_TOPIC, resourcePolicyChange, S3_ACCOUNTS_TOPIC, S3_BUCKETS_TOPIC } from './changeTopics.js';
import type { BucketRecord, S3BucketsRepository } from './repositories/index.js';
import type { ChangeFeed } from './types.js';
import type { EntityReadCache } from './entityReadCache.js';

/** AWS's resource type of a bucket, as Access Analyzer names it. */
const BUCKET_TYPE = 'AWS::S3::Bucket';

/**
 * S3 buckets as the store hands them out: every write (its existence, owner, policy, Block Public
 * Access, tags) announces the bucket, so that reads outside transactions may be cached (each
 * bucket kept under its own name, as the cache's account and name), and an account's Block Public
 * Access announces the account, so that every node drops what it compiled. A change to what the
 * bucket grants (created, deleted, its policy or Block Public Access) is also a resource-policy
 * change, which Access Analyzer's findings engine analyzes again.
 */
export function s3BucketsAnnouncing(buckets: S3BucketsRepository, changes: ChangeFeed, cache: EntityReadCache<BucketRecord> | undefined): S3BucketsRepository {
  const bucketChanged = (name: string): Promise<void> => changes.publish(S3_BUCKETS_TOPIC, name);
  const policyChange = (accountId: string, name: string): Promise<void> =>
    changes.publish(RESOURCE_POLICIES_TOPIC, resourcePolicyChange(BUCKET_TYPE, accountId, `arn:aws:s3:::${name}`));
  /** A write that changes what the bucket grants: announced with the bucket's owner. */
  const granting = <T>(write: (name: string, setting: T) => Promise<void>) =>
    announcing(write, async (_, name) => {
      await bucketChanged(name);
      const owner = (await buckets.get(name))?.accountId;
      if (owner !== undefined) await policyChange(owner, name);
    });
  return {
    ...buckets,
    get: cache === undefined ? buckets.get : (name) => cache.entity(name, name, () => buckets.get(name)),
    setTags: announcing(buckets.setTags, (_, name) => bucketChanged(name)),
    create: announcing(buckets.create, async (record) => {
      await bucketChanged(record.name);
      await policyChange(record.accountId, record.name);
    }),
    delete: async (name) => {
      const owner = (await buckets.get(name))?.accountId;
      const deleted = await buckets.delete(name);
      if (deleted) {
        await bucketChanged(name);
        if (owner !== undefined) await policyChange(owner, name);
      }
      return deleted;
    },
    setPolicy: granting(buckets.setPolicy),
    setPublicAccessBlock: granting(buckets.setPublicAccessBlock),
    setAccountPublicAccessBlock: announcing(buckets.setAccountPublicAccessBlock, (_, accountId) => changes.publish(S3_ACCOUNTS_TOPIC, accountId)),
  };
}
