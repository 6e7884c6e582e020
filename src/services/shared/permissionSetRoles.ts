import { createHash } from 'node:crypto';
import { iamArn, newUniqueId } from '../../model/index.js';
import type { AssignmentPrincipalType, CustomerManagedPolicyRef, PermissionSetRecord, RoleRecord, SsoInstanceRecord, Store } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { instanceSamlMetadata, permissionSetArn, SAML_AUDIENCE, samlEntityId, samlProviderArn, samlProviderName } from './identityCenter.js';
import { deleteRoleRecord } from './roleRecords.js';

/**
 * Provisioning: a permission set assigned in an account becomes a real IAM role there, made and
 * kept through the same repositories IAM's own handlers use, so every cache follows it and every
 * policy, boundary and SCP applies to its sessions as to any role's.
 *
 * AWS: IAM Identity Center User Guide, "Permission sets" and "IAM roles created by IAM Identity
 * Center" — the role is `AWSReservedSSO_<permission set name>_<16 hex digits>` under the path
 * `/aws-reserved/sso.amazonaws.com/` (with the region for instances outside us-east-1), trusts
 * the instance's SAML provider `AWSSSO_…_DO_NOT_DELETE` for `sts:AssumeRoleWithSAML` and
 * `sts:TagSession` with `SAML:aud` `https://signin.aws.amazon.com/saml`, carries the permission
 * set's AWS managed and customer managed policies, its inline policy (as `AwsSSOInlinePolicy`) and
 * boundary, and lasts its session duration. A change to the permission set reaches the roles when
 * it is provisioned again; removing the last assignment of a permission set in an account deletes
 * the role.
 */

/** The path of the roles IAM Identity Center makes. */
export function reservedRolePath(region: string): string {
  return region === 'us-east-1' ? '/aws-reserved/sso.amazonaws.com/' : `/aws-reserved/sso.amazonaws.com/${region}/`;
}

/** Whether a role is one IAM Identity Center made (IAM refuses to change those). */
export function isReservedSsoRole(role: Pick<RoleRecord, 'path'>): boolean {
  return role.path.startsWith('/aws-reserved/sso.amazonaws.com/');
}

/** The role name of a permission set in an account: stable for the pair, so re-provisioning finds it. */
export function reservedRoleName(set: Pick<PermissionSetRecord, 'arn' | 'name'>, accountId: string): string {
  const suffix = createHash('sha256').update(`${set.arn}\n${accountId}`).digest('hex').slice(0, 16);
  return `AWSReservedSSO_${set.name}_${suffix}`;
}

/** The inline policy's name on a provisioned role. */
export const RESERVED_INLINE_POLICY = 'AwsSSOInlinePolicy';

/** The trust policy of the instance's roles in `accountId`. */
export function reservedTrustPolicy(instance: Pick<SsoInstanceRecord, 'instanceId'>, accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: samlProviderArn(instance, accountId) },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: { StringEquals: { 'SAML:aud': SAML_AUDIENCE } },
      },
    ],
  });
}

/** The ARN of a customer managed policy reference in `accountId`. */
export function customerPolicyArn(accountId: string, ref: CustomerManagedPolicyRef): string {
  return iamArn(accountId, 'policy', ref.Path ?? '/', ref.Name);
}

