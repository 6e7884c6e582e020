import { randomUUID } from 'node:crypto';
import { loadCatalog, serviceName } from '../../../catalog/index.js';
import { ServiceError } from '../../../errors.js';
import { parsePolicy } from '../../../policy/index.js';
import type { Policy } from '../../../policy/index.js';
import type { AccountRecord, Store } from '../../../store/index.js';
import type { OrganizationRecord, OrgUnitRecord } from '../../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../../operation.js';
import { allowedServices } from '../policies/allowedServices.js';
import { iamNeed } from '../iamNeed.js';
import { pageOf } from '../paging.js';

/**
 * GenerateOrganizationsAccessReport and GetOrganizationsAccessReport: for an entity of the
 * organization (the organization, its root, an OU or an account, as an entity path
 * `o-…/r-…/ou-…/…/<account>`), the services the SCPs that apply to it allow (or, with
 * `OrganizationsPolicyId`, that one SCP allows), each with when a principal of an account under the
 * entity last used it, from the audit trail's last-accessed data. The job runs within the Generate
 * call, so it is COMPLETED.
 *
 * AWS: API_GenerateOrganizationsAccessReport — "you must be signed in to the management account in
 * your organization. SCPs must be enabled for your organization root"; API_AccessDetail —
 * `EntityPath` of the account of the latest access, `TotalAuthenticatedEntities` "the number of
 * accounts with authenticated principals … that attempted to access the service", and no
 * `LastAuthenticatedTime` for a service nobody used. The audit trail tracks IAM users and roles; the
 * root user's own calls are not counted.
 */

interface StoredReport {
  readonly accountId: string;
  readonly createdAt: string;
  readonly services: readonly string[];
  readonly details: readonly AccessDetail[];
}

interface AccessDetail {
  readonly ServiceNamespace: string;
  readonly Region?: string;
  readonly EntityPath?: string;
  readonly LastAuthenticatedTime?: string;
  readonly TotalAuthenticatedEntities: number;
}

const reportKey = (jobId: string): string => `iam:organizations-access-report:${jobId}`;
const invalid = (message: string) => new ServiceError('InvalidInput', message);

/** The caller's organization when the caller's account manages it. */
async function managedOrganization(ctx: OperationContext): Promise<OrganizationRecord> {
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  const org = account?.organizationId == null ? undefined : await ctx.store.organizations.get(account.organizationId);
  if (org === undefined) throw invalid('The request was rejected because the account is not a member of an organization.');
  if (org.managementAccountId !== ctx.principal.accountId) {
    throw invalid('The request was rejected because only the management account of the organization can generate an organizations access report.');
  }
  return org;
}

/** What an entity path names: the units from the root down, and the account when it ends in one. */
interface Entity {
  readonly units: readonly OrgUnitRecord[];
  readonly account?: AccountRecord;
}

async function resolvePath(store: Store, org: OrganizationRecord, path: string): Promise<Entity> {
  const bad = () => invalid(`The entity path ${path} is not valid for organization ${org.id}.`);
  const [orgId, ...steps] = path.replace(/\/$/, '').split('/');
  if (orgId !== org.id) throw bad();
  const units: OrgUnitRecord[] = [];
  let account: AccountRecord | undefined;
  for (const [i, step] of steps.entries()) {
    const parent = units[units.length - 1];
    if (/^\d{12}$/.test(step) && i === steps.length - 1 && parent !== undefined) {
      account = await store.accounts.get(step);
      if (account?.organizationId !== org.id || account.parentId !== parent.id) throw bad();
      continue;
    }
    const unit = await store.organizations.getUnit(org.id, step);
    if (unit === undefined || unit.parentId !== (parent?.id ?? null)) throw bad();
    units.push(unit);
  }
  if (units.length === 0 && steps.length > 0) throw bad();
  return account === undefined ? { units } : { units, account };
}

