import type { OrganizationRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { findCallerScope, type OrgScope } from '../shared/index.js';
import { orgErrors } from './organizationErrors.js';

/** The caller's organization; AWSOrganizationsNotInUseException when its account is in none. */
export async function callerScope(ctx: OperationContext): Promise<OrgScope> {
  const scope = await findCallerScope(ctx);
  if (scope === undefined) throw orgErrors.notInUse();
  return scope;
}

/**
 * The caller's organization when the caller's account manages it, or when the pipeline authorized
 * the call through the organization's delegation policy (`delegatedByPolicy`).
 * AWS: "This operation can be called only from the organization's management account"; member
 * accounts get AccessDeniedException.
 */
export async function managementScope(ctx: OperationContext): Promise<OrgScope> {
  const scope = await callerScope(ctx);
  if (!scope.isManagement && !delegatedByPolicy(ctx)) throw orgErrors.accessDenied();
  return scope;
}

/**
 * Whether the call was authorized through the organization's delegation policy: every need the
 * pipeline allowed carried it (`withDelegationPolicy` in resourcePolicy.ts), so the policy engine
 * found that both the caller's IAM policies and the delegation policy allow it.
 */
export function delegatedByPolicy(ctx: OperationContext): boolean {
  return ctx.needs !== undefined && ctx.needs.length > 0 && ctx.needs.every((need) => need.resourcePolicy !== undefined);
}

/** The caller's organization, if any, without failing (for building ARNs in `authorize`). */
export async function peekScope(ctx: OperationContext): Promise<OrganizationRecord | undefined> {
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  return account?.organizationId == null ? undefined : ctx.store.organizations.get(account.organizationId);
}