/** AWS: SessionDuration is ISO 8601, `PT1H` to `PT12H`; the role's MaxSessionDuration follows it. */
export function durationSeconds(iso: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  if (m === null || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return Number.NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** What provisioning a permission set to an account came to. */
export type ProvisionOutcome = { readonly ok: true; readonly role: RoleRecord } | { readonly ok: false; readonly reason: string };

type ProvisionScope = Pick<OperationContext, 'store' | 'now' | 'region' | 'quotas'>;

/** Makes sure the instance's SAML provider exists in the account its roles trust it in. */
async function ensureSamlProvider(ctx: ProvisionScope, instance: SsoInstanceRecord, accountId: string): Promise<void> {
  const arn = samlProviderArn(instance, accountId);
  if ((await ctx.store.samlProviders.get(arn)) !== undefined) return;
  const der = instance.samlCertificate.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  await ctx.store.samlProviders.create({
    arn,
    accountId,
    name: samlProviderName(instance),
    metadataDocument: instanceSamlMetadata(instance, ctx.region),
    entityId: samlEntityId(instance, ctx.region),
    signingCertificates: [der],
    validUntil: new Date(ctx.now.getTime() + 10 * 365 * 86_400_000).toISOString(),
    createdAt: ctx.now.toISOString(),
  });
}

/**
 * Creates or brings up to date the permission set's role in the account. It fails (and changes
 * nothing) when the account cannot take the role: it is not an active account of the instance's
 * organization, a customer managed policy or boundary the set names is not there, or the
 * account's role quota is reached. AWS reports such failures as the request's FailureReason.
 */
export async function provisionPermissionSet(
  ctx: ProvisionScope,
  instance: SsoInstanceRecord,
  set: PermissionSetRecord,
  accountId: string,
): Promise<ProvisionOutcome> {
  const store = ctx.store;
  const account = await store.accounts.get(accountId);
  if (account === undefined || account.status !== 'ACTIVE' || (instance.organizationId !== null && account.organizationId !== instance.organizationId)) {
    return { ok: false, reason: `The account ${accountId} is not an active account of the organization.` };
  }
  const customerArns: string[] = [];
  for (const ref of set.customerManagedPolicies) {
    const arn = customerPolicyArn(accountId, ref);
    if ((await store.managedPolicies.get(arn)) === undefined) return { ok: false, reason: `Received a 404 status error: Not supported policy ${arn}.` };
    customerArns.push(arn);
  }
  let boundaryArn: string | null = null;
  if (set.permissionsBoundary !== null) {
    boundaryArn =
      'ManagedPolicyArn' in set.permissionsBoundary
        ? set.permissionsBoundary.ManagedPolicyArn
        : customerPolicyArn(accountId, set.permissionsBoundary.CustomerManagedPolicyReference);
    if ((await store.managedPolicies.get(boundaryArn)) === undefined)
      return { ok: false, reason: `Received a 404 status error: Not supported policy ${boundaryArn}.` };
  }

  await ensureSamlProvider(ctx, instance, accountId);
  const name = reservedRoleName(set, accountId);
  const path = reservedRolePath(ctx.region);
  const trustPolicy = reservedTrustPolicy(instance, accountId);
  const maxSessionDuration = durationSeconds(set.sessionDuration);
  let role = await store.roles.get(accountId, name);
  if (role === undefined) {
    if ((await store.roles.count(accountId)) >= ctx.quotas.rolesPerAccount) {
      return { ok: false, reason: `The account ${accountId} has reached its quota of ${ctx.quotas.rolesPerAccount} roles.` };
    }
    role = await store.roles.create({
      accountId,
      roleId: newUniqueId('role'),
      name,
      path,
      arn: iamArn(accountId, 'role', path, name),
      trustPolicy,
      description: null,
      maxSessionDuration,
      permissionsBoundaryArn: null,
      createdAt: ctx.now.toISOString(),
    });
  } else if (role.trustPolicy !== trustPolicy || role.maxSessionDuration !== maxSessionDuration) {
    role = (await store.roles.update(accountId, name, { trustPolicy, maxSessionDuration }))!;
  }

  const wanted = [...set.managedPolicies, ...customerArns];
  const attached = await store.policyAttachments.listFor(accountId, 'role', name);
  for (const arn of attached) if (!wanted.includes(arn)) await store.policyAttachments.detach(accountId, 'role', name, arn);
  for (const arn of wanted) if (!attached.includes(arn)) await store.policyAttachments.attach(accountId, 'role', name, arn);
  for (const inline of await store.inlinePolicies.list(accountId, 'role', name)) {
    if (inline.policyName !== RESERVED_INLINE_POLICY || set.inlinePolicy === null)
      await store.inlinePolicies.delete(accountId, 'role', name, inline.policyName);
  }
  if (set.inlinePolicy !== null) {
    const current = await store.inlinePolicies.get(accountId, 'role', name, RESERVED_INLINE_POLICY);
    if (current?.document !== set.inlinePolicy) await store.inlinePolicies.put(accountId, 'role', name, RESERVED_INLINE_POLICY, set.inlinePolicy);
  }
  if (role.permissionsBoundaryArn !== boundaryArn) await store.policyAttachments.setBoundary(accountId, 'role', name, boundaryArn);

  await store.permissionSets.putProvisioned({
    instanceId: instance.instanceId,
    permissionSetId: set.permissionSetId,
    accountId,
    roleName: name,
    version: set.version,
    provisionedAt: ctx.now.toISOString(),
  });
  return { ok: true, role: (await store.roles.get(accountId, name))! };
}

/** Deletes the permission set's role from the account (with its policies) and forgets that it was provisioned there. */
export async function deprovisionPermissionSet(store: Store, instance: SsoInstanceRecord, permissionSetId: string, accountId: string): Promise<void> {
  const provisioned = await store.permissionSets.getProvisioned(instance.instanceId, permissionSetId, accountId);
  if (provisioned === undefined) return;
  const role = await store.roles.get(accountId, provisioned.roleName);
  if (role !== undefined && isReservedSsoRole(role)) {
    for (const arn of await store.policyAttachments.listFor(accountId, 'role', role.name))
      await store.policyAttachments.detach(accountId, 'role', role.name, arn);
    for (const inline of await store.inlinePolicies.list(accountId, 'role', role.name))
      await store.inlinePolicies.delete(accountId, 'role', role.name, inline.policyName);
    await deleteRoleRecord(store, role);
  }
  await store.permissionSets.deleteProvisioned(instance.instanceId, permissionSetId, accountId);
}

/** Removes an assignment, and the role when it was the permission set's last assignment in the account. */
export async function removeAssignment(
  store: Store,
  instance: SsoInstanceRecord,
  assignment: { permissionSetId: string; accountId: string; principalType: AssignmentPrincipalType; principalId: string },
): Promise<void> {
  await store.permissionSets.deleteAssignment({ instanceId: instance.instanceId, ...assignment });
  const rest = await store.permissionSets.listAssignments(instance.instanceId, {
    permissionSetId: assignment.permissionSetId,
    accountId: assignment.accountId,
  });
  if (rest.length === 0) await deprovisionPermissionSet(store, instance, assignment.permissionSetId, assignment.accountId);
}

/** Removes every assignment of a user or group (it is being deleted), with the roles that lose their last one. */
export async function removePrincipalAssignments(
  ctx: Pick<OperationContext, 'store'>,
  instance: SsoInstanceRecord,
  principalType: AssignmentPrincipalType,
  principalId: string,
): Promise<void> {
  for (const a of await ctx.store.permissionSets.listAssignments(instance.instanceId, { principalType, principalId })) {
    await removeAssignment(ctx.store, instance, a);
  }
}

/** The permission set of an ARN, when it is one of this instance's. */
export function permissionSetIdOf(instance: Pick<SsoInstanceRecord, 'instanceId'>, arn: string): string | undefined {
  const prefix = permissionSetArn(instance.instanceId, '');
  return arn.startsWith(prefix) && /^ps-[a-f0-9]{16}$/.test(arn.slice(prefix.length)) ? arn.slice(prefix.length) : undefined;
}
