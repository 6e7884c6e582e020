import type { Selectable } from 'kysely';
import { DuplicateError, isUniqueViolation } from '../storeErrors.js';
import type { AnalyzerArchiveRulesTable, AnalyzersTable } from './analyzerTables.js';
import type { RepositoryContext } from './context.js';

/** AWS's analyzer types (Type). */
export type AnalyzerType =
  | 'ACCOUNT'
  | 'ORGANIZATION'
  | 'ACCOUNT_UNUSED_ACCESS'
  | 'ORGANIZATION_UNUSED_ACCESS'
  | 'ACCOUNT_INTERNAL_ACCESS'
  | 'ORGANIZATION_INTERNAL_ACCESS';

/** An Access Analyzer analyzer as stored. */
export interface AnalyzerRecord {
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  readonly type: AnalyzerType;
  /** AWS's AnalyzerStatus: ACTIVE, CREATING, DISABLED, FAILED. */
  readonly status: string;
  /** AWS's ReasonCode, when the analyzer is DISABLED or FAILED. */
  readonly statusReason: string | null;
  /** The organization that is an ORGANIZATION analyzer's zone of trust. */
  readonly organizationId: string | null;
  /** AWS's AnalyzerConfiguration, as the caller gave it (unused access analyzers). */
  readonly configuration: Readonly<Record<string, unknown>> | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly clientToken: string | null;
  readonly createdAt: string;
  readonly lastResourceAnalyzed: string | null;
  readonly lastResourceAnalyzedAt: string | null;
}

/** The mutable parts of an analyzer. */
export type AnalyzerPatch = Partial<
  Pick<AnalyzerRecord, 'status' | 'statusReason' | 'configuration' | 'tags' | 'lastResourceAnalyzed' | 'lastResourceAnalyzedAt'>
>;

/** One criterion of an archive rule's filter (AWS's Criterion). */
export interface Criterion {
  readonly eq?: readonly string[];
  readonly neq?: readonly string[];
  readonly contains?: readonly string[];
  readonly exists?: boolean;
}

/** An archive rule as stored. */
export interface ArchiveRuleRecord {
  readonly analyzerArn: string;
  readonly ruleName: string;
  readonly filter: Readonly<Record<string, Criterion>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Access Analyzer's analyzers and their archive rules. Deleting an analyzer deletes everything
 * that belongs to it: rules, findings, analyzed resources, recommendations, access previews.
 */
export interface AnalyzersRepository {
  /** Throws `DuplicateError` when the account has an analyzer of that name. */
  create(analyzer: AnalyzerRecord): Promise<void>;
  get(accountId: string, name: string): Promise<AnalyzerRecord | undefined>;
  getByArn(arn: string): Promise<AnalyzerRecord | undefined>;
  /** The account's analyzers, oldest first. */
  list(accountId: string): Promise<AnalyzerRecord[]>;
  /** Every analyzer of every account, for the findings engine. */
  listAll(): Promise<AnalyzerRecord[]>;
  update(arn: string, patch: AnalyzerPatch): Promise<void>;
  /** Returns false when there was no such analyzer. */
  delete(arn: string): Promise<boolean>;

