import type { Selectable } from 'kysely';
import type { AnalyzerFindingsTable, AnalyzerRecommendationsTable, AnalyzerResourcesTable } from './analyzerTables.js';
import type { RepositoryContext } from './context.js';

/** AWS's FindingStatus. */
export type FindingStatus = 'ACTIVE' | 'ARCHIVED' | 'RESOLVED';

/** A finding as stored: external access or unused access. */
export interface FindingRecord {
  readonly analyzerArn: string;
  readonly id: string;
  /** AWS's FindingType: ExternalAccess, UnusedIAMRole, UnusedIAMUserAccessKey, UnusedIAMUserPassword, UnusedPermission. */
  readonly findingType: string;
  readonly resourceType: string;
  readonly resource: string;
  readonly resourceOwnerAccount: string;
  readonly status: FindingStatus;
  /** What makes a finding the same finding when its resource is analyzed again. */
  readonly fingerprint: string;
  /** The finding's details as JSON-able data (an external access; an unused access's details). */
  readonly details: unknown;
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly analyzedAt: string;
}

export type FindingPatch = Partial<Pick<FindingRecord, 'status' | 'details' | 'error' | 'updatedAt' | 'analyzedAt'>>;

/** A resource an analyzer has analyzed (AWS's AnalyzedResource). */
export interface AnalyzedResourceRecord {
  readonly analyzerArn: string;
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly resourceOwnerAccount: string;
  readonly isPublic: boolean;
  readonly actions: readonly string[];
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly analyzedAt: string;
}

/** A finding's recommendation (GenerateFindingRecommendation / GetFindingRecommendation). */
export interface RecommendationRecord {
  readonly analyzerArn: string;
  readonly findingId: string;
  readonly resourceArn: string;
  /** AWS's Status: IN_PROGRESS, SUCCEEDED, FAILED. */
  readonly status: string;
  readonly steps: readonly unknown[];
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly startedAt: string;
  readonly completedAt: string | null;
}

/** Findings of analyzers, the resources they analyzed, and findings' recommendations. */
export interface AnalyzerFindingsRepository {
  get(analyzerArn: string, id: string): Promise<FindingRecord | undefined>;
  /** The analyzer's findings (only those of `statuses`, or of `resources`, when given), by creation time then ID. */
  list(analyzerArn: string, options?: { statuses?: readonly FindingStatus[]; resources?: readonly string[] }): Promise<FindingRecord[]>;
  insert(findings: readonly FindingRecord[]): Promise<void>;
  update(analyzerArn: string, id: string, patch: FindingPatch): Promise<void>;
  /** Sets the status of several findings at once. */
  setStatus(analyzerArn: string, ids: readonly string[], status: FindingStatus, updatedAt: string): Promise<void>;
  /** Records that these findings' resources were analyzed again, unchanged. */
  touch(analyzerArn: string, ids: readonly string[], analyzedAt: string): Promise<void>;

  /** Creates or replaces analyzed resources. */
  putResources(resources: readonly AnalyzedResourceRecord[]): Promise<void>;
  getResource(analyzerArn: string, resourceArn: string): Promise<AnalyzedResourceRecord | undefined>;
  /** The analyzer's analyzed resources (of one type, when given), by ARN. */
  listResources(analyzerArn: string, resourceType?: string): Promise<AnalyzedResourceRecord[]>;
  deleteResources(analyzerArn: string, resourceArns: readonly string[]): Promise<void>;

  putRecommendation(recommendation: RecommendationRecord): Promise<void>;
  getRecommendation(analyzerArn: string, findingId: string): Promise<RecommendationRecord | undefined>;
}

