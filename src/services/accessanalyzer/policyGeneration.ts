import { randomUUID } from 'node:crypto';
import { generatePolicies, type RecordedAuthorization } from '../../analysis/policyGeneration/index.js';
import type { PolicyGenerationRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { passRoleNeed } from '../shared/index.js';
import { analyzerErrors } from './analyzerErrors.js';
import { ACCESS_ANALYZER_PRINCIPAL } from './analyzerScope.js';
import { page } from './paging.js';

/**
 * Policy generation from access activity: StartPolicyGeneration, GetGeneratedPolicy,
 * ListPolicyGenerations, CancelPolicyGeneration. The audit trail plays CloudTrail's role: the
 * `cloudTrailDetails` of a request are accepted as AWS takes them (each trail must be one of the
 * caller's trails; the access role, which AWS assumes to read the trail's S3 objects, is passed
 * with iam:PassRole and otherwise not needed) and the principal's audit records within the time
 * window are read. A job is IN_PROGRESS until its result is first asked for (GetGeneratedPolicy,
 * ListPolicyGenerations), when it runs; CancelPolicyGeneration before then cancels it.
 * AWS: Access Analyzer API reference; IAM User Guide, "IAM Access Analyzer policy generation" and
 * "IAM Access Analyzer quotas" (50 generations a day, a time range of 90 days; ListPolicyGenerations
 * lists the last seven days). AWS's one concurrent generation does not apply: a job runs when
 * its result is asked for, so none is ever running between calls.
 */

interface Trail {
  cloudTrailArn: string;
  regions?: string[];
  allRegions?: boolean;
}

interface StartInput {
  policyGenerationDetails: { principalArn: string };
  cloudTrailDetails?: { trails: Trail[]; accessRole: string; startTime: Date; endTime?: Date };
  clientToken?: string;
}

const DAY_MS = 24 * 3600 * 1000;
/** AWS: "Policy generation AWS CloudTrail time range: 90 days". */
const MAX_RANGE_MS = 90 * DAY_MS;
/** AWS: "Policy generations per day: 50" (most Regions); canceled ones count. */
const PER_DAY = 50;
/** Records read per generation at most (AWS reads at most 100,000 CloudTrail log files). */
const MAX_RECORDS = 100_000;
const PAGE = 1000;

const PRINCIPAL_ARN = /^arn:[^:]+:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/;
const TRAIL_ARN = /^arn:[^:]+:cloudtrail:[^:]+:(\d{12}):trail\/(.+)$/;

export const StartPolicyGeneration = defineOperation<StartInput, { jobId: string }>({
  service: 'access-analyzer',
  name: 'StartPolicyGeneration',
  readOnly: false,
  authorize: (input) => [
    { action: 'access-analyzer:StartPolicyGeneration', resource: '*' },
    ...(input.cloudTrailDetails !== undefined ? [passRoleNeed(input.cloudTrailDetails.accessRole, ACCESS_ANALYZER_PRINCIPAL)] : []),
  ],
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const principalArn = input.policyGenerationDetails.principalArn;
    const jobs = await ctx.store.policyGenerations.list(accountId);
    if (input.clientToken !== undefined) {
      const same = jobs.find((j) => j.clientToken === input.clientToken && j.principalArn === principalArn);
      if (same !== undefined) return { jobId: same.jobId };
    }
    const m = PRINCIPAL_ARN.exec(principalArn);
    if (m === null || m[1] !== accountId) throw analyzerErrors.invalid(`Invalid principalArn: ${principalArn} is not a user or role of account ${accountId}`);
    const end = input.cloudTrailDetails?.endTime ?? ctx.now;
    const start = input.cloudTrailDetails?.startTime ?? new Date(end.getTime() - MAX_RANGE_MS);
    if (start.getTime() > end.getTime()) throw analyzerErrors.invalid('Invalid CloudTrailDetails: startTime must be before endTime');
    if (end.getTime() - start.getTime() > MAX_RANGE_MS) throw analyzerErrors.invalid('Invalid CloudTrailDetails: the time range must not exceed 90 days');
    const since = new Date(ctx.now.getTime() - DAY_MS).toISOString();
    if (jobs.filter((j) => j.startedOn >= since).length >= PER_DAY) {
      throw analyzerErrors.quota('PolicyGeneration', principalArn, `You have reached the maximum number of ${PER_DAY} policy generations per day`);
    }
    const trails = input.cloudTrailDetails?.trails ?? [];
    const jobId = randomUUID();
    await ctx.store.policyGenerations.create({
      jobId,
      accountId,
      principalArn,
      status: 'IN_PROGRESS',
      clientToken: input.clientToken ?? null,
      properties: {
        isComplete: false,
        principalArn,
        cloudTrailProperties: {
          trailProperties: trails.map((t) => ({ cloudTrailArn: t.cloudTrailArn, regions: t.regions ?? [], allRegions: t.allRegions ?? false })),
          startTime: start.toISOString(),
          endTime: end.toISOString(),
        },
      },
      policies: null,
      error: null,
      startedOn: ctx.now.toISOString(),
      completedOn: null,
    });
    return { jobId };
  },
});

