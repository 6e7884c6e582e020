import { ServiceError } from '../../errors.js';
import type { AccountRecord } from '../../store/index.js';
import type { OrganizationRecord } from '../../store/repositories/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';

/** The caller's organization and whether the caller's account manages it. */
export interface OrgScope {
  readonly org: OrganizationRecord;
  readonly account: AccountRecord;
  readonly isManagement: boolean;
}

/**
 * Organizations' error wording.
 * AWS: Organizations API reference, "Errors" of each operation and the exception data types.
 */
export const orgErrors = {
  notInUse: () => new ServiceError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'),
  accessDenied: () => new ServiceError('AccessDeniedException', "You don't have permissions to access this resource."),
  alreadyInOrganization: () => new ServiceError('AlreadyInOrganizationException', 'The AWS account is already a member of an organization.'),
  accountNotFound: () => new ServiceError('AccountNotFoundException', "You specified an account that doesn't exist."),
  ouNotFound: () => new ServiceError('OrganizationalUnitNotFoundException', "You specified an organizational unit that doesn't exist."),
  parentNotFound: () => new ServiceError('ParentNotFoundException', "You specified parent that doesn't exist."),
  rootNotFound: () => new ServiceError('RootNotFoundException', "You specified a root that doesn't exist."),
  childNotFound: () => new ServiceError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."),
  targetNotFound: () => new ServiceError('TargetNotFoundException', "You specified a target that doesn't exist."),
  policyNotFound: () => new ServiceError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified."),
  duplicateOu: () => new ServiceError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.'),
  duplicatePolicy: () => new ServiceError('DuplicatePolicyException', 'A policy with the same name already exists.'),
  duplicateAttachment: () => new ServiceError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.'),
  policyNotAttached: () => new ServiceError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root."),
  policyInUse: () =>
    new ServiceError(
      'PolicyInUseException',
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    ),
  ouNotEmpty: () =>
    new ServiceError(
      'OrganizationalUnitNotEmptyException',
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try again.',
    ),
  typeNotEnabled: () => new ServiceError('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.'),
  typeAlreadyEnabled: () => new ServiceError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.'),
  invalid: (reason: string, message = 'You specified an invalid value.') => new ServiceError('InvalidInputException', message, { Reason: reason }),
  constraint: (reason: string, message: string) => new ServiceError('ConstraintViolationException', message, { Reason: reason }),
  awsManaged: () => orgErrors.invalid('IMMUTABLE_POLICY', "You specified a policy that is managed by AWS and can't be modified."),
  handshakeNotFound: () => new ServiceError('HandshakeNotFoundException', "We can't find a handshake with the HandshakeId that you specified."),
  handshakeConstraint: (reason: string, message: string) => new ServiceError('HandshakeConstraintViolationException', message, { Reason: reason }),
  handshakeAlreadyInState: () =>
    new ServiceError('HandshakeAlreadyInStateException', "The specified handshake is already in the requested state. For example, you can't accept a handshake that was already accepted."),
  invalidHandshakeTransition: () =>
    new ServiceError(
      'InvalidHandshakeTransitionException',
      "You can't perform the operation on the handshake in its current state. For example, you can't cancel a handshake that was already accepted or accept a handshake that was already declined.",
    ),
  duplicateHandshake: () =>
    new ServiceError(
      'DuplicateHandshakeException',
      'A handshake with the same action and target already exists. For example, if you invited an account to join your organization, the invited account might already have a pending invitation from this organization.',
    ),
};

/** The caller's organization, or undefined when its account is in none. */
export async function findCallerScope(ctx: OperationContext): Promise<OrgScope | undefined> {
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  const org = account?.organizationId == null ? undefined : await ctx.store.organizations.get(account.organizationId);
  return account === undefined || org === undefined ? undefined : { org, account, isManagement: org.managementAccountId === account.id };
}

/** The caller's organization; AWSOrganizationsNotInUseException when its account is in none. */
export async function callerScope(ctx: OperationContext): Promise<OrgScope> {
  const scope = await findCallerScope(ctx);
  if (scope === undefined) throw orgErrors.notInUse();
  return scope;
}

