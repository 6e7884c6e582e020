import { parsePolicy } from '../../policy/index.js';
import { isAwsManagedArn } from '../../store/index.js';
import type { CustomerManagedPolicyRef, PermissionSetBoundary, PermissionSetPatch, PermissionSetRecord } from '../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { adminNeeds, adminScope, checkDelegatedReach, pageOf, requirePermissionSet, type AdminScope } from './ssoAdminScope.js';
import { ssoAdminErrors } from './ssoAdminErrors.js';

/**
 * What a permission set grants: AWS managed policies, customer managed policies (by name and
 * path, found in each account at provisioning), one inline policy and a permissions boundary.
 * Every change marks the roles already provisioned as out of date until the set is provisioned
 * again (ListAccountsForProvisionedPermissionSet's LATEST_PERMISSION_SET_NOT_PROVISIONED).
 *
 * AWS: SSO Admin API reference for each operation; IAM Identity Center quotas — 20 managed
 * policies (AWS and customer managed together) per permission set, an inline policy of up to
 * 32,768 characters.
 */

const MAX_ATTACHED_POLICIES = 20;

type SetInput = { InstanceArn: string; PermissionSetArn: string };

/** The call's instance and permission set, checked against a delegated administrator's reach. */
async function setScope(ctx: OperationContext, input: SetInput, changing: boolean): Promise<{ scope: AdminScope; set: PermissionSetRecord }> {
  const scope = await adminScope(ctx, input.InstanceArn);
  const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
  if (changing) await checkDelegatedReach(ctx, scope, undefined, set);
  return { scope, set };
}

async function change(ctx: OperationContext, scope: AdminScope, set: PermissionSetRecord, patch: PermissionSetPatch): Promise<Record<string, never>> {
  await ctx.store.permissionSets.update(scope.instance.instanceId, set.permissionSetId, patch, true);
  return {};
}

function needs(action: string) {
  return (input: SetInput, ctx: OperationContext) => adminNeeds(action, ctx, [input.InstanceArn, input.PermissionSetArn]);
}

function checkAttachedCount(set: PermissionSetRecord): void {
  if (set.managedPolicies.length + set.customerManagedPolicies.length >= MAX_ATTACHED_POLICIES) {
    throw ssoAdminErrors.quota(`A permission set can have at most ${MAX_ATTACHED_POLICIES} managed policies.`);
  }
}

/** A reference with its path defaulted to `/`, checked as IAM checks a path. */
function reference(ref: CustomerManagedPolicyRef): Required<CustomerManagedPolicyRef> {
  const path = ref.Path ?? '/';
  if (!path.startsWith('/') || !path.endsWith('/') || path.includes('//')) throw ssoAdminErrors.validation(`Invalid policy path ${path}.`);
  return { Name: ref.Name, Path: path };
}

const sameReference = (a: CustomerManagedPolicyRef, b: CustomerManagedPolicyRef) => a.Name === b.Name && (a.Path ?? '/') === (b.Path ?? '/');

/** AWS managed policies only (the model's pattern); one that does not exist is refused. */
export const AttachManagedPolicyToPermissionSet = defineOperation<SetInput & { ManagedPolicyArn: string }>({
  service: 'sso-admin',
  name: 'AttachManagedPolicyToPermissionSet',
  readOnly: false,
  authorize: needs('AttachManagedPolicyToPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    if (!isAwsManagedArn(input.ManagedPolicyArn) || (await ctx.store.managedPolicies.get(input.ManagedPolicyArn)) === undefined) {
      throw ssoAdminErrors.validation(`Policy ${input.ManagedPolicyArn} does not exist.`);
    }
    if (set.managedPolicies.includes(input.ManagedPolicyArn)) {
      throw ssoAdminErrors.conflict(`Managed policy ${input.ManagedPolicyArn} is already attached to the permission set.`);
    }
    checkAttachedCount(set);
    return change(ctx, scope, set, { managedPolicies: [...set.managedPolicies, input.ManagedPolicyArn] });
  },
});

