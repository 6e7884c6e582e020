import { ServiceError } from '../../errors.js';
import { assumedRoleArn, parseArn } from '../../model/index.js';
import type { Principal } from '../../model/index.js';
import type { RoleRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { readOncePerCall } from '../operation.js';
import { readRole, readRoleTags } from '../shared/index.js';
import { invalidParameter, sessionTagRecord } from './sessionInputs.js';
import type { TagInput } from './sessionInputs.js';

/**
 * AssumeRole's rules about the role, the session's duration, role chaining, transitive session
 * tags and the source identity.
 */

/** AWS: AssumeRole `DurationSeconds` defaults to one hour. */
export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
/** AWS: "role chaining limits your … session to a maximum of one hour" (id_roles_terms-and-concepts). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * The role an ARN names, with its exact path (role names compare case-insensitively); undefined
 * when there is none, or its account is closed.
 * AWS: Organizations, "Closing an account" — a closed (suspended) account's roles can no longer be
 * assumed; STS answers as for a role the caller may not assume.
 */
export async function findRole(ctx: OperationContext, roleArn: string): Promise<RoleRecord | undefined> {
  const arn = parseArn(roleArn);
  if (arn === undefined || arn.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const role = await readRole(ctx, arn.accountId, name);
  if (role === undefined || role.arn.toLowerCase() !== roleArn.toLowerCase()) return undefined;
  const account = await readOncePerCall(ctx, `account\n${role.accountId}`, () => ctx.store.accounts.get(role.accountId));
  return account?.status === 'ACTIVE' ? role : undefined;
}

/**
 * The session duration in seconds.
 * AWS: AssumeRole answers ValidationError "The requested DurationSeconds exceeds the 1 hour session
 * limit for roles assumed by role chaining." when a role session asks for more than an hour, and
 * "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." above the
 * role's maximum.
 */
export function roleChainingDuration(caller: Principal, role: RoleRecord, requested: number | undefined): number {
  const duration = requested ?? DEFAULT_ROLE_SESSION_SECONDS;
  if (caller.type === 'AssumedRole' && duration > ROLE_CHAINING_MAX_SECONDS) {
    throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > role.maxSessionDuration) {
    throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return duration;
}

/**
 * The new session's tags: the caller's transitive session tags (role chaining) and the requested
 * ones, and which of them are transitive.
 *
 * AWS: id_session-tags#id_session-tags_role-chaining — transitive tags persist through role
 * chaining and cannot be overridden; a transitive tag key must be one of the session's tags.
 */
export function sessionTagsFor(
  caller: Principal,
  requested: readonly TagInput[] | undefined,
  transitiveKeys: readonly string[] | undefined,
): { sessionTags: Record<string, string> | undefined; transitiveTagKeys: string[] } {
  const own = sessionTagRecord(requested) ?? {};
  const ownLower = new Map(Object.keys(own).map((k) => [k.toLowerCase(), k]));
  const transitive: string[] = [];
  for (const key of transitiveKeys ?? []) {
    const actual = ownLower.get(key.toLowerCase());
    if (actual === undefined) throw invalidParameter('The specified transitive tag key must be included in the requested tags.');
    if (!transitive.some((k) => k.toLowerCase() === actual.toLowerCase())) transitive.push(actual);
  }
  const inherited: Record<string, string> = {};
  const session = caller.type === 'AssumedRole' ? caller.session : undefined;
  for (const key of session?.transitiveTagKeys ?? []) {
    const value = Object.entries(session?.sessionTags ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase());
    if (value === undefined) continue;
    if (ownLower.has(key.toLowerCase())) {
      throw invalidParameter("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
    }
    inherited[value[0]] = value[1];
    transitive.push(value[0]);
  }
  const all = { ...inherited, ...own };
  return { sessionTags: Object.keys(all).length === 0 ? undefined : all, transitiveTagKeys: transitive };
}

/**
 * The session's source identity.
 * AWS: id_credentials_temp_control-access_monitor — "After you set the source identity, it is
 * present in the session and persists through role chaining; you can't change it."
 */
export function sourceIdentityFor(caller: Principal, requested: string | undefined): string | undefined {
  const inherited = caller.type === 'AssumedRole' ? caller.session?.sourceIdentity : undefined;
  if (inherited !== undefined && requested !== undefined && requested !== inherited) {
    throw invalidParameter('The source identity specified in the request does not match the source identity of the calling session.');
  }
  if (requested?.toLowerCase().startsWith('aws:')) {
    // AWS: "You cannot use a value that begins with the text aws:" (AssumeRole, SourceIdentity).
    throw invalidParameter('The source identity cannot begin with the reserved prefix aws:.');
  }
  return requested ?? inherited;
}

/** How stale a role's last use may get before an assumption writes it again. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Records that the role was used, unless the stored last use is already this recent and in this
 * region: a burst of assumptions then costs one write a minute, not a durable write per call.
 * AWS: RoleLastUsed is approximate ("Activity is only reported for the trailing 400 days … may
 * not be up to date", GetRole API reference).
 */
export async function noteRoleUse(ctx: OperationContext, role: RoleRecord): Promise<void> {
  const last = role.lastUsedAt === null ? undefined : Date.parse(role.lastUsedAt);
  if (last !== undefined && role.lastUsedRegion === ctx.region && ctx.now.getTime() - last < LAST_USED_RESOLUTION_MS && ctx.now.getTime() >= last) return;
  await ctx.store.roles.recordLastUsed(role.accountId, role.name, ctx.now.toISOString(), ctx.region);
}

/**
 * The principal of a new session of `role`: its assumed-role ARN (the role's path is not part of
 * it), `AROA…:session` as its user ID, and the role's tags as principal tags. Notes the role's use.
 */
export async function roleSessionPrincipal(ctx: OperationContext, role: RoleRecord, sessionName: string) {
  await noteRoleUse(ctx, role);
  const tags = await readRoleTags(ctx, role);
  return {
    type: 'AssumedRole' as const,
    accountId: role.accountId,
    arn: assumedRoleArn(role.accountId, role.name, sessionName),
    userId: `${role.roleId}:${sessionName}`,
    roleArn: role.arn,
    ...(tags.length > 0 ? { tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) } : {}),
  };
}
