import type { SsoInstanceRecord } from '../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { readOncePerCall } from '../operation.js';
import { identityStoreArn, instanceRoleOf } from '../shared/index.js';
import { identityStoreErrors } from './identityStoreErrors.js';

/**
 * Which identity store a call is about, and whether the caller may use it: the identity store of
 * an instance the caller's account owns, or administers as the organization's delegated
 * administrator for IAM Identity Center. Any other identity store ID is not found (its existence
 * is not revealed).
 */
export async function identityStoreOf(ctx: OperationContext, identityStoreId: string): Promise<SsoInstanceRecord> {
  const instance = await peekIdentityStore(ctx, identityStoreId);
  if (instance === undefined) throw identityStoreErrors.notFound('IDENTITY_STORE', identityStoreId);
  return instance;
}

/** The instance of an identity store the caller may use, or undefined (read once per call). */
function peekIdentityStore(ctx: OperationContext, identityStoreId: string): Promise<SsoInstanceRecord | undefined> {
  return readOncePerCall(ctx, `identity-store\n${identityStoreId}`, async () => {
    const found = await ctx.store.ssoInstances.byIdentityStore(identityStoreId);
    if (found === undefined) return undefined;
    return (await instanceRoleOf(ctx.store, found, ctx.principal.accountId)) === undefined ? undefined : found;
  });
}

/** `arn:aws:identitystore:::user/<id>` and its kin (the service authorization reference's resource types). */
export const storeResource = {
  user: (id: string) => `arn:aws:identitystore:::user/${id}`,
  group: (id: string) => `arn:aws:identitystore:::group/${id}`,
  membership: (id: string) => `arn:aws:identitystore:::membership/${id}`,
  allUsers: 'arn:aws:identitystore:::user/*',
  allGroups: 'arn:aws:identitystore:::group/*',
  allMemberships: 'arn:aws:identitystore:::membership/*',
};

/**
 * The needs of `identitystore:<action>`: one per resource the service authorization reference
 * lists for it, the identity store first. They are evaluated in the caller's own account: the
 * resources carry no account but the identity store's, and a delegated administrator's own
 * policies decide for it.
 */
export async function storeNeeds(
  action: string,
  ctx: OperationContext,
  identityStoreId: string,
  resources: readonly string[],
  context?: Record<string, ContextValue>,
): Promise<AuthorizationNeed[]> {
  const instance = await peekIdentityStore(ctx, identityStoreId);
  const store = identityStoreArn({ ownerAccountId: instance?.ownerAccountId ?? ctx.principal.accountId, identityStoreId });
  return [store, ...resources].map((resource) => ({
    action: `identitystore:${action}`,
    resource,
    resourceAccountId: ctx.principal.accountId,
    ...(context !== undefined ? { context } : {}),
  }));
}

/** Who made a change, as the Identity Store records it (`CreatedBy`, `UpdatedBy`). */
export function changedBy(ctx: OperationContext): string {
  return ctx.principal.arn;
}

/** The default and largest page of the Identity Store's listings. AWS: `MaxResults` 1–100. */
const DEFAULT_PAGE = 100;

/** The keyset paging of a listing from its `NextToken` and `MaxResults`; ValidationException for a token it did not issue. */
export function pagingOf(input: { NextToken?: string; MaxResults?: number }): { after?: string; limit: number } {
  const limit = input.MaxResults ?? DEFAULT_PAGE;
  if (input.NextToken === undefined) return { limit };
  const text = Buffer.from(input.NextToken, 'base64url').toString('utf8');
  if (!text.startsWith('idstore:')) throw identityStoreErrors.validation('The NextToken is invalid.');
  return { after: text.slice('idstore:'.length), limit };
}

/** The `NextToken` of a page that ended at `last`. */
export function nextTokenOf(last: string | undefined): { NextToken?: string } {
  return last === undefined ? {} : { NextToken: Buffer.from(`idstore:${last}`, 'utf8').toString('base64url') };
}
