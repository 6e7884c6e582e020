import { ServiceError } from '../../errors.js';
import type { Principal } from '../../model/index.js';
import type { OperationContext } from '../operation.js';

/** The rules of STS's own session-issuing calls; issuing the credentials is `services/shared/roleSessions.ts`. */
export { issueCredentials, type CredentialsOutput, type SessionFacts } from '../shared/index.js';

/**
 * AWS: GetSessionToken and GetFederationToken must be called with long-term credentials; with
 * temporary ones STS answers AccessDenied "Cannot call <Operation> with session credentials".
 */
export function requireLongTermCredentials(principal: Principal, operation: 'GetSessionToken' | 'GetFederationToken'): void {
  if (principal.session !== undefined) throw new ServiceError('AccessDenied', `Cannot call ${operation} with session credentials`);
}

/** The account-root duration cap of GetSessionToken and GetFederationToken (seconds). */
export const ROOT_MAX_DURATION_SECONDS = 3600;

/**
 * AWS: GetSessionToken/GetFederationToken `DurationSeconds` — "Sessions for AWS account owners are
 * restricted to a maximum of 3,600 seconds (one hour). If the duration is longer than one hour,
 * the session for AWS account owners defaults to one hour." Users default to 43,200 seconds.
 */
export function userSessionDuration(principal: Principal, requested: number | undefined): number {
  if (principal.type === 'Root') return Math.min(requested ?? ROOT_MAX_DURATION_SECONDS, ROOT_MAX_DURATION_SECONDS);
  return requested ?? 43_200;
}

/** The principal's stored tags (`aws:PrincipalTag/…`), for IAM users. */
export async function userTags(ctx: OperationContext, principal: Principal): Promise<Record<string, string> | undefined> {
  if (principal.type !== 'IAMUser' || principal.userName === undefined) return principal.tags;
  const user = await ctx.store.users.get(principal.accountId, principal.userName);
  if (user === undefined) return principal.tags;
  const tags = await ctx.store.tags.list(principal.accountId, 'user', user.userId);
  return tags.length === 0 ? undefined : Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}
