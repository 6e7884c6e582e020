import { ServiceError } from '../../../errors.js';
import { parseArn } from '../../../model/index.js';
import { parsePolicy } from '../../../policy/index.js';
import { AWS_MANAGED_ACCOUNT, isAwsManagedArn } from '../../../store/index.js';
import type { ManagedPolicyRecord, Store } from '../../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import type { EntityKind } from '../iamErrors.js';

/**
 * What the policy operations share: document checks, IAM's URL-encoded documents, the `Policy`
 * wire shape, entity lookups and in-memory pagination.
 */

/**
 * AWS: IAM returns policy documents URL-encoded (RFC 3986) in GetPolicyVersion, Get…Policy,
 * GetAccountAuthorizationDetails (IAM API reference, "PolicyVersion" and "GetUserPolicy": "The
 * policy document returned in this structure is URL-encoded compliant with RFC 3986").
 */
export function urlEncodeDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Checks an identity-policy document with IAM's grammar. A document over `maxLength` counted
 * characters is a quota error (`LimitExceeded`), anything else a `MalformedPolicyDocument`.
 */
export function checkIdentityDocument(document: string, maxLength: number): void {
  const result = parsePolicy(document, 'identity', { maxLength });
  if (result.ok) return;
  const first = result.errors[0]!;
  if (first.limit !== undefined) throw new ServiceError('LimitExceeded', first.message);
  throw new ServiceError('MalformedPolicyDocument', first.message);
}

/** AWS: "Policy arn:aws:iam::123456789012:policy/x was not found." (NoSuchEntity). */
export function policyNotFound(arn: string): ServiceError {
  return new ServiceError('NoSuchEntity', `Policy ${arn} was not found.`);
}

/** AWS: "Policy arn:… does not exist or is not attachable." (NoSuchEntity on attach and boundaries). */
export function policyNotAttachable(arn: string): ServiceError {
  return new ServiceError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

/** Whether an ARN has the shape of a managed policy ARN. */
export function isPolicyArn(arn: string): boolean {
  const parsed = parseArn(arn);
  return parsed !== undefined && parsed.service === 'iam' && parsed.region === '' && parsed.resource.startsWith('policy/');
}

/**
 * AWS: a PolicyArn that is no ARN at all is ValidationError "Invalid ARN:  Could not be parsed!"
 * (recorded responses of AttachRolePolicy/AttachUserPolicy); an ARN that does not name a policy is
 * InvalidInput "ARN x is not valid.".
 */
export function requirePolicyArn(arn: string): void {
  if (parseArn(arn) === undefined) throw new ServiceError('ValidationError', 'Invalid ARN:  Could not be parsed!');
  if (!isPolicyArn(arn)) throw iamErrors.invalidInput(`ARN ${arn} is not valid.`);
}

/**
 * The managed policy, if it exists and the caller's account may see it (its own customer managed
 * policies and every AWS managed policy).
 */
export async function findPolicy(store: Store, accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
  const policy = await store.managedPolicies.get(arn);
  if (policy === undefined || (!policy.awsManaged && policy.accountId !== accountId)) return undefined;
  return policy;
}

/** The policy or `NoSuchEntity` "Policy … was not found.". */
export async function requirePolicy(store: Store, accountId: string, arn: string): Promise<ManagedPolicyRecord> {
  requirePolicyArn(arn);
  const policy = await findPolicy(store, accountId, arn);
  if (policy === undefined) throw policyNotFound(arn);
  return policy;
}

/**
 * The need for an action on a managed policy. AWS managed policies are readable by every account;
 * a change to one is an action on a resource of account `aws`, which no policy of the caller's
 * account can allow, so it is denied (AWS answers AccessDenied, root included).
 */
export function policyNeed(action: string, arn: string, ctx: OperationContext, mutates: boolean, context?: Record<string, ContextValue>): AuthorizationNeed[] {
  const need: AuthorizationNeed = {
    action: `iam:${action}`,
    resource: arn,
    resourceAccountId: isAwsManagedArn(arn) && mutates ? AWS_MANAGED_ACCOUNT : isAwsManagedArn(arn) ? ctx.principal.accountId : accountOf(arn, ctx),
    ...(context !== undefined ? { context } : {}),
  };
  return [need];
}

function accountOf(arn: string, ctx: OperationContext): string {
  const parsed = parseArn(arn);
  return parsed === undefined || parsed.accountId === '' ? ctx.principal.accountId : parsed.accountId;
}

/** The `Policy` wire shape. `full` adds Description (GetPolicy), omitted by ListPolicies and CreatePolicy. */
export function policyShape(policy: ManagedPolicyRecord, counts: { attachments: number; boundaries: number }, full: boolean): Record<string, unknown> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: policy.isAttachable,
    ...(full && policy.description !== null ? { Description: policy.description } : {}),
    CreateDate: new Date(policy.createdAt),
    UpdateDate: new Date(policy.updatedAt),
  };
}

/** Attachment and boundary counts of one policy within the caller's account. */
export async function policyCounts(store: Store, accountId: string, arn: string): Promise<{ attachments: number; boundaries: number }> {
  const attachments = (await store.policyAttachments.listForPolicy(accountId, arn)).length;
  const boundaries = (await store.policyAttachments.boundaryUses(accountId, arn)).length;
  return { attachments, boundaries };
}

/** A user, group or role as the policy operations need it. */
export interface PolicyHolder {
  readonly kind: EntityKind;
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly createdAt: string;
  readonly boundaryArn: string | null;
}

/** The user, group or role (case-insensitive name), or `NoSuchEntity` in IAM's words. */
export async function requireHolder(store: Store, accountId: string, kind: EntityKind, name: string): Promise<PolicyHolder> {
  const holder = await findHolder(store, accountId, kind, name);
  if (holder === undefined) throw iamErrors.noSuchEntity(kind, name);
  return holder;
}

/** The user, group or role (case-insensitive name), or undefined. */
export async function findHolder(store: Store, accountId: string, kind: EntityKind, name: string): Promise<PolicyHolder | undefined> {
  if (kind === 'group') {
    const g = await store.groups.get(accountId, name);
    return g === undefined ? undefined : { kind, name: g.name, id: g.groupId, arn: g.arn, path: g.path, createdAt: g.createdAt, boundaryArn: null };
  }
  if (kind === 'user') {
    const u = await store.users.get(accountId, name);
    return u === undefined
      ? undefined
      : { kind, name: u.name, id: u.userId, arn: u.arn, path: u.path, createdAt: u.createdAt, boundaryArn: u.permissionsBoundaryArn };
  }
  const r = await store.roles.get(accountId, name);
  return r === undefined
    ? undefined
    : { kind, name: r.name, id: r.roleId, arn: r.arn, path: r.path, createdAt: r.createdAt, boundaryArn: r.permissionsBoundaryArn };
}

/** The ARN an entity would have when it does not exist (authorization of a call that will fail). */
export function holderArnGuess(accountId: string, kind: EntityKind, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}/${name}`;
}

/** `iam:PermissionsBoundary` of an entity that has one. */
export function boundaryContext(holder: PolicyHolder | undefined): Record<string, ContextValue> {
  return holder?.boundaryArn ? { 'iam:PermissionsBoundary': holder.boundaryArn } : {};
}

/** Whether a path starts with a prefix (`/` matches everything). */
export function underPath(path: string, prefix: unknown): boolean {
  return typeof prefix !== 'string' || path.startsWith(prefix);
}