export const DetachManagedPolicyFromPermissionSet = defineOperation<SetInput & { ManagedPolicyArn: string }>({
  service: 'sso-admin',
  name: 'DetachManagedPolicyFromPermissionSet',
  readOnly: false,
  authorize: needs('DetachManagedPolicyFromPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    if (!set.managedPolicies.includes(input.ManagedPolicyArn)) {
      throw ssoAdminErrors.notFound(`Managed policy ${input.ManagedPolicyArn} is not attached to the permission set.`);
    }
    return change(ctx, scope, set, { managedPolicies: set.managedPolicies.filter((a) => a !== input.ManagedPolicyArn) });
  },
});

export const ListManagedPoliciesInPermissionSet = defineOperation<SetInput & { MaxResults?: number; NextToken?: string }>({
  service: 'sso-admin',
  name: 'ListManagedPoliciesInPermissionSet',
  readOnly: true,
  authorize: needs('ListManagedPoliciesInPermissionSet'),
  handle: async (input, ctx) => {
    const { set } = await setScope(ctx, input, false);
    const page = pageOf(
      set.managedPolicies.map((arn) => ({ Name: arn.slice(arn.lastIndexOf('/') + 1), Arn: arn })),
      input,
    );
    return { AttachedManagedPolicies: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

/** A reference by name and path: the policy must exist in each account the set is provisioned to, not now. */
export const AttachCustomerManagedPolicyReferenceToPermissionSet = defineOperation<SetInput & { CustomerManagedPolicyReference: CustomerManagedPolicyRef }>({
  service: 'sso-admin',
  name: 'AttachCustomerManagedPolicyReferenceToPermissionSet',
  readOnly: false,
  authorize: needs('AttachCustomerManagedPolicyReferenceToPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    const ref = reference(input.CustomerManagedPolicyReference);
    if (set.customerManagedPolicies.some((r) => sameReference(r, ref))) {
      throw ssoAdminErrors.conflict(`Customer managed policy ${ref.Path}${ref.Name} is already attached to the permission set.`);
    }
    checkAttachedCount(set);
    return change(ctx, scope, set, { customerManagedPolicies: [...set.customerManagedPolicies, ref] });
  },
});

export const DetachCustomerManagedPolicyReferenceFromPermissionSet = defineOperation<SetInput & { CustomerManagedPolicyReference: CustomerManagedPolicyRef }>({
  service: 'sso-admin',
  name: 'DetachCustomerManagedPolicyReferenceFromPermissionSet',
  readOnly: false,
  authorize: needs('DetachCustomerManagedPolicyReferenceFromPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    const ref = reference(input.CustomerManagedPolicyReference);
    if (!set.customerManagedPolicies.some((r) => sameReference(r, ref))) {
      throw ssoAdminErrors.notFound(`Customer managed policy ${ref.Path}${ref.Name} is not attached to the permission set.`);
    }
    return change(ctx, scope, set, { customerManagedPolicies: set.customerManagedPolicies.filter((r) => !sameReference(r, ref)) });
  },
});

export const ListCustomerManagedPolicyReferencesInPermissionSet = defineOperation<SetInput & { MaxResults?: number; NextToken?: string }>({
  service: 'sso-admin',
  name: 'ListCustomerManagedPolicyReferencesInPermissionSet',
  readOnly: true,
  authorize: needs('ListCustomerManagedPolicyReferencesInPermissionSet'),
  handle: async (input, ctx) => {
    const { set } = await setScope(ctx, input, false);
    const page = pageOf(
      set.customerManagedPolicies.map((r) => ({ Name: r.Name, Path: r.Path ?? '/' })),
      input,
    );
    return { CustomerManagedPolicyReferences: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

/** AWS: the inline policy is an identity-based policy; one IAM's grammar refuses is refused here. */
export const PutInlinePolicyToPermissionSet = defineOperation<SetInput & { InlinePolicy: string }>({
  service: 'sso-admin',
  name: 'PutInlinePolicyToPermissionSet',
  readOnly: false,
  authorize: needs('PutInlinePolicyToPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    const parsed = parsePolicy(input.InlinePolicy, 'identity', { maxLength: 32_768 });
    if (!parsed.ok) throw ssoAdminErrors.validation(`The inline policy is not valid: ${parsed.errors[0]!.message}`);
    return change(ctx, scope, set, { inlinePolicy: input.InlinePolicy });
  },
});

/** AWS: GetInlinePolicyForPermissionSet — the document, or nothing when the set has none. */
export const GetInlinePolicyForPermissionSet = defineOperation<SetInput>({
  service: 'sso-admin',
  name: 'GetInlinePolicyForPermissionSet',
  readOnly: true,
  authorize: needs('GetInlinePolicyForPermissionSet'),
  handle: async (input, ctx) => {
    const { set } = await setScope(ctx, input, false);
    return set.inlinePolicy === null ? {} : { InlinePolicy: set.inlinePolicy };
  },
});

export const DeleteInlinePolicyFromPermissionSet = defineOperation<SetInput>({
  service: 'sso-admin',
  name: 'DeleteInlinePolicyFromPermissionSet',
  readOnly: false,
  authorize: needs('DeleteInlinePolicyFromPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    if (set.inlinePolicy === null) return {};
    return change(ctx, scope, set, { inlinePolicy: null });
  },
});

/** AWS: PutPermissionsBoundaryToPermissionSet — an AWS managed policy, or a customer managed one by name and path; exactly one. */
export const PutPermissionsBoundaryToPermissionSet = defineOperation<
  SetInput & { PermissionsBoundary: { ManagedPolicyArn?: string; CustomerManagedPolicyReference?: CustomerManagedPolicyRef } }
>({
  service: 'sso-admin',
  name: 'PutPermissionsBoundaryToPermissionSet',
  readOnly: false,
  authorize: needs('PutPermissionsBoundaryToPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    const { ManagedPolicyArn: arn, CustomerManagedPolicyReference: ref } = input.PermissionsBoundary;
    if ((arn === undefined) === (ref === undefined)) {
      throw ssoAdminErrors.validation('Specify either a CustomerManagedPolicyReference or a ManagedPolicyArn for the permissions boundary, not both.');
    }
    let boundary: PermissionSetBoundary;
    if (arn !== undefined) {
      if (!isAwsManagedArn(arn) || (await ctx.store.managedPolicies.get(arn)) === undefined) throw ssoAdminErrors.validation(`Policy ${arn} does not exist.`);
      boundary = { ManagedPolicyArn: arn };
    } else {
      boundary = { CustomerManagedPolicyReference: reference(ref!) };
    }
    return change(ctx, scope, set, { permissionsBoundary: boundary });
  },
});

export const GetPermissionsBoundaryForPermissionSet = defineOperation<SetInput>({
  service: 'sso-admin',
  name: 'GetPermissionsBoundaryForPermissionSet',
  readOnly: true,
  authorize: needs('GetPermissionsBoundaryForPermissionSet'),
  handle: async (input, ctx) => {
    const { set } = await setScope(ctx, input, false);
    if (set.permissionsBoundary === null) throw ssoAdminErrors.notFound('The permission set has no permissions boundary.');
    return { PermissionsBoundary: set.permissionsBoundary };
  },
});

export const DeletePermissionsBoundaryFromPermissionSet = defineOperation<SetInput>({
  service: 'sso-admin',
  name: 'DeletePermissionsBoundaryFromPermissionSet',
  readOnly: false,
  authorize: needs('DeletePermissionsBoundaryFromPermissionSet'),
  handle: async (input, ctx) => {
    const { scope, set } = await setScope(ctx, input, true);
    if (set.permissionsBoundary === null) throw ssoAdminErrors.notFound('The permission set has no permissions boundary.');
    return change(ctx, scope, set, { permissionsBoundary: null });
  },
});

export const permissionSetPolicyOperations: Operation[] = [
  AttachManagedPolicyToPermissionSet,
  DetachManagedPolicyFromPermissionSet,
  ListManagedPoliciesInPermissionSet,
  AttachCustomerManagedPolicyReferenceToPermissionSet,
  DetachCustomerManagedPolicyReferenceFromPermissionSet,
  ListCustomerManagedPolicyReferencesInPermissionSet,
  PutInlinePolicyToPermissionSet,
  GetInlinePolicyForPermissionSet,
  DeleteInlinePolicyFromPermissionSet,
  PutPermissionsBoundaryToPermissionSet,
  GetPermissionsBoundaryForPermissionSet,
  DeletePermissionsBoundaryFromPermissionSet,
];
