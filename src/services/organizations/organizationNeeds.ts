import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';

/**
 * The authorization need of an Organizations action, evaluated in the caller's own account: the
 * caller's IAM policies decide, then the handler refuses callers that are not the management account
 * with Organizations' own AccessDeniedException. AWS managed policies' ARNs name the account `aws`.
 */
export function orgNeed(action: string, resource: string, ctx: OperationContext, context?: Record<string, ContextValue>): AuthorizationNeed {
  return {
    action: `organizations:${action}`,
    resource,
    resourceAccountId: ctx.principal.accountId,
    ...(context !== undefined ? { context } : {}),
  };
}

/** `organizations:ServicePrincipal`, for the actions that name a service (none when the call names none). */
export function servicePrincipalContext(principal: string | undefined): Record<string, ContextValue> | undefined {
  return principal === undefined ? undefined : { 'organizations:ServicePrincipal': principal };
}