  /** Creates or replaces a rule (the caller checks which one it means). */
  putRule(rule: ArchiveRuleRecord): Promise<void>;
  getRule(analyzerArn: string, ruleName: string): Promise<ArchiveRuleRecord | undefined>;
  /** The analyzer's rules by name. */
  listRules(analyzerArn: string): Promise<ArchiveRuleRecord[]>;
  /** Returns false when there was no such rule. */
  deleteRule(analyzerArn: string, ruleName: string): Promise<boolean>;
}

function toRecord(row: Selectable<AnalyzersTable>): AnalyzerRecord {
  return {
    arn: row.arn,
    accountId: row.account_id,
    name: row.name,
    type: row.type as AnalyzerType,
    status: row.status,
    statusReason: row.status_reason,
    organizationId: row.organization_id,
    configuration: row.configuration === null ? null : (JSON.parse(row.configuration) as Record<string, unknown>),
    tags: JSON.parse(row.tags) as Record<string, string>,
    clientToken: row.client_token,
    createdAt: row.created_at,
    lastResourceAnalyzed: row.last_resource_analyzed,
    lastResourceAnalyzedAt: row.last_resource_analyzed_at,
  };
}

function toRule(row: Selectable<AnalyzerArchiveRulesTable>): ArchiveRuleRecord {
  return {
    analyzerArn: row.analyzer_arn,
    ruleName: row.rule_name,
    filter: JSON.parse(row.filter) as Record<string, Criterion>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Analyzers and archive rules over one database handle. */
export function analyzersRepository({ db }: RepositoryContext): AnalyzersRepository {
  return {
    async create(a) {
      try {
        await db
          .insertInto('analyzers')
          .values({
            arn: a.arn,
            account_id: a.accountId,
            name: a.name,
            type: a.type,
            status: a.status,
            status_reason: a.statusReason,
            organization_id: a.organizationId,
            configuration: a.configuration === null ? null : JSON.stringify(a.configuration),
            tags: JSON.stringify(a.tags),
            client_token: a.clientToken,
            created_at: a.createdAt,
            last_resource_analyzed: a.lastResourceAnalyzed,
            last_resource_analyzed_at: a.lastResourceAnalyzedAt,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('analyzer', a.name, { cause: error });
        throw error;
      }
    },

    async get(accountId, name) {
      const row = await db.selectFrom('analyzers').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async getByArn(arn) {
      const row = await db.selectFrom('analyzers').selectAll().where('arn', '=', arn).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(accountId) {
      const rows = await db.selectFrom('analyzers').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('name').execute();
      return rows.map(toRecord);
    },

    async listAll() {
      const rows = await db.selectFrom('analyzers').selectAll().orderBy('created_at').orderBy('arn').execute();
      return rows.map(toRecord);
    },

    async update(arn, patch) {
      const values: Partial<AnalyzersTable> = {};
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.statusReason !== undefined) values.status_reason = patch.statusReason;
      if (patch.configuration !== undefined) values.configuration = patch.configuration === null ? null : JSON.stringify(patch.configuration);
      if (patch.tags !== undefined) values.tags = JSON.stringify(patch.tags);
      if (patch.lastResourceAnalyzed !== undefined) values.last_resource_analyzed = patch.lastResourceAnalyzed;
      if (patch.lastResourceAnalyzedAt !== undefined) values.last_resource_analyzed_at = patch.lastResourceAnalyzedAt;
      if (Object.keys(values).length > 0) await db.updateTable('analyzers').set(values).where('arn', '=', arn).execute();
    },

    async delete(arn) {
      for (const table of ['analyzer_archive_rules', 'analyzer_findings', 'analyzer_resources', 'analyzer_recommendations', 'access_previews'] as const) {
        await db.deleteFrom(table).where('analyzer_arn', '=', arn).execute();
      }
      const result = await db.deleteFrom('analyzers').where('arn', '=', arn).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async putRule(rule) {
      const values = {
        analyzer_arn: rule.analyzerArn,
        rule_name: rule.ruleName,
        filter: JSON.stringify(rule.filter),
        created_at: rule.createdAt,
        updated_at: rule.updatedAt,
      };
      await db
        .insertInto('analyzer_archive_rules')
        .values(values)
        .onConflict((oc) => oc.columns(['analyzer_arn', 'rule_name']).doUpdateSet({ filter: values.filter, updated_at: values.updated_at }))
        .execute();
    },

    async getRule(analyzerArn, ruleName) {
      const row = await db
        .selectFrom('analyzer_archive_rules')
        .selectAll()
        .where('analyzer_arn', '=', analyzerArn)
        .where('rule_name', '=', ruleName)
        .executeTakeFirst();
      return row === undefined ? undefined : toRule(row);
    },

    async listRules(analyzerArn) {
      const rows = await db.selectFrom('analyzer_archive_rules').selectAll().where('analyzer_arn', '=', analyzerArn).orderBy('rule_name').execute();
      return rows.map(toRule);
    },

    async deleteRule(analyzerArn, ruleName) {
      const result = await db.deleteFrom('analyzer_archive_rules').where('analyzer_arn', '=', analyzerArn).where('rule_name', '=', ruleName).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
