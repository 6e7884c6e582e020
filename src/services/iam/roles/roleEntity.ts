import { ServiceError } from '../../../errors.js';
import { parseArn } from '../../../model/index.js';
import { awsManagedPolicies, isAwsManagedArn, type RoleRecord, type Store } from '../../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../../operation.js';
import { isReservedSsoRole, readRole, readRoleTags } from '../../shared/index.js';
import { iamArn } from '../../../model/index.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import type { TagTarget } from '../tags/tagging.js';

/** Pieces the role, service-linked role and instance profile operations share. */

/** AWS: service-linked roles live under this path and only AWS may create roles there. */
export const SERVICE_ROLE_PATH_PREFIX = '/aws-service-role/';

/** The tags-table address of a role. */
export function roleTagTarget(role: RoleRecord): TagTarget {
  return { accountId: role.accountId, kind: 'role', id: role.roleId };
}

/** Whether the role is a service-linked role (it sits under `/aws-service-role/`). */
export function isServiceLinkedRole(role: RoleRecord): boolean {
  return role.path.startsWith(SERVICE_ROLE_PATH_PREFIX);
}

/**
 * Refuses changes to a service-linked role: its trust policy, permissions, boundary, deletion
 * through DeleteRole. Exported for the policy operations (PutRolePolicy, AttachRolePolicy,
 * PutRolePermissionsBoundary, DeleteRolePolicy, DetachRolePolicy).
 * AWS: `UnmodifiableEntity` "Cannot perform the operation on the protected role '<name>' - this
 * role is only modifiable by AWS" (IAM User Guide, using-service-linked-roles).
 */
export function assertModifiableRole(role: RoleRecord): void {
  // AWS: the roles IAM Identity Center provisions (`/aws-reserved/sso.amazonaws.com/`) are
  // protected the same way; Identity Center alone changes them, through provisioning.
  if (isServiceLinkedRole(role) || isReservedSsoRole(role)) {
    throw new ServiceError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
  }
}

/** The role of the caller's account, or `NoSuchEntity` with IAM's message. */
export async function requireRole(ctx: OperationContext, name: string): Promise<RoleRecord> {
  const role = await readRole(ctx, ctx.principal.accountId, name);
  if (role === undefined) throw iamErrors.noSuchEntity('role', name);
  return role;
}

/**
 * Condition keys describing an existing role for authorization: `aws:ResourceTag/…` of its tags
 * and, when it has one, `iam:PermissionsBoundary`.
 */
export async function roleResourceContext(ctx: OperationContext, role: RoleRecord): Promise<Record<string, ContextValue>> {
  const context: Record<string, ContextValue> = {};
  for (const tag of await readRoleTags(ctx, role)) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  if (role.permissionsBoundaryArn !== null) context['iam:PermissionsBoundary'] = role.permissionsBoundaryArn;
  return context;
}

/**
 * The need of an action on a role by name, with the role's tags and boundary as context. A role
 * that does not exist is authorized as `role/<name>` and the handler answers `NoSuchEntity`.
 */
export async function roleNeed(
  action: string,
  ctx: OperationContext,
  roleName: string,
  extra: Record<string, ContextValue> = {},
): Promise<AuthorizationNeed[]> {
  const role = await readRole(ctx, ctx.principal.accountId, roleName);
  if (role === undefined) return iamNeed(action, iamArn(ctx.principal.accountId, 'role', '/', roleName), extra);
  return iamNeed(action, role.arn, { ...(await roleResourceContext(ctx, role)), ...extra });
}

/**
 * AWS: IAM returns policy documents URL-encoded per RFC 3986 (IAM API reference, GetRole:
 * "The policy is URL-encoded according to RFC 3986").
 */
export function urlEncodeDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The wire `Role` shape of IAM's GetRole/CreateRole (the `Role` structure). */
export interface RoleOutput {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate: Date;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: { PermissionsBoundaryType: 'Policy'; PermissionsBoundaryArn: string };
  Tags?: { Key: string; Value: string }[];
  RoleLastUsed?: { LastUsedDate?: Date; Region?: string };
}

/**
 * A role in IAM's wire shape. `full` adds what GetRole/CreateRole return and ListRoles omits:
 * the boundary, tags and `RoleLastUsed`.
 */
export async function roleOutput(ctx: OperationContext, role: RoleRecord, full: boolean): Promise<RoleOutput> {
  const out: RoleOutput = {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: urlEncodeDocument(role.trustPolicy),
    MaxSessionDuration: role.maxSessionDuration,
  };
  if (role.description !== null) out.Description = role.description;
  if (!full) return out;
  if (role.permissionsBoundaryArn !== null) {
    out.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundaryArn };
  }
  const tags = await readRoleTags(ctx, role);
  if (tags.length > 0) out.Tags = tags;
  // AWS: GetRole always has RoleLastUsed; it is empty until a session of the role is used.
  out.RoleLastUsed = {};
  if (role.lastUsedAt !== null) out.RoleLastUsed.LastUsedDate = new Date(role.lastUsedAt);
  if (role.lastUsedRegion !== null) out.RoleLastUsed.Region = role.lastUsedRegion;
  return out;
}

/**
 * Checks a permissions boundary ARN: it must name a managed policy that exists (customer managed
 * in the store, or AWS managed). AWS: `InvalidInput` "ARN <arn> is not valid." for a malformed
 * ARN; `NoSuchEntity` "Scope ARN: <arn> does not exist or is not attachable." otherwise.
 */
export async function checkBoundary(store: Store, arn: string): Promise<void> {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith('policy/')) {
    throw iamErrors.invalidInput(`ARN ${arn} is not valid.`);
  }
  const missing = new ServiceError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
  if (isAwsManagedArn(arn)) {
    if (awsManagedPolicies.get(arn) === undefined) throw missing;
    return;
  }
  if ((await store.managedPolicies.get(arn)) === undefined) throw missing;
}