/** The accounts under an entity, with their entity paths. */
async function accountsUnder(store: Store, org: OrganizationRecord, entity: Entity): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  const prefix = (units: readonly OrgUnitRecord[]) => `${org.id}/${units.map((u) => `${u.id}/`).join('')}`;
  if (entity.account !== undefined) {
    paths.set(entity.account.id, `${prefix(entity.units)}${entity.account.id}`);
    return paths;
  }
  const root = entity.units.length === 0 ? await store.organizations.root(org.id) : undefined;
  const start = root === undefined ? entity.units : [root];
  const walk = async (chain: readonly OrgUnitRecord[]): Promise<void> => {
    const unit = chain[chain.length - 1]!;
    for (const account of await store.organizations.accounts(org.id, unit.id)) paths.set(account.id, `${prefix(chain)}${account.id}`);
    for (const child of await store.organizations.childUnits(org.id, unit.id)) await walk([...chain, child]);
  };
  await walk(start);
  return paths;
}

function parsedScp(content: string): Policy | undefined {
  const parsed = parsePolicy(content, 'scp', { maxLength: Number.MAX_SAFE_INTEGER });
  return parsed.ok ? parsed.policy : undefined;
}

/**
 * The services the SCPs of an entity's path allow: at every level (root, each OU, the account)
 * some attached SCP must allow the service (AWS: orgs_manage_policies_scps_evaluation).
 */
async function servicesAllowedBySCPs(store: Store, org: OrganizationRecord, entity: Entity): Promise<string[]> {
  const targets = [...entity.units.map((u) => u.id), ...(entity.account !== undefined ? [entity.account.id] : [])];
  let allowed: Set<string> | undefined;
  for (const target of targets) {
    const level: Policy[] = [];
    for (const { policy } of await store.organizationPolicies.attachedPolicies(org.id, target, 'SERVICE_CONTROL_POLICY')) {
      const parsed = parsedScp(policy.content);
      if (parsed !== undefined) level.push(parsed);
    }
    const services = new Set(allowedServices(level));
    allowed = allowed === undefined ? services : new Set([...allowed].filter((s) => services.has(s)));
  }
  return [...(allowed ?? [])].sort();
}

export const GenerateOrganizationsAccessReport = defineOperation<{ EntityPath: string; OrganizationsPolicyId?: string }, { JobId: string }>({
  service: 'iam',
  name: 'GenerateOrganizationsAccessReport',
  readOnly: false,
  authorize: (input, ctx) =>
    iamNeed(
      'GenerateOrganizationsAccessReport',
      `arn:aws:iam::${ctx.principal.accountId}:access-report/${input.EntityPath}`,
      input.OrganizationsPolicyId !== undefined ? { 'iam:OrganizationsPolicyId': input.OrganizationsPolicyId } : undefined,
    ),
  handle: async (input, ctx) => {
    const org = await managedOrganization(ctx);
    const root = await ctx.store.organizations.root(org.id);
    if (root === undefined || !root.policyTypes.includes('SERVICE_CONTROL_POLICY')) {
      throw invalid('The request was rejected because SCPs are not enabled for the organization root.');
    }
    const entity = await resolvePath(ctx.store, org, input.EntityPath);
    // A wildcard action reaches every service: read the reference without blocking the event loop.
    await loadCatalog();
    let services: string[];
    if (input.OrganizationsPolicyId !== undefined) {
      const policy = await ctx.store.organizationPolicies.get(org.id, input.OrganizationsPolicyId);
      const parsed = policy?.type === 'SERVICE_CONTROL_POLICY' ? parsedScp(policy.content) : undefined;
      if (parsed === undefined) throw new ServiceError('NoSuchEntity', `The service control policy ${input.OrganizationsPolicyId} cannot be found.`);
      services = allowedServices([parsed]);
    } else {
      services = await servicesAllowedBySCPs(ctx.store, org, {
        units: entity.units.length === 0 ? [root] : entity.units,
        ...(entity.account !== undefined ? { account: entity.account } : {}),
      });
    }
    const accounts = await accountsUnder(ctx.store, org, entity);
    const latest = new Map<string, { at: string; region: string; account: string }>();
    const users = new Map<string, Set<string>>();
    for (const access of await ctx.store.auditLastAccessed.forAccounts([...accounts.keys()])) {
      const account = access.entityArn.split(':')[4]!;
      const known = latest.get(access.service);
      if (known === undefined || known.at < access.at) latest.set(access.service, { at: access.at, region: access.region, account });
      users.set(access.service, (users.get(access.service) ?? new Set()).add(account));
    }
    const details = services.map((namespace): AccessDetail => {
      const last = latest.get(namespace);
      return last === undefined
        ? { ServiceNamespace: namespace, TotalAuthenticatedEntities: 0 }
        : {
            ServiceNamespace: namespace,
            Region: last.region,
            EntityPath: accounts.get(last.account)!,
            LastAuthenticatedTime: last.at,
            TotalAuthenticatedEntities: users.get(namespace)!.size,
          };
    });
    const report: StoredReport = { accountId: ctx.principal.accountId, createdAt: ctx.now.toISOString(), services, details };
    const jobId = randomUUID();
    await ctx.store.kv.set(reportKey(jobId), JSON.stringify(report));
    return { JobId: jobId };
  },
});

