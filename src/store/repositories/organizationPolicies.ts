import type { RepositoryContext } from './context.js';

/** An organization policy as stored; AWS managed ones (FullAWSAccess, RCPFullAWSAccess) are rows of each organization. */
export interface OrgPolicyRecord {
  readonly organizationId: string;
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly description: string;
  readonly content: string;
  readonly awsManaged: boolean;
  /** When it was created or last updated (ISO 8601); set by the repository. */
  readonly updatedAt?: string;
}

/** A policy attached to a root, OU or account, with when it was attached. */
export interface AttachedOrgPolicy {
  readonly policy: OrgPolicyRecord;
  /** ISO 8601. */
  readonly attachedAt: string;
}

export interface OrgTag {
  readonly Key: string;
  readonly Value: string;
}

/** Organization policies, their attachments to roots/OUs/accounts, and tags of organization entities. */
export interface OrganizationPoliciesRepository {
  create(policy: OrgPolicyRecord): Promise<void>;
  get(organizationId: string, id: string): Promise<OrgPolicyRecord | undefined>;
  /** Case-sensitive name lookup within one policy type. */
  findByName(organizationId: string, type: string, name: string): Promise<OrgPolicyRecord | undefined>;
  /** Policies of one type, by name. */
  list(organizationId: string, type: string): Promise<OrgPolicyRecord[]>;
  update(organizationId: string, id: string, change: Pick<OrgPolicyRecord, 'name' | 'description' | 'content'>): Promise<void>;
  delete(organizationId: string, id: string): Promise<void>;

  /** Returns false when the policy was already attached to the target. */
  attach(organizationId: string, policyId: string, targetId: string): Promise<boolean>;
  /** Returns false when it was not attached. */
  detach(organizationId: string, policyId: string, targetId: string): Promise<boolean>;
  /** The policies of one type attached to a target, in attachment order. */
  attachedPolicies(organizationId: string, targetId: string, type: string): Promise<AttachedOrgPolicy[]>;
  /** Target ids a policy is attached to, in attachment order. */
  targetsOf(organizationId: string, policyId: string): Promise<string[]>;
  detachAllFrom(organizationId: string, targetId: string): Promise<void>;

  tags(organizationId: string, resourceId: string): Promise<OrgTag[]>;
  putTags(organizationId: string, resourceId: string, tags: readonly OrgTag[]): Promise<void>;
  removeTags(organizationId: string, resourceId: string, keys: readonly string[]): Promise<void>;
  deleteTags(organizationId: string, resourceId: string): Promise<void>;
}

type PolicyRow = {
  organization_id: string;
  id: string;
  type: string;
  name: string;
  description: string;
  content: string;
  aws_managed: number;
  created_at: string;
  updated_at: string | null;
};

function policyRecord(row: PolicyRow): OrgPolicyRecord {
  return {
    organizationId: row.organization_id,
    id: row.id,
    type: row.type,
    name: row.name,
    description: row.description,
    content: row.content,
    awsManaged: Number(row.aws_managed) === 1,
    updatedAt: row.updated_at ?? row.created_at,
  };
}

/** Organization policies over one database handle. */
export function organizationPoliciesRepository({ db, now }: RepositoryContext): OrganizationPoliciesRepository {
  return {
    async create(p) {
      await db
        .insertInto('org_policies')
        .values({
          organization_id: p.organizationId,
          id: p.id,
          type: p.type,
          name: p.name,
          name_lower: p.name.toLowerCase(),
          description: p.description,
          content: p.content,
          aws_managed: p.awsManaged ? 1 : 0,
          created_at: now(),
        })
        .execute();
    },

    async get(organizationId, id) {
      const row = await db.selectFrom('org_policies').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : policyRecord(row);
    },

    async findByName(organizationId, type, name) {
      const row = await db
        .selectFrom('org_policies')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('type', '=', type)
        .where('name', '=', name)
        .executeTakeFirst();
      return row === undefined ? undefined : policyRecord(row);
    },

    async list(organizationId, type) {
      const rows = await db
        .selectFrom('org_policies')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('type', '=', type)
        .orderBy('name_lower')
        .orderBy('id')
        .execute();
      return rows.map(policyRecord);
    },

    async update(organizationId, id, change) {
      await db
        .updateTable('org_policies')
        .set({ name: change.name, name_lower: change.name.toLowerCase(), description: change.description, content: change.content, updated_at: now() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .execute();
    },

    async delete(organizationId, id) {
      await db.deleteFrom('org_policies').where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },

    async attach(organizationId, policyId, targetId) {
      const existing = await db
        .selectFrom('org_policy_attachments')
        .select('policy_id')
        .where('organization_id', '=', organizationId)
        .where('policy_id', '=', policyId)
        .where('target_id', '=', targetId)
        .executeTakeFirst();
      if (existing !== undefined) return false;
      await db
        .insertInto('org_policy_attachments')
        .values({ organization_id: organizationId, policy_id: policyId, target_id: targetId, created_at: now() })
        .execute();
      return true;
    },

    async detach(organizationId, policyId, targetId) {
      const result = await db
        .deleteFrom('org_policy_attachments')
        .where('organization_id', '=', organizationId)
        .where('policy_id', '=', policyId)
        .where('target_id', '=', targetId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async attachedPolicies(organizationId, targetId, type) {
      const rows = await db
        .selectFrom('org_policy_attachments as a')
        .innerJoin('org_policies as p', (join) => join.onRef('p.organization_id', '=', 'a.organization_id').onRef('p.id', '=', 'a.policy_id'))
        .selectAll('p')
        .select('a.created_at as attached_at')
        .where('a.organization_id', '=', organizationId)
        .where('a.target_id', '=', targetId)
        .where('p.type', '=', type)
        .orderBy('a.created_at')
        .orderBy('a.policy_id')
        .execute();
      return rows.map((row) => ({ policy: policyRecord(row), attachedAt: row.attached_at }));
    },

    async targetsOf(organizationId, policyId) {
      const rows = await db
        .selectFrom('org_policy_attachments')
        .select('target_id')
        .where('organization_id', '=', organizationId)
        .where('policy_id', '=', policyId)
        .orderBy('created_at')
        .orderBy('target_id')
        .execute();
      return rows.map((r) => r.target_id);
    },

    async detachAllFrom(organizationId, targetId) {
      await db.deleteFrom('org_policy_attachments').where('organization_id', '=', organizationId).where('target_id', '=', targetId).execute();
    },

    async tags(organizationId, resourceId) {
      const rows = await db
        .selectFrom('org_tags')
        .select(['key', 'value'])
        .where('organization_id', '=', organizationId)
        .where('resource_id', '=', resourceId)
        .orderBy('key')
        .execute();
      return rows.map((r) => ({ Key: r.key, Value: r.value }));
    },

    async putTags(organizationId, resourceId, tags) {
      for (const tag of tags) {
        await db
          .deleteFrom('org_tags')
          .where('organization_id', '=', organizationId)
          .where('resource_id', '=', resourceId)
          .where('key', '=', tag.Key)
          .execute();
        await db.insertInto('org_tags').values({ organization_id: organizationId, resource_id: resourceId, key: tag.Key, value: tag.Value }).execute();
      }
    },

    async removeTags(organizationId, resourceId, keys) {
      if (keys.length === 0) return;
      await db.deleteFrom('org_tags').where('organization_id', '=', organizationId).where('resource_id', '=', resourceId).where('key', 'in', keys).execute();
    },

    async deleteTags(organizationId, resourceId) {
      await db.deleteFrom('org_tags').where('organization_id', '=', organizationId).where('resource_id', '=', resourceId).execute();
    },
  };
}
