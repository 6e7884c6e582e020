import type { AccountRecord } from '../../store/index.js';
import type { OrganizationRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';

/**
 * What other services read of an account's organization: which organization the caller's
 * account is in, the organization's per-organization values, and the AWS services it grants
 * trusted access (AWS: Organizations User Guide, "AWS services that you can use with AWS
 * Organizations": CloudTrail, Access Analyzer, IAM Identity Center … act across the organization
 * only once it has).
 */

/** The caller's organization and whether the caller's account manages it. */
export interface OrgScope {
  readonly org: OrganizationRecord;
  readonly account: AccountRecord;
  readonly isManagement: boolean;
}

/** The caller's organization, or undefined when its account is in none. */
export async function findCallerScope(ctx: OperationContext): Promise<OrgScope | undefined> {
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  const org = account?.organizationId == null ? undefined : await ctx.store.organizations.get(account.organizationId);
  return account === undefined || org === undefined ? undefined : { org, account, isManagement: org.managementAccountId === account.id };
}

/**
 * A list kept as JSON among the organization's values (`store.organizationValues`), in the order
 * it was saved; saving an empty list removes the value (as DeleteOrganization does).
 */
export function organizationList<T>(name: string) {
  const value = organizationValue<T[]>(name);
  return {
    load: async (ctx: StoreScope, orgId: string): Promise<T[]> => (await value.load(ctx, orgId)) ?? [],
    save: (ctx: StoreScope, orgId: string, list: readonly T[]): Promise<void> => value.save(ctx, orgId, list.length === 0 ? undefined : [...list]),
  };
}

/** What the per-organization values need of a call: its storage (a transaction, or the store itself). */
export type StoreScope = Pick<OperationContext, 'store'>;

/** One JSON value per organization, among its values (`store.organizationValues`); saving undefined removes it. */
export function organizationValue<T>(name: string) {
  return {
    async load(ctx: StoreScope, orgId: string): Promise<T | undefined> {
      const text = await ctx.store.organizationValues.get(orgId, name);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async save(ctx: StoreScope, orgId: string, value: T | undefined): Promise<void> {
      if (value === undefined) await ctx.store.organizationValues.delete(orgId, name);
      else await ctx.store.organizationValues.set(orgId, name, JSON.stringify(value));
    },
  };
}

/** One service with trusted access, and when it was enabled. */
export interface ServiceAccess {
  readonly servicePrincipal: string;
  readonly enabledAt: string;
}

/** Trusted access is one list per organization, in the order enabled. */
const serviceAccessList = organizationList<ServiceAccess>('service-access');
export const serviceAccess = serviceAccessList.load;
export const saveServiceAccess = serviceAccessList.save;

/** Whether the organization has enabled trusted access for `principal`. */
export async function hasServiceAccess(ctx: StoreScope, org: OrganizationRecord, principal: string): Promise<boolean> {
  return (await serviceAccess(ctx, org.id)).some((s) => s.servicePrincipal === principal);
}

/** One account registered as delegated administrator for one service. */
export interface Delegation {
  readonly accountId: string;
  readonly servicePrincipal: string;
  readonly enabledAt: string;
}

/** Delegations are one list per organization (RegisterDelegatedAdministrator). */
const delegationList = organizationList<Delegation>('delegated-administrators');
export const delegations = delegationList.load;
export const saveDelegations = delegationList.save;

/**
 * Whether an account is a delegated administrator of the organization for `servicePrincipal`
 * (any service, when absent).
 */
export async function isDelegatedAdministrator(ctx: StoreScope, org: OrganizationRecord, accountId: string, servicePrincipal?: string): Promise<boolean> {
  return (await delegations(ctx, org.id)).some((d) => d.accountId === accountId && (servicePrincipal === undefined || d.servicePrincipal === servicePrincipal));
}

/** The organization's resource-based delegation policy as kept among its values (PutResourcePolicy). */
export interface StoredResourcePolicy {
  readonly id: string;
  readonly content: string;
}

/** The organization's resource policy (Organizations PutResourcePolicy / DeleteResourcePolicy). */
export const organizationResourcePolicy = organizationValue<StoredResourcePolicy>('resource-policy');
