import type { PermissionSetRecord, SsoInstanceRecord } from '../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { readOncePerCall } from '../operation.js';
import { instanceRoleOf, permissionSetIdOf, ssoAccountArn, type InstanceRole } from '../shared/index.js';
import { ssoAdminErrors } from './ssoAdminErrors.js';

/** The instance a call names, with how the caller's account may administer it. */
export interface AdminScope {
  readonly instance: SsoInstanceRecord;
  readonly role: InstanceRole;
}

/**
 * The instance an ARN names, when the caller's account may administer it: its owner, or the
 * organization's delegated administrator for IAM Identity Center. Any other ARN is not found, so
 * another account's instance is not revealed.
 */
export async function adminScope(ctx: OperationContext, instanceArn: string): Promise<AdminScope> {
  const scope = await peekAdminScope(ctx, instanceArn);
  if (scope === undefined) throw ssoAdminErrors.notFound(`Instance ${instanceArn} does not exist.`);
  return scope;
}

function peekAdminScope(ctx: OperationContext, instanceArn: string): Promise<AdminScope | undefined> {
  return readOncePerCall(ctx, `sso-instance\n${instanceArn}`, async () => {
    const id = /^arn:aws:sso:::instance\/(ssoins-[a-f0-9]{16})$/.exec(instanceArn)?.[1];
    const instance = id === undefined ? undefined : await ctx.store.ssoInstances.get(id);
    if (instance === undefined) return undefined;
    const role = await instanceRoleOf(ctx.store, instance, ctx.principal.accountId);
    return role === undefined ? undefined : { instance, role };
  });
}

/** The instance's permission set an ARN names, or ResourceNotFoundException. */
export async function requirePermissionSet(ctx: OperationContext, instance: SsoInstanceRecord, arn: string): Promise<PermissionSetRecord> {
  const id = permissionSetIdOf(instance, arn);
  const set = id === undefined ? undefined : await ctx.store.permissionSets.get(instance.instanceId, id);
  if (set === undefined) throw ssoAdminErrors.notFound(`Could not find PermissionSet with ARN ${arn}.`);
  return set;
}

/**
 * The needs of `sso:<action>`, one per resource the service authorization reference lists for it
 * (instance, permission set, account). Evaluated in the caller's own account: these ARNs carry
 * no account, and a delegated administrator's own policies decide for it.
 */
export function adminNeeds(action: string, ctx: OperationContext, resources: readonly string[], context?: Record<string, ContextValue>): AuthorizationNeed[] {
  return (resources.length === 0 ? ['*'] : resources).map((resource) => ({
    action: `sso:${action}`,
    resource,
    resourceAccountId: ctx.principal.accountId,
    ...(context !== undefined ? { context } : {}),
  }));
}

/** The resource of a target account. */
export const accountResource = ssoAccountArn;

/**
 * AWS: IAM Identity Center User Guide, "Delegated administration" — a delegated administrator
 * cannot manage access to the management account: no assignment there, and no change to a
 * permission set provisioned there.
 */
export async function checkDelegatedReach(ctx: OperationContext, scope: AdminScope, accountId: string | undefined, set?: PermissionSetRecord): Promise<void> {
  if (scope.role !== 'delegated-administrator') return;
  if (accountId !== undefined && accountId === scope.instance.ownerAccountId) {
    throw ssoAdminErrors.accessDenied('A delegated administrator cannot manage access to the management account.');
  }
  if (set !== undefined) {
    const there = await ctx.store.permissionSets.getProvisioned(scope.instance.instanceId, set.permissionSetId, scope.instance.ownerAccountId);
    if (there !== undefined)
      throw ssoAdminErrors.accessDenied('A delegated administrator cannot change a permission set provisioned in the management account.');
  }
}

/** SSO Admin's `NextToken`/`MaxResults` over a complete, ordered list (ValidationException for a token it did not issue). */
export function pageOf<T>(items: readonly T[], input: { NextToken?: string; MaxResults?: number }, defaultMax = 100): { items: T[]; NextToken?: string } {
  let start = 0;
  if (input.NextToken !== undefined) {
    const text = Buffer.from(input.NextToken, 'base64url').toString('utf8');
    const m = /^sso:(\d+)$/.exec(text);
    if (m === null) throw ssoAdminErrors.validation('The NextToken is invalid.');
    start = Number(m[1]);
  }
  const max = input.MaxResults ?? defaultMax;
  const next = start + max;
  return next < items.length
    ? { items: items.slice(start, next), NextToken: Buffer.from(`sso:${next}`, 'utf8').toString('base64url') }
    : { items: items.slice(start) };
}