/** Result options of GetGeneratedPolicy. */
type ResultOptions = { includeResourcePlaceholders?: boolean; includeServiceLevelTemplate?: boolean };

/** Runs a job that is still in progress (in one transaction: a concurrent cancel or run wins once); returns it as it ends. */
async function run(ctx: OperationContext, job: PolicyGenerationRecord): Promise<PolicyGenerationRecord> {
  if (job.status !== 'IN_PROGRESS') return job;
  // The calls just made count: their read-only records are committed in batches.
  await ctx.flushAudit?.();
  const outcome = await generate(ctx, job, {});
  const now = ctx.now.toISOString();
  await ctx.store.transaction(async (tx) => {
    const current = await tx.policyGenerations.get(job.jobId);
    if (current?.status !== 'IN_PROGRESS') return;
    if ('error' in outcome) await tx.policyGenerations.update(job.jobId, { status: 'FAILED', error: outcome.error, completedOn: now });
    else {
      await tx.policyGenerations.update(job.jobId, {
        status: 'SUCCEEDED',
        policies: outcome.policies,
        properties: { ...job.properties, isComplete: outcome.complete },
        completedOn: now,
      });
    }
  });
  return (await ctx.store.policyGenerations.get(job.jobId))!;
}

type Outcome = { policies: string[]; complete: boolean } | { error: { code: string; message: string } };