const SORTS: Readonly<Record<string, (a: AccessDetail, b: AccessDetail) => number>> = {
  SERVICE_NAMESPACE_ASCENDING: (a, b) => a.ServiceNamespace.localeCompare(b.ServiceNamespace),
  SERVICE_NAMESPACE_DESCENDING: (a, b) => b.ServiceNamespace.localeCompare(a.ServiceNamespace),
  // Services nobody used sort after every used one, either way.
  LAST_AUTHENTICATED_TIME_ASCENDING: (a, b) => (a.LastAuthenticatedTime ?? '~').localeCompare(b.LastAuthenticatedTime ?? '~'),
  LAST_AUTHENTICATED_TIME_DESCENDING: (a, b) => (b.LastAuthenticatedTime ?? '').localeCompare(a.LastAuthenticatedTime ?? ''),
};

export const GetOrganizationsAccessReport = defineOperation<{ JobId: string; MaxItems?: number; Marker?: string; SortKey?: string }>({
  service: 'iam',
  name: 'GetOrganizationsAccessReport',
  readOnly: true,
  authorize: () => iamNeed('GetOrganizationsAccessReport', '*'),
  handle: async (input, ctx) => {
    await managedOrganization(ctx);
    const raw = await ctx.store.kv.get(reportKey(input.JobId));
    const report = raw === undefined ? undefined : (JSON.parse(raw) as StoredReport);
    if (report === undefined || report.accountId !== ctx.principal.accountId)
      throw new ServiceError('NoSuchEntity', `The job with ID ${input.JobId} cannot be found.`);
    await loadCatalog();
    const sorted = [...report.details].sort(SORTS[input.SortKey ?? 'SERVICE_NAMESPACE_ASCENDING'] ?? SORTS['SERVICE_NAMESPACE_ASCENDING']);
    const page = pageOf(sorted, input.Marker, input.MaxItems);
    return {
      JobStatus: 'COMPLETED',
      JobCreationDate: new Date(report.createdAt),
      JobCompletionDate: new Date(report.createdAt),
      NumberOfServicesAccessible: report.services.length,
      NumberOfServicesNotAccessed: report.details.filter((d) => d.LastAuthenticatedTime === undefined).length,
      AccessDetails: page.items.map((d) => ({
        ServiceName: serviceName(d.ServiceNamespace) ?? d.ServiceNamespace,
        ServiceNamespace: d.ServiceNamespace,
        ...(d.Region !== undefined ? { Region: d.Region } : {}),
        ...(d.EntityPath !== undefined ? { EntityPath: d.EntityPath } : {}),
        ...(d.LastAuthenticatedTime !== undefined ? { LastAuthenticatedTime: new Date(d.LastAuthenticatedTime) } : {}),
        TotalAuthenticatedEntities: d.TotalAuthenticatedEntities,
      })),
      IsTruncated: page.IsTruncated,
      ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
    };
  },
});

export const organizationsAccessReportOperations: Operation[] = [GenerateOrganizationsAccessReport, GetOrganizationsAccessReport];
