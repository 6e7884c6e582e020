import type { Selectable } from 'kysely';
import type { ManagedPoliciesTable } from '../schema.js';
import { DuplicateError, isUniqueViolation } from '../storeErrors.js';
import { AWS_MANAGED_ACCOUNT, awsManagedPolicies, isAwsManagedArn } from './awsManagedPolicies.js';
import type { AwsManagedPolicy } from './awsManagedPolicies.js';
import type { RepositoryContext } from './context.js';

/** A managed policy: customer managed (in the database) or AWS managed (from the package). */
export interface ManagedPolicyRecord {
  readonly arn: string;
  /** The owning account, `aws` for AWS managed policies. */
  readonly accountId: string;
  readonly policyId: string;
  readonly name: string;
  readonly path: string;
  readonly description: string | null;
  readonly defaultVersionId: string;
  readonly isAttachable: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly awsManaged: boolean;
}

/** One version of a managed policy. */
export interface PolicyVersionRecord {
  readonly policyArn: string;
  readonly versionId: string;
  readonly document: string;
  readonly isDefault: boolean;
  readonly createdAt: string;
}

/** Input of `managedPolicies.create`. */
export interface NewManagedPolicy {
  arn: string;
  accountId: string;
  policyId: string;
  name: string;
  path: string;
  description: string | null;
  document: string;
}

/**
 * Managed policies and their versions (tags live in the shared tags table, kind `policy`, id the
 * ARN). Reads serve AWS managed policies too; writes only customer managed ones.
 */
export interface ManagedPoliciesRepository {
  /** Creates the policy with version `v1` as default. Throws `DuplicateError` if the name exists (any case). */
  create(policy: NewManagedPolicy): Promise<ManagedPolicyRecord>;
  get(arn: string): Promise<ManagedPolicyRecord | undefined>;
  /** Customer managed policies of an account. */
  listLocal(accountId: string): Promise<ManagedPolicyRecord[]>;
  countLocal(accountId: string): Promise<number>;
  delete(arn: string): Promise<boolean>;
  /** Versions, oldest first. */
  versions(arn: string): Promise<PolicyVersionRecord[]>;
  version(arn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  /** Adds the next version (`v<n>`) and returns it. */
  addVersion(arn: string, document: string, setAsDefault: boolean): Promise<PolicyVersionRecord>;
  deleteVersion(arn: string, versionId: string): Promise<boolean>;
  setDefaultVersion(arn: string, versionId: string): Promise<void>;
}

function fromRow(row: Selectable<ManagedPoliciesTable>): ManagedPolicyRecord {
  return {
    arn: row.arn,
    accountId: row.account_id,
    policyId: row.policy_id,
    name: row.name,
    path: row.path,
    description: row.description,
    defaultVersionId: row.default_version_id,
    isAttachable: row.is_attachable === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    awsManaged: false,
  };
}

/** An AWS managed policy as a {@link ManagedPolicyRecord}. */
export function fromAws(p: AwsManagedPolicy): ManagedPolicyRecord {
  return {
    arn: p.arn,
    accountId: AWS_MANAGED_ACCOUNT,
    policyId: p.policyId,
    name: p.name,
    path: p.path,
    description: null,
    defaultVersionId: p.defaultVersionId,
    isAttachable: true,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    awsManaged: true,
  };
}

function versionNumber(id: string): number {
  return Number.parseInt(id.slice(1), 10);
}

/** Managed policies over one database handle. */
export function managedPoliciesRepository({ db, now }: RepositoryContext): ManagedPoliciesRepository {
  const repo: ManagedPoliciesRepository = {
    async create(policy) {
      const at = now();
      const row = {
        arn: policy.arn,
        account_id: policy.accountId,
        policy_id: policy.policyId,
        name: policy.name,
        name_lower: policy.name.toLowerCase(),
        path: policy.path,
        description: policy.description,
        default_version_id: 'v1',
        is_attachable: 1,
        created_at: at,
        updated_at: at,
        next_version: 2,
      };
      try {
        await db.insertInto('managed_policies').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('policy', policy.name, { cause: error });
        throw error;
      }
      await db
        .insertInto('policy_versions')
        .values({ policy_arn: policy.arn, version_id: 'v1', document: policy.document, is_default: 1, created_at: at })
        .execute();
      return fromRow(row);
    },

    async get(arn) {
      if (isAwsManagedArn(arn)) {
        const aws = awsManagedPolicies.get(arn);
        return aws === undefined ? undefined : fromAws(aws);
      }
      const row = await db.selectFrom('managed_policies').selectAll().where('arn', '=', arn).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async listLocal(accountId) {
      const rows = await db.selectFrom('managed_policies').selectAll().where('account_id', '=', accountId).execute();
      return rows.map(fromRow);
    },

    async countLocal(accountId) {
      const row = await db
        .selectFrom('managed_policies')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async delete(arn) {
      await db.deleteFrom('policy_versions').where('policy_arn', '=', arn).execute();
      const result = await db.deleteFrom('managed_policies').where('arn', '=', arn).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async versions(arn) {
      if (isAwsManagedArn(arn)) {
        return awsManagedPolicies.versions(arn).map((v) => ({ policyArn: arn, ...v }));
      }
      const rows = await db.selectFrom('policy_versions').selectAll().where('policy_arn', '=', arn).execute();
      return rows
        .map((r) => ({ policyArn: r.policy_arn, versionId: r.version_id, document: r.document, isDefault: r.is_default === 1, createdAt: r.created_at }))
        .sort((a, b) => versionNumber(a.versionId) - versionNumber(b.versionId));
    },

    async version(arn, versionId) {
      if (isAwsManagedArn(arn)) {
        const v = awsManagedPolicies.version(arn, versionId);
        return v === undefined ? undefined : { policyArn: arn, ...v };
      }
      const r = await db.selectFrom('policy_versions').selectAll().where('policy_arn', '=', arn).where('version_id', '=', versionId).executeTakeFirst();
      return r === undefined
        ? undefined
        : { policyArn: r.policy_arn, versionId: r.version_id, document: r.document, isDefault: r.is_default === 1, createdAt: r.created_at };
    },

    async addVersion(arn, document, setAsDefault) {
      const row = await db.selectFrom('managed_policies').select('next_version').where('arn', '=', arn).executeTakeFirstOrThrow();
      const versionId = `v${row.next_version}`;
      const at = now();
      await db
        .updateTable('managed_policies')
        .set({ next_version: row.next_version + 1 })
        .where('arn', '=', arn)
        .execute();
      await db.insertInto('policy_versions').values({ policy_arn: arn, version_id: versionId, document, is_default: 0, created_at: at }).execute();
      if (setAsDefault) await repo.setDefaultVersion(arn, versionId);
      return { policyArn: arn, versionId, document, isDefault: setAsDefault, createdAt: at };
    },

    async deleteVersion(arn, versionId) {
      const result = await db.deleteFrom('policy_versions').where('policy_arn', '=', arn).where('version_id', '=', versionId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async setDefaultVersion(arn, versionId) {
      await db.updateTable('policy_versions').set({ is_default: 0 }).where('policy_arn', '=', arn).execute();
      await db.updateTable('policy_versions').set({ is_default: 1 }).where('policy_arn', '=', arn).where('version_id', '=', versionId).execute();
      await db.updateTable('managed_policies').set({ default_version_id: versionId, updated_at: now() }).where('arn', '=', arn).execute();
    },
  };
  return repo;
}