/** The policies of a job, from the principal's audit records in its window. */
async function generate(ctx: OperationContext, job: PolicyGenerationRecord, options: ResultOptions): Promise<Outcome> {
  const store = ctx.store;
  const m = PRINCIPAL_ARN.exec(job.principalArn)!;
  const [, accountId, kind, name] = m as unknown as [string, string, 'user' | 'role', string];
  const entity = kind === 'user' ? await store.users.get(accountId, name) : await store.roles.get(accountId, name);
  if (entity === undefined || entity.arn !== job.principalArn) {
    return { error: { code: 'RESOURCE_NOT_FOUND_ERROR', message: `The principal ${job.principalArn} does not exist` } };
  }
  const cloudTrail = job.properties['cloudTrailProperties'] as { trailProperties: Trail[]; startTime: string; endTime: string };
  for (const t of cloudTrail.trailProperties) {
    const trail = TRAIL_ARN.exec(t.cloudTrailArn);
    if (trail === null || (await store.trails.get(trail[1]!, trail[2]!)) === undefined) {
      return { error: { code: 'RESOURCE_NOT_FOUND_ERROR', message: `The trail ${t.cloudTrailArn} does not exist` } };
    }
  }
  const records: RecordedAuthorization[] = [];
  let beforeSeq: number | undefined;
  let complete = true;
  for (let read = 0; ; ) {
    const { items, nextSeq } = await store.auditEvents.lookup({
      accountId,
      startTime: recordTime(cloudTrail.startTime, 'floor'),
      endTime: recordTime(cloudTrail.endTime, 'ceil'),
      maxResults: PAGE,
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    for (const r of items) {
      if (r.decision !== null && madeBy(r.record, kind, job.principalArn)) records.push(JSON.parse(r.decision) as RecordedAuthorization);
    }
    read += items.length;
    if (nextSeq === undefined) break;
    if (read >= MAX_RECORDS) {
      complete = false;
      break;
    }
    beforeSeq = nextSeq;
  }
  return { policies: generatePolicies(records, { accountId, region: ctx.region, ...options }), complete };
}

/**
 * A window bound as audit records write event times (CloudTrail's `eventTime`, to the second:
 * `2026-11-22T10:00:00Z`), so that a call in the same second as a bound is inside the window.
 */
function recordTime(iso: string, round: 'floor' | 'ceil'): string {
  const ms = Date.parse(iso);
  const second = round === 'floor' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  return `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
}

/** Whether an audit record is a call by the user, or by a session of the role. */
function madeBy(record: string, kind: 'user' | 'role', arn: string): boolean {
  const identity = (JSON.parse(record) as { userIdentity?: { type?: string; arn?: string; sessionContext?: { sessionIssuer?: { arn?: string } } } })
    .userIdentity;
  if (kind === 'user') return identity?.type === 'IAMUser' && identity.arn === arn;
  return identity?.type === 'AssumedRole' && identity.sessionContext?.sessionIssuer?.arn === arn;
}

async function loadJob(ctx: OperationContext, jobId: string): Promise<PolicyGenerationRecord> {
  const job = await ctx.store.policyGenerations.get(jobId);
  if (job === undefined || job.accountId !== ctx.principal.accountId) throw analyzerErrors.notFound('PolicyGeneration', jobId);
  return job;
}

function jobDetails(job: PolicyGenerationRecord): Record<string, unknown> {
  return {
    jobId: job.jobId,
    status: job.status,
    startedOn: job.startedOn,
    ...(job.completedOn !== null ? { completedOn: job.completedOn } : {}),
    ...(job.error !== null ? { jobError: job.error } : {}),
  };
}

/**
 * GetGeneratedPolicy. The options change how the result reads, not the job: with placeholders or
 * the service-level template, the job's records are read again and generated with them.
 */
export const GetGeneratedPolicy = defineOperation<{ jobId: string } & ResultOptions>({
  service: 'access-analyzer',
  name: 'GetGeneratedPolicy',
  readOnly: true,
  authorize: () => [{ action: 'access-analyzer:GetGeneratedPolicy', resource: '*' }],
  handle: async (input, ctx) => {
    const job = await run(ctx, await loadJob(ctx, input.jobId));
    let policies = job.policies ?? [];
    if (job.status === 'SUCCEEDED' && (input.includeResourcePlaceholders === true || input.includeServiceLevelTemplate === true)) {
      const outcome = await generate(ctx, job, {
        includeResourcePlaceholders: input.includeResourcePlaceholders,
        includeServiceLevelTemplate: input.includeServiceLevelTemplate,
      });
      if ('policies' in outcome) policies = outcome.policies;
    }
    return {
      jobDetails: jobDetails(job),
      generatedPolicyResult: {
        properties: job.properties,
        ...(job.status === 'SUCCEEDED' ? { generatedPolicies: policies.map((policy) => ({ policy })) } : {}),
      },
    };
  },
});

export const ListPolicyGenerations = defineOperation<{ principalArn?: string; maxResults?: number; nextToken?: string }>({
  service: 'access-analyzer',
  name: 'ListPolicyGenerations',
  readOnly: true,
  authorize: () => [{ action: 'access-analyzer:ListPolicyGenerations', resource: '*' }],
  handle: async (input, ctx) => {
    const since = new Date(ctx.now.getTime() - 7 * DAY_MS).toISOString();
    const jobs = [];
    for (const job of await ctx.store.policyGenerations.list(ctx.principal.accountId, input.principalArn)) {
      if (job.startedOn >= since) jobs.push(await run(ctx, job));
    }
    const { items, nextToken } = page(jobs, input, ['ListPolicyGenerations', ctx.principal.accountId, input.principalArn ?? null]);
    return {
      policyGenerations: items.map((j) => ({
        jobId: j.jobId,
        principalArn: j.principalArn,
        status: j.status,
        startedOn: j.startedOn,
        ...(j.completedOn !== null ? { completedOn: j.completedOn } : {}),
      })),
      ...(nextToken !== undefined ? { nextToken } : {}),
    };
  },
});

/** CancelPolicyGeneration: a job in progress is CANCELED; one that has ended stays as it ended. */
export const CancelPolicyGeneration = defineOperation<{ jobId: string }>({
  service: 'access-analyzer',
  name: 'CancelPolicyGeneration',
  readOnly: false,
  authorize: () => [{ action: 'access-analyzer:CancelPolicyGeneration', resource: '*' }],
  handle: async (input, ctx) => {
    const job = await loadJob(ctx, input.jobId);
    if (job.status === 'IN_PROGRESS') await ctx.store.policyGenerations.update(job.jobId, { status: 'CANCELED', completedOn: ctx.now.toISOString() });
    return {};
  },
});
