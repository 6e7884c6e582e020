import { ServiceError } from '../../errors.js';
import type { Principal } from '../../model/index.js';
import type { RoleRecord } from '../../store/index.js';
import { invalidParameter, sessionTagRecord } from '../shared/index.js';
import type { TagInput } from '../shared/index.js';

/**
 * AssumeRole's rules about the role, the session's duration, role chaining, transitive session
 * tags and the source identity.
 */

/** AWS: AssumeRole `DurationSeconds` defaults to one hour. */
export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
/** AWS: "role chaining limits your … session to a maximum of one hour" (id_roles_terms-and-concepts). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

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
