import type { OrganizationRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { callerScope, delegatedByPolicy } from './organizationScope.js';
import { orgErrors } from './organizationErrors.js';
import { delegatedAdministrators, saveDelegatedAdministrators, type OrgScope } from '../shared/index.js';

export type { Delegation } from '../shared/index.js';
export const delegations = delegatedAdministrators;
export const saveDelegations = saveDelegatedAdministrators;

/** Whether an account is a delegated administrator of the organization for any service. */
export async function isDelegatedAdministrator(ctx: OperationContext, org: OrganizationRecord, accountId: string): Promise<boolean> {
  return (await delegations(ctx, org.id)).some((d) => d.accountId === accountId);
}

/**
 * The caller's organization for a read-only call: the management account, a delegated
 * administrator of an AWS service, or a member account the delegation policy lets read it.
 * AWS: orgs_delegate_policies / orgs_integrate_services — "a delegated administrator … can call
 * the read-only Organizations operations (Describe… and List…)".
 */
export async function readScope(ctx: OperationContext): Promise<OrgScope> {
  const scope = await callerScope(ctx);
  if (scope.isManagement || delegatedByPolicy(ctx) || (await isDelegatedAdministrator(ctx, scope.org, scope.account.id))) return scope;
  throw orgErrors.accessDenied();
}
