import type { OperationContext } from '../operation.js';
import { callerScope, delegatedByPolicy } from './organizationScope.js';
import { orgErrors } from './organizationErrors.js';
import { delegations, isDelegatedAdministrator, saveDelegations, type Delegation, type OrgScope } from '../shared/index.js';

export { delegations, isDelegatedAdministrator, saveDelegations, type Delegation };

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
