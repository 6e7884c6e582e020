import { ServiceError } from '../../../errors.js';
import { iamArn } from '../../../model/index.js';
import { DuplicateError, type UserRecord } from '../../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../../operation.js';
import { readUser, readUserTags } from '../../shared/index.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import type { TagTarget } from '../tags/tagging.js';

/** Pieces the user, group, access key and password operations share. */

/** The tags-table address of a user (by unique ID, so a rename keeps the tags). */
export function userTagTarget(user: UserRecord): TagTarget {
  return { accountId: user.accountId, kind: 'user', id: user.userId };
}

/** The user of the caller's account, or `NoSuchEntity` with IAM's message. */
export async function requireUser(ctx: OperationContext, name: string): Promise<UserRecord> {
  const user = await readUser(ctx, ctx.principal.accountId, name);
  if (user === undefined) throw iamErrors.noSuchEntity('user', name);
  return user;
}

/** AWS: "Must specify userName when calling with non-User credentials" (ValidationError, IAM). */
export function nonUserCaller(): ServiceError {
  return new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

/**
 * The user an operation with an optional `UserName` acts on: the named one, or the calling IAM
 * user. `null` means the caller's root user (only where `allowRoot`); other callers must name one.
 * AWS: "If you do not specify a user name, IAM determines the user name implicitly based on the
 * Amazon Web Services access key ID signing the request" (CreateAccessKey, ListAccessKeys, …).
 */
export function targetUserName(ctx: OperationContext, userName: string | undefined, allowRoot: boolean): string | null {
  if (userName !== undefined) return userName;
  if (ctx.principal.type === 'IAMUser' && ctx.principal.userName !== undefined) return ctx.principal.userName;
  if (ctx.principal.type === 'Root' && allowRoot) return null;
  throw nonUserCaller();
}

/** Condition keys describing an existing user: `aws:ResourceTag/…` and `iam:ResourceTag/…` of its tags. */
export async function userResourceContext(ctx: OperationContext, user: UserRecord): Promise<Record<string, ContextValue>> {
  const context: Record<string, ContextValue> = {};
  for (const tag of await readUserTags(ctx, user)) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return context;
}

/**
 * The need of an action on a user by name (`null`: the caller's root user). The ARN carries the
 * stored path; a user that does not exist is authorized as `user/<name>` and the handler then
 * answers `NoSuchEntity`, so authorization never reveals whether a user exists.
 */
export async function userNeed(
  action: string,
  ctx: OperationContext,
  userName: string | null,
  extra: Record<string, ContextValue> = {},
): Promise<AuthorizationNeed[]> {
  const accountId = ctx.principal.accountId;
  if (userName === null) return iamNeed(action, ctx.principal.arn, extra);
  const user = await readUser(ctx, accountId, userName);
  if (user === undefined) return iamNeed(action, iamArn(accountId, 'user', '/', userName), extra);
  return iamNeed(action, user.arn, { ...(await userResourceContext(ctx, user)), ...extra });
}

/** The wire `User` structure. */
export interface UserOutput {
  Path?: string;
  UserName?: string;
  UserId: string;
  Arn: string;
  CreateDate: Date;
  PasswordLastUsed?: Date;
  PermissionsBoundary?: { PermissionsBoundaryType: 'Policy'; PermissionsBoundaryArn: string };
  Tags?: { Key: string; Value: string }[];
}

/**
 * A user in IAM's wire shape. `full` adds what GetUser/CreateUser return and the list operations
 * omit. AWS: "ListUsers … does not return … a user's permissions boundary or tags" (IAM API
 * reference, ListUsers).
 */
export async function userOutput(ctx: OperationContext, user: UserRecord, full: boolean): Promise<UserOutput> {
  const out: UserOutput = { Path: user.path, UserName: user.name, UserId: user.userId, Arn: user.arn, CreateDate: new Date(user.createdAt) };
  if (user.passwordLastUsed !== null) out.PasswordLastUsed = new Date(user.passwordLastUsed);
  if (!full) return out;
  if (user.permissionsBoundaryArn !== null) {
    out.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: user.permissionsBoundaryArn };
  }
  const tags = await readUserTags(ctx, user);
  if (tags.length > 0) out.Tags = tags;
  return out;
}

/** Runs a store insert, answering a concurrent duplicate (a unique key violation) with `conflict`. */
export async function insertOr<T>(insert: Promise<T>, conflict: () => ServiceError): Promise<T> {
  try {
    return await insert;
  } catch (error) {
    if (error instanceof DuplicateError) throw conflict();
    throw error;
  }
}
