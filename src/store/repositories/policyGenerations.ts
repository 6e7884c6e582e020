import type { Selectable } from 'kysely';
import type { PolicyGenerationsTable } from './analyzerTables.js';
import type { RepositoryContext } from './context.js';

/** A policy generation job (StartPolicyGeneration) as stored. */
export interface PolicyGenerationRecord {
  readonly jobId: string;
  readonly accountId: string;
  readonly principalArn: string;
  /** AWS's JobStatus: IN_PROGRESS, SUCCEEDED, FAILED, CANCELED. */
  readonly status: string;
  readonly clientToken: string | null;
  /** AWS's GeneratedPolicyProperties (isComplete, principalArn, cloudTrailProperties). */
  readonly properties: Readonly<Record<string, unknown>>;
  /** The generated policy documents, once SUCCEEDED. */
  readonly policies: readonly string[] | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly startedOn: string;
  readonly completedOn: string | null;
}

export type PolicyGenerationPatch = Partial<Pick<PolicyGenerationRecord, 'status' | 'properties' | 'policies' | 'error' | 'completedOn'>>;

/** Policy generation jobs of each account. */
export interface PolicyGenerationsRepository {
  create(job: PolicyGenerationRecord): Promise<void>;
  get(jobId: string): Promise<PolicyGenerationRecord | undefined>;
  /** The account's jobs (of one principal, when given), newest first. */
  list(accountId: string, principalArn?: string): Promise<PolicyGenerationRecord[]>;
  update(jobId: string, patch: PolicyGenerationPatch): Promise<void>;
}

function toRecord(row: Selectable<PolicyGenerationsTable>): PolicyGenerationRecord {
  return {
    jobId: row.job_id,
    accountId: row.account_id,
    principalArn: row.principal_arn,
    status: row.status,
    clientToken: row.client_token,
    properties: JSON.parse(row.properties) as Record<string, unknown>,
    policies: row.policies === null ? null : (JSON.parse(row.policies) as string[]),
    error: row.error === null ? null : (JSON.parse(row.error) as { code: string; message: string }),
    startedOn: row.started_on,
    completedOn: row.completed_on,
  };
}

/** Policy generations over one database handle. */
export function policyGenerationsRepository({ db }: RepositoryContext): PolicyGenerationsRepository {
  return {
    async create(job) {
      await db
        .insertInto('policy_generations')
        .values({
          job_id: job.jobId,
          account_id: job.accountId,
          principal_arn: job.principalArn,
          status: job.status,
          client_token: job.clientToken,
          properties: JSON.stringify(job.properties),
          policies: job.policies === null ? null : JSON.stringify(job.policies),
          error: job.error === null ? null : JSON.stringify(job.error),
          started_on: job.startedOn,
          completed_on: job.completedOn,
        })
        .execute();
    },

    async get(jobId) {
      const row = await db.selectFrom('policy_generations').selectAll().where('job_id', '=', jobId).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(accountId, principalArn) {
      let query = db.selectFrom('policy_generations').selectAll().where('account_id', '=', accountId);
      if (principalArn !== undefined) query = query.where('principal_arn', '=', principalArn);
      return (await query.orderBy('started_on', 'desc').orderBy('job_id').execute()).map(toRecord);
    },

    async update(jobId, patch) {
      const values: Partial<PolicyGenerationsTable> = {};
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.properties !== undefined) values.properties = JSON.stringify(patch.properties);
      if (patch.policies !== undefined) values.policies = patch.policies === null ? null : JSON.stringify(patch.policies);
      if (patch.error !== undefined) values.error = patch.error === null ? null : JSON.stringify(patch.error);
      if (patch.completedOn !== undefined) values.completed_on = patch.completedOn;
      if (Object.keys(values).length > 0) await db.updateTable('policy_generations').set(values).where('job_id', '=', jobId).execute();
    },
  };
}
