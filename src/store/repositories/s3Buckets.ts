import type { Selectable } from 'kysely';
import type { S3BucketsTable } from '../schema.js';
import { DuplicateError, isUniqueViolation } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';
import { preparedQuery } from './prepared.js';

/** S3's Block Public Access settings (each absent setting is false). */
export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** A tag in S3's wire shape. */
export interface S3Tag {
  readonly Key: string;
  readonly Value: string;
}

/** An S3 bucket as stored. */
export interface BucketRecord {
  readonly name: string;
  /** The owner: the account that created it. */
  readonly accountId: string;
  readonly region: string;
  readonly createdAt: string;
  /** The bucket policy as written by PutBucketPolicy, or null. */
  readonly policy: string | null;
  readonly publicAccessBlock: PublicAccessBlock | null;
  readonly tags: readonly S3Tag[] | null;
  /** Object Ownership: `BucketOwnerEnforced` (ACLs disabled). */
  readonly ownership: string;
}

export interface NewBucket {
  name: string;
  accountId: string;
  region: string;
  publicAccessBlock: PublicAccessBlock | null;
  ownership: string;
}

/** S3 buckets (names are global) and each account's S3 settings. */
export interface S3BucketsRepository {
  /** Throws `DuplicateError` if a bucket of that name exists (any account's). */
  create(bucket: NewBucket): Promise<BucketRecord>;
  get(name: string): Promise<BucketRecord | undefined>;
  /** The account's buckets, by name. */
  listForAccount(accountId: string): Promise<BucketRecord[]>;
  delete(name: string): Promise<boolean>;
  setPolicy(name: string, policy: string | null): Promise<void>;
  setPublicAccessBlock(name: string, block: PublicAccessBlock | null): Promise<void>;
  setTags(name: string, tags: readonly S3Tag[] | null): Promise<void>;
  /** The account-level Block Public Access (s3control), or null when none is set. */
  accountPublicAccessBlock(accountId: string): Promise<PublicAccessBlock | null>;
  setAccountPublicAccessBlock(accountId: string, block: PublicAccessBlock | null): Promise<void>;
}

const byName = preparedQuery((db, v: { name: string }) => db.selectFrom('s3_buckets').selectAll().where('name', '=', v.name));

function fromRow(row: Selectable<S3BucketsTable>): BucketRecord {
  return {
    name: row.name,
    accountId: row.account_id,
    region: row.region,
    createdAt: row.created_at,
    policy: row.policy,
    publicAccessBlock: row.public_access_block === null ? null : (JSON.parse(row.public_access_block) as PublicAccessBlock),
    tags: row.tags === null ? null : (JSON.parse(row.tags) as S3Tag[]),
    ownership: row.ownership,
  };
}

/** S3 buckets over one database handle. */
export function s3BucketsRepository({ db, now }: RepositoryContext): S3BucketsRepository {
  return {
    async create(bucket) {
      const row = {
        name: bucket.name,
        account_id: bucket.accountId,
        region: bucket.region,
        created_at: now(),
        policy: null,
        public_access_block: bucket.publicAccessBlock === null ? null : JSON.stringify(bucket.publicAccessBlock),
        tags: null,
        ownership: bucket.ownership,
      };
      try {
        await db.insertInto('s3_buckets').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('bucket', bucket.name, { cause: error });
        throw error;
      }
      return fromRow(row);
    },
    async get(name) {
      const row = (await byName(db, { name })).rows[0];
      return row === undefined ? undefined : fromRow(row);
    },
    async listForAccount(accountId) {
      const rows = await db.selectFrom('s3_buckets').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
      return rows.map(fromRow);
    },
    async delete(name) {
      const result = await db.deleteFrom('s3_buckets').where('name', '=', name).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async setPolicy(name, policy) {
      await db.updateTable('s3_buckets').set({ policy }).where('name', '=', name).execute();
    },
    async setPublicAccessBlock(name, block) {
      await db
        .updateTable('s3_buckets')
        .set({ public_access_block: block === null ? null : JSON.stringify(block) })
        .where('name', '=', name)
        .execute();
    },
    async setTags(name, tags) {
      await db
        .updateTable('s3_buckets')
        .set({ tags: tags === null ? null : JSON.stringify(tags) })
        .where('name', '=', name)
        .execute();
    },
    async accountPublicAccessBlock(accountId) {
      const row = await db.selectFrom('s3_account_settings').select('public_access_block').where('account_id', '=', accountId).executeTakeFirst();
      return row?.public_access_block == null ? null : (JSON.parse(row.public_access_block) as PublicAccessBlock);
    },
    async setAccountPublicAccessBlock(accountId, block) {
      const value = block === null ? null : JSON.stringify(block);
      await db
        .insertInto('s3_account_settings')
        .values({ account_id: accountId, public_access_block: value })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ public_access_block: value }))
        .execute();
    },
  };
}
