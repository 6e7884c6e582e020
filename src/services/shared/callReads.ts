import type { RoleRecord, UserRecord } from '../../store/index.js';
import { readOncePerCall } from '../operation.js';
import type { OperationContext } from '../operation.js';

/**
 * The rows an operation's authorization and its handler both read, read once per call
 * (`readOncePerCall`): a user or role by name, and its tags. Names compare case-insensitively,
 * as IAM's do.
 */

type Tag = { Key: string; Value: string };

export function readUser(ctx: OperationContext, accountId: string, name: string): Promise<UserRecord | undefined> {
  return readOncePerCall(ctx, `user\n${accountId}\n${name.toLowerCase()}`, () => ctx.store.users.get(accountId, name));
}

export function readUserTags(ctx: OperationContext, user: UserRecord): Promise<Tag[]> {
  return readOncePerCall(ctx, `user-tags\n${user.userId}`, () => ctx.store.tags.list(user.accountId, 'user', user.userId));
}

export function readRole(ctx: OperationContext, accountId: string, name: string): Promise<RoleRecord | undefined> {
  return readOncePerCall(ctx, `role\n${accountId}\n${name.toLowerCase()}`, () => ctx.store.roles.get(accountId, name));
}

export function readRoleTags(ctx: OperationContext, role: RoleRecord): Promise<Tag[]> {
  return readOncePerCall(ctx, `role-tags\n${role.roleId}`, () => ctx.store.tags.list(role.accountId, 'role', role.roleId));
}
