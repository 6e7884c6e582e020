import { ServiceError } from '../../errors.js';
import { newAccessKeyId, newSecretAccessKey } from '../../model/index.js';
import type { Principal } from '../../model/index.js';
import { sealSessionToken } from '../../auth/index.js';
import type { SessionClaims } from '../../auth/index.js';
import type { OperationContext } from '../operation.js';

/**
 * Issuing temporary credentials: an `ASIA…` key ID encoding the account, a fresh secret, and the
 * self-contained session token carrying the session's facts.
 */

/** AWS: the `Credentials` member of every STS response that issues credentials. */
export interface CredentialsOutput {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

/** What a new session is; the key, secret and times are added by {@link issueCredentials}. */
export type SessionFacts = Omit<SessionClaims, 'accessKeyId' | 'secretAccessKey' | 'issuedAt' | 'expiresAt'>;

/** Seals a session lasting `durationSeconds` from now and returns its credentials. */
export function issueCredentials(ctx: OperationContext, facts: SessionFacts, durationSeconds: number): CredentialsOutput {
  const issuedAt = ctx.now.getTime();
  // AWS: Expiration is returned to the second.
  const expiresAt = Math.floor(issuedAt / 1000) * 1000 + durationSeconds * 1000;
  const claims: SessionClaims = {
    ...facts,
    accessKeyId: newAccessKeyId(true, facts.principal.accountId),
    secretAccessKey: newSecretAccessKey(),
    issuedAt,
    expiresAt,
  };
  return {
    AccessKeyId: claims.accessKeyId,
    SecretAccessKey: claims.secretAccessKey,
    SessionToken: sealSessionToken(ctx.store.keyRing, claims),
    Expiration: new Date(expiresAt),
  };
}

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
