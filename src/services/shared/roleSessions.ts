import { assumedRoleArn, parseArn } from '../../model/index.js';
import type { Principal } from '../../model/index.js';
import type { RoleRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { readOncePerCall } from '../operation.js';
import { readRole, readRoleTags } from './callReads.js';

/**
 * The role sessions every role-assuming operation issues (STS AssumeRole*, Roles Anywhere's
 * CreateSession, the IoT credentials provider, the workload credentials endpoint): the role an
 * ARN names, the session's principal, and the role's last use.
 */

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
export async function roleSessionPrincipal(ctx: OperationContext, role: RoleRecord, sessionName: string): Promise<Principal> {
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