/** Rows per statement: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 200;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

function toFinding(row: Selectable<AnalyzerFindingsTable>): FindingRecord {
  return {
    analyzerArn: row.analyzer_arn,
    id: row.id,
    findingType: row.finding_type,
    resourceType: row.resource_type,
    resource: row.resource,
    resourceOwnerAccount: row.resource_owner_account,
    status: row.status as FindingStatus,
    fingerprint: row.fingerprint,
    details: JSON.parse(row.details) as unknown,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    analyzedAt: row.analyzed_at,
  };
}

function toResource(row: Selectable<AnalyzerResourcesTable>): AnalyzedResourceRecord {
  return {
    analyzerArn: row.analyzer_arn,
    resourceArn: row.resource_arn,
    resourceType: row.resource_type,
    resourceOwnerAccount: row.resource_owner_account,
    isPublic: Number(row.is_public) === 1,
    actions: JSON.parse(row.actions) as string[],
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    analyzedAt: row.analyzed_at,
  };
}

function toRecommendation(row: Selectable<AnalyzerRecommendationsTable>): RecommendationRecord {
  return {
    analyzerArn: row.analyzer_arn,
    findingId: row.finding_id,
    resourceArn: row.resource_arn,
    status: row.status,
    steps: JSON.parse(row.steps) as unknown[],
    error: row.error === null ? null : (JSON.parse(row.error) as { code: string; message: string }),
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

/** Findings, analyzed resources and recommendations over one database handle. */
export function analyzerFindingsRepository({ db }: RepositoryContext): AnalyzerFindingsRepository {
  return {
    async get(analyzerArn, id) {
      const row = await db.selectFrom('analyzer_findings').selectAll().where('analyzer_arn', '=', analyzerArn).where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toFinding(row);
    },

    async list(analyzerArn, options = {}) {
      const read = async (resources?: readonly string[]) => {
        let query = db.selectFrom('analyzer_findings').selectAll().where('analyzer_arn', '=', analyzerArn);
        if (options.statuses !== undefined) query = query.where('status', 'in', [...options.statuses]);
        if (resources !== undefined) query = query.where('resource', 'in', [...resources]);
        return (await query.orderBy('created_at').orderBy('id').execute()).map(toFinding);
      };
      if (options.resources === undefined) return read();
      if (options.resources.length === 0) return [];
      const out: FindingRecord[] = [];
      for (const part of chunks(options.resources)) out.push(...(await read(part)));
      return out;
    },

    async insert(findings) {
      for (const part of chunks(findings)) {
        await db
          .insertInto('analyzer_findings')
          .values(
            part.map((f) => ({
              analyzer_arn: f.analyzerArn,
              id: f.id,
              finding_type: f.findingType,
              resource_type: f.resourceType,
              resource: f.resource,
              resource_owner_account: f.resourceOwnerAccount,
              status: f.status,
              fingerprint: f.fingerprint,
              details: JSON.stringify(f.details),
              error: f.error,
              created_at: f.createdAt,
              updated_at: f.updatedAt,
              analyzed_at: f.analyzedAt,
            })),
          )
          .execute();
      }
    },

    async update(analyzerArn, id, patch) {
      const values: Partial<AnalyzerFindingsTable> = {};
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.details !== undefined) values.details = JSON.stringify(patch.details);
      if (patch.error !== undefined) values.error = patch.error;
      if (patch.updatedAt !== undefined) values.updated_at = patch.updatedAt;
      if (patch.analyzedAt !== undefined) values.analyzed_at = patch.analyzedAt;
      if (Object.keys(values).length > 0)
        await db.updateTable('analyzer_findings').set(values).where('analyzer_arn', '=', analyzerArn).where('id', '=', id).execute();
    },

    async setStatus(analyzerArn, ids, status, updatedAt) {
      for (const part of chunks(ids)) {
        await db
          .updateTable('analyzer_findings')
          .set({ status, updated_at: updatedAt })
          .where('analyzer_arn', '=', analyzerArn)
          .where('id', 'in', part)
          .execute();
      }
    },

    async touch(analyzerArn, ids, analyzedAt) {
      for (const part of chunks(ids)) {
        await db.updateTable('analyzer_findings').set({ analyzed_at: analyzedAt }).where('analyzer_arn', '=', analyzerArn).where('id', 'in', part).execute();
      }
    },

    async putResources(resources) {
      for (const part of chunks(resources)) {
        await db
          .insertInto('analyzer_resources')
          .values(
            part.map((r) => ({
              analyzer_arn: r.analyzerArn,
              resource_arn: r.resourceArn,
              resource_type: r.resourceType,
              resource_owner_account: r.resourceOwnerAccount,
              is_public: r.isPublic ? 1 : 0,
              actions: JSON.stringify(r.actions),
              error: r.error,
              created_at: r.createdAt,
              updated_at: r.updatedAt,
              analyzed_at: r.analyzedAt,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['analyzer_arn', 'resource_arn']).doUpdateSet((eb) => ({
              resource_type: eb.ref('excluded.resource_type'),
              resource_owner_account: eb.ref('excluded.resource_owner_account'),
              is_public: eb.ref('excluded.is_public'),
              actions: eb.ref('excluded.actions'),
              error: eb.ref('excluded.error'),
              updated_at: eb.ref('excluded.updated_at'),
              analyzed_at: eb.ref('excluded.analyzed_at'),
            })),
          )
          .execute();
      }
    },

    async getResource(analyzerArn, resourceArn) {
      const row = await db
        .selectFrom('analyzer_resources')
        .selectAll()
        .where('analyzer_arn', '=', analyzerArn)
        .where('resource_arn', '=', resourceArn)
        .executeTakeFirst();
      return row === undefined ? undefined : toResource(row);
    },

    async listResources(analyzerArn, resourceType) {
      let query = db.selectFrom('analyzer_resources').selectAll().where('analyzer_arn', '=', analyzerArn);
      if (resourceType !== undefined) query = query.where('resource_type', '=', resourceType);
      return (await query.orderBy('resource_arn').execute()).map(toResource);
    },

    async deleteResources(analyzerArn, resourceArns) {
      for (const part of chunks(resourceArns)) {
        await db.deleteFrom('analyzer_resources').where('analyzer_arn', '=', analyzerArn).where('resource_arn', 'in', part).execute();
      }
    },

    async putRecommendation(r) {
      const values = {
        analyzer_arn: r.analyzerArn,
        finding_id: r.findingId,
        resource_arn: r.resourceArn,
        status: r.status,
        steps: JSON.stringify(r.steps),
        error: r.error === null ? null : JSON.stringify(r.error),
        started_at: r.startedAt,
        completed_at: r.completedAt,
      };
      await db
        .insertInto('analyzer_recommendations')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['analyzer_arn', 'finding_id']).doUpdateSet({
            resource_arn: values.resource_arn,
            status: values.status,
            steps: values.steps,
            error: values.error,
            started_at: values.started_at,
            completed_at: values.completed_at,
          }),
        )
        .execute();
    },

    async getRecommendation(analyzerArn, findingId) {
      const row = await db
        .selectFrom('analyzer_recommendations')
        .selectAll()
        .where('analyzer_arn', '=', analyzerArn)
        .where('finding_id', '=', findingId)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecommendation(row);
    },
  };
}