/**
 * The caller's organization when the caller's account manages it, or when the pipeline authorized
 * the call through the organization's delegation policy (`delegatedByPolicy`).
 * AWS: "This operation can be called only from the organization's management account"; member
 * accounts get AccessDeniedException.
 */
export async function managementScope(ctx: OperationContext): Promise<OrgScope> {
  const scope = await callerScope(ctx);
  if (!scope.isManagement && !delegatedByPolicy(ctx)) throw orgErrors.accessDenied();
  return scope;
}

/**
 * Whether the call was authorized through the organization's delegation policy: every need the
 * pipeline allowed carried it (`withDelegationPolicy` in resourcePolicy.ts), so the policy engine
 * found that both the caller's IAM policies and the delegation policy allow it.
 */
export function delegatedByPolicy(ctx: OperationContext): boolean {
  return ctx.needs !== undefined && ctx.needs.length > 0 && ctx.needs.every((need) => need.resourcePolicy !== undefined);
}

/** The caller's organization, if any, without failing (for building ARNs in `authorize`). */
export async function peekScope(ctx: OperationContext): Promise<OrganizationRecord | undefined> {
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  return account?.organizationId == null ? undefined : ctx.store.organizations.get(account.organizationId);
}

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

/**
 * A list kept as JSON among the organization's values (`store.organizationValues`), in the order
 * it was saved; saving an empty list removes the value (as DeleteOrganization does).
 */
export function organizationList<T>(name: string) {
  const value = organizationValue<T[]>(name);
  return {
    load: async (ctx: StoreScope, orgId: string): Promise<T[]> => (await value.load(ctx, orgId)) ?? [],
    save: (ctx: StoreScope, orgId: string, list: readonly T[]): Promise<void> => value.save(ctx, orgId, list.length === 0 ? undefined : [...list]),
  };
}

/** What the per-organization values need of a call: its storage (a transaction, or the store itself). */
export type StoreScope = Pick<OperationContext, 'store'>;

/** One JSON value per organization, among its values (`store.organizationValues`); saving undefined removes it. */
export function organizationValue<T>(name: string) {
  return {
    async load(ctx: StoreScope, orgId: string): Promise<T | undefined> {
      const text = await ctx.store.organizationValues.get(orgId, name);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async save(ctx: StoreScope, orgId: string, value: T | undefined): Promise<void> {
      if (value === undefined) await ctx.store.organizationValues.delete(orgId, name);
      else await ctx.store.organizationValues.set(orgId, name, JSON.stringify(value));
    },
  };
}

/** `organizations:ServicePrincipal`, for the actions that name a service (none when the call names none). */
export function servicePrincipalContext(principal: string | undefined): Record<string, ContextValue> | undefined {
  return principal === undefined ? undefined : { 'organizations:ServicePrincipal': principal };
}

/** Organizations' `NextToken`/`MaxResults` over a complete, ordered list. */
export function paginate<T>(items: readonly T[], input: { NextToken?: string; MaxResults?: number }, defaultMax = 20): { items: T[]; NextToken?: string } {
  let start = 0;
  if (input.NextToken !== undefined) {
    const text = Buffer.from(input.NextToken, 'base64url').toString('utf8');
    const decoded = /^\d+$/.test(text) ? Number(text) : NaN;
    // AWS: an unusable token is InvalidInputException with reason INVALID_NEXT_TOKEN.
    if (!Number.isSafeInteger(decoded) || decoded <= 0) throw orgErrors.invalid('INVALID_NEXT_TOKEN', 'The NextToken value is invalid.');
    start = decoded;
  }
  const max = input.MaxResults ?? defaultMax;
  const page = items.slice(start, start + max);
  const next = start + max;
  return next < items.length ? { items: page, NextToken: Buffer.from(String(next), 'utf8').toString('base64url') } : { items: page };
}

/** `aws:RequestTag/…` and `aws:TagKeys` of tags set by a request. */
export function tagContext(tags: readonly { Key: string; Value: string }[] | undefined): Record<string, ContextValue> | undefined {
  if (tags === undefined || tags.length === 0) return undefined;
  const context: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}
