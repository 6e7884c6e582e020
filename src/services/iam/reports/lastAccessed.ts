import { randomUUID } from 'node:crypto';
import { loadCatalog, serviceName } from '../../../catalog/index.js';
import { ServiceError } from '../../../errors.js';
import type { Store } from '../../../store/index.js';
import { defineOperation, type Operation } from '../../operation.js';
import { allowedServices } from '../policies/allowedServices.js';
import { iamNeed } from '../iamNeed.js';
import { entityLastAuthenticated, serviceAccess, serviceLastAccessedFields } from './lastAccessedData.js';
import { lastAccessedEntities, type EntityInfo } from './lastAccessedEntities.js';
import { policyNeed } from '../policies/managedPolicyRecords.js';
import { pageOf } from '../paging.js';
import { loadPrincipalPolicies, managedPolicy } from '../simulator/simulatorPolicies.js';

/**
 * GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails and
 * GetServiceLastAccessedDetailsWithEntities.
 *
 * AWS: API_GenerateServiceLastAccessedDetails — the report lists the services the entity's (or the
 * policy's) permissions allow, each with when it was last used, derived from the audit records
 * (`src/audit/serviceAccess.ts`, read when the report is fetched); a service nobody used has no
 * `LastAuthenticated` and `TotalAuthenticatedEntities` 0 (AWS: "This field is null if no IAM entities
 * attempted to access the service within the tracking period"). The job runs within the Generate
 * call, so it is COMPLETED.
 */

interface StoredJob {
  readonly accountId: string;
  readonly arn: string;
  readonly granularity: string;
  readonly createdAt: string;
  readonly services: readonly string[];
  readonly entities: readonly EntityInfo[];
}

const jobKey = (jobId: string): string => `iam:last-accessed-job:${jobId}`;
const POLICY_ARN = /^arn:[^:]+:iam::(\d{12}|aws):policy\//;

async function loadJob(store: Store, accountId: string, jobId: string): Promise<StoredJob> {
  const raw = await store.kv.get(jobKey(jobId));
  const job = raw === undefined ? undefined : (JSON.parse(raw) as StoredJob);
  if (job === undefined || job.accountId !== accountId) {
    throw new ServiceError('NoSuchEntity', `The job with ID ${jobId} cannot be found.`);
  }
  return job;
}

export const GenerateServiceLastAccessedDetails = defineOperation<{ Arn: string; Granularity?: string }, { JobId: string }>({
  service: 'iam',
  name: 'GenerateServiceLastAccessedDetails',
  readOnly: false,
  authorize: (input, ctx) =>
    POLICY_ARN.test(input.Arn)
      ? policyNeed('GenerateServiceLastAccessedDetails', input.Arn, ctx, false)
      : iamNeed('GenerateServiceLastAccessedDetails', input.Arn),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    // A wildcard action reaches every service: read the reference without blocking the event loop.
    await loadCatalog();
    let services: string[];
    if (POLICY_ARN.test(input.Arn)) {
      const policy = await managedPolicy(ctx.store, input.Arn);
      const owner = input.Arn.split(':')[4];
      if (policy === undefined || (owner !== 'aws' && owner !== accountId)) {
        throw new ServiceError('NoSuchEntity', `Policy ${input.Arn} does not exist or is not attachable.`);
      }
      services = allowedServices([policy.policy]);
    } else {
      const entity = await loadPrincipalPolicies(ctx.store, accountId, input.Arn);
      services = allowedServices(entity.identity.map((p) => p.policy));
    }
    const job: StoredJob = {
      accountId,
      arn: input.Arn,
      granularity: input.Granularity ?? 'SERVICE_LEVEL',
      createdAt: ctx.now.toISOString(),
      services,
      entities: await lastAccessedEntities(ctx.store, accountId, input.Arn),
    };
    const jobId = randomUUID();
    await ctx.store.kv.set(jobKey(jobId), JSON.stringify(job));
    return { JobId: jobId };
  },
});

export const GetServiceLastAccessedDetails = defineOperation<{ JobId: string; MaxItems?: number; Marker?: string }>({
  service: 'iam',
  name: 'GetServiceLastAccessedDetails',
  readOnly: true,
  authorize: () => iamNeed('GetServiceLastAccessedDetails', '*'),
  handle: async (input, ctx) => {
    const job = await loadJob(ctx.store, ctx.principal.accountId, input.JobId);
    const page = pageOf(job.services, input.Marker, input.MaxItems);
    const access = await serviceAccess(ctx.store, job.accountId, job.entities);
    return {
      JobStatus: 'COMPLETED',
      JobType: job.granularity,
      JobCreationDate: new Date(job.createdAt),
      JobCompletionDate: new Date(job.createdAt),
      ServicesLastAccessed: page.items.map((namespace) => ({
        ServiceName: serviceName(namespace) ?? namespace,
        ServiceNamespace: namespace,
        ...serviceLastAccessedFields(access.get(namespace), namespace, job.granularity),
      })),
      IsTruncated: page.IsTruncated,
      ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
    };
  },
});

export const GetServiceLastAccessedDetailsWithEntities = defineOperation<{ JobId: string; ServiceNamespace: string; MaxItems?: number; Marker?: string }>({
  service: 'iam',
  name: 'GetServiceLastAccessedDetailsWithEntities',
  readOnly: true,
  authorize: () => iamNeed('GetServiceLastAccessedDetailsWithEntities', '*'),
  handle: async (input, ctx) => {
    const job = await loadJob(ctx.store, ctx.principal.accountId, input.JobId);
    const covered = job.services.includes(input.ServiceNamespace.toLowerCase());
    const page = pageOf(covered ? job.entities : [], input.Marker, input.MaxItems);
    return {
      JobStatus: 'COMPLETED',
      JobCreationDate: new Date(job.createdAt),
      JobCompletionDate: new Date(job.createdAt),
      EntityDetailsList: await Promise.all(
        page.items.map(async (entity) => {
          const last = await entityLastAuthenticated(ctx.store, job.accountId, entity, input.ServiceNamespace.toLowerCase());
          return { EntityInfo: entity, ...(last !== undefined ? { LastAuthenticated: last } : {}) };
        }),
      ),
      IsTruncated: page.IsTruncated,
      ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
    };
  },
});

/** The service last-accessed operations. */
export const lastAccessedOperations: Operation[] = [
  GenerateServiceLastAccessedDetails,
  GetServiceLastAccessedDetails,
  GetServiceLastAccessedDetailsWithEntities,
];
