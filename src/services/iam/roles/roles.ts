import { iamArn, newUniqueId } from '../../../model/index.js';
import type { RoleRecord, Store } from '../../../store/index.js';
import { defineOperation, type Operation } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requestTagContext } from '../../shared/index.js';
import { listOptions, pageMembers } from '../paging.js';
import {
  SERVICE_ROLE_PATH_PREFIX,
  assertModifiableRole,
  checkBoundary,
  requireRole,
  roleNeed,
  roleOutput,
  roleTagTarget,
  type RoleOutput,
} from './roleEntity.js';
import { roleTagOperations } from './roleTags.js';
import { applyTags, checkTagKeys } from '../tags/tagging.js';
import { checkTrustPolicy } from './trustPolicy.js';
import { bindPolicyPrincipals, deleteRoleRecord } from '../../shared/index.js';

type Tags = { Key: string; Value: string }[];

interface CreateRoleInput {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tags;
}

/** AWS: a new role's `MaxSessionDuration` is one hour unless given (IAM API reference, CreateRole). */
const DEFAULT_MAX_SESSION_DURATION = 3600;

/** IAM `CreateRole`, as the IAM API reference defines it. */
export const CreateRole = defineOperation<CreateRoleInput, { Role: RoleOutput }>({
  service: 'iam',
  name: 'CreateRole',
  readOnly: false,
  authorize: (input, ctx) => {
    const context = requestTagContext(input.Tags);
    if (input.PermissionsBoundary !== undefined) context['iam:PermissionsBoundary'] = input.PermissionsBoundary;
    return iamNeed('CreateRole', iamArn(ctx.principal.accountId, 'role', input.Path ?? '/', input.RoleName), context);
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const path = input.Path ?? '/';
    if (path.startsWith(SERVICE_ROLE_PATH_PREFIX)) {
      throw iamErrors.invalidInput(`Path prefix '${SERVICE_ROLE_PATH_PREFIX}' can only be used for AWS Service linked Roles`);
    }
    checkTagKeys(input.Tags);
    if ((await ctx.store.roles.get(accountId, input.RoleName)) !== undefined) throw iamErrors.alreadyExists('role', input.RoleName);
    const trust = await checkTrustPolicy(ctx, input.AssumeRolePolicyDocument);
    if (input.PermissionsBoundary !== undefined) await checkBoundary(ctx.store, input.PermissionsBoundary);
    if ((await ctx.store.roles.count(accountId)) >= ctx.quotas.rolesPerAccount) {
      throw iamErrors.limitExceeded('RolesPerAccount', ctx.quotas.rolesPerAccount);
    }
    const role = await ctx.store.roles.create({
      accountId,
      roleId: newUniqueId('role'),
      name: input.RoleName,
      path,
      arn: iamArn(accountId, 'role', path, input.RoleName),
      trustPolicy: input.AssumeRolePolicyDocument,
      description: input.Description ?? null,
      maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
      permissionsBoundaryArn: input.PermissionsBoundary ?? null,
      createdAt: ctx.now.toISOString(),
    });
    await applyTags(ctx.store, roleTagTarget(role), input.Tags, ctx.quotas.tagsPerResource);
    await bindPolicyPrincipals(ctx.store, 'role-trust', accountId, role.name, trust);
    const out = await roleOutput(ctx, role, true);
    delete out.RoleLastUsed;
    // AWS (recorded responses): CreateRole echoes MaxSessionDuration only when the call set it.
    if (input.MaxSessionDuration === undefined) delete out.MaxSessionDuration;
    return { Role: out };
  },
});

/** IAM `GetRole`, as the IAM API reference defines it. */
export const GetRole = defineOperation<{ RoleName: string }, { Role: RoleOutput }>({
  service: 'iam',
  name: 'GetRole',
  readOnly: true,
  authorize: (input, ctx) => roleNeed('GetRole', ctx, input.RoleName),
  handle: async (input, ctx) => ({ Role: await roleOutput(ctx, await requireRole(ctx, input.RoleName), true) }),
});

/** IAM `ListRoles`, as the IAM API reference defines it. */
export const ListRoles = defineOperation<
  { PathPrefix?: string; Marker?: string; MaxItems?: number },
  { Roles: RoleOutput[]; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListRoles',
  readOnly: true,
  authorize: () => iamNeed('ListRoles', '*'),
  handle: async (input, ctx) => {
    const page = await ctx.store.roles.list(ctx.principal.accountId, listOptions(input));
    const roles: RoleOutput[] = [];
    for (const role of page.items) roles.push(await roleOutput(ctx, role, false));
    return { Roles: roles, ...pageMembers(page) };
  },
});

/** IAM `UpdateRole`, as the IAM API reference defines it. */
export const UpdateRole = defineOperation<{ RoleName: string; Description?: string; MaxSessionDuration?: number }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateRole',
  readOnly: false,
  authorize: (input, ctx) => roleNeed('UpdateRole', ctx, input.RoleName),
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    if (input.MaxSessionDuration !== undefined) assertModifiableRole(role);
    const patch: { description?: string; maxSessionDuration?: number } = {};
    if (input.Description !== undefined) patch.description = input.Description;
    if (input.MaxSessionDuration !== undefined) patch.maxSessionDuration = input.MaxSessionDuration;
    await ctx.store.roles.update(role.accountId, role.name, patch);
    return {};
  },
});

/** IAM `UpdateRoleDescription`, as the IAM API reference defines it. */
export const UpdateRoleDescription = defineOperation<{ RoleName: string; Description: string }, { Role: RoleOutput }>({
  service: 'iam',
  name: 'UpdateRoleDescription',
  readOnly: false,
  authorize: (input, ctx) => roleNeed('UpdateRoleDescription', ctx, input.RoleName),
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    // AWS: the description of a service-linked role may be edited (IAM User Guide, using-service-linked-roles).
    const updated = (await ctx.store.roles.update(role.accountId, role.name, { description: input.Description }))!;
    return { Role: await roleOutput(ctx, updated, true) };
  },
});

/** IAM `UpdateAssumeRolePolicy`, as the IAM API reference defines it. */
export const UpdateAssumeRolePolicy = defineOperation<{ RoleName: string; PolicyDocument: string }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateAssumeRolePolicy',
  readOnly: false,
  authorize: (input, ctx) => roleNeed('UpdateAssumeRolePolicy', ctx, input.RoleName),
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    assertModifiableRole(role);
    const trust = await checkTrustPolicy(ctx, input.PolicyDocument);
    await ctx.store.roles.update(role.accountId, role.name, { trustPolicy: input.PolicyDocument });
    await bindPolicyPrincipals(ctx.store, 'role-trust', role.accountId, role.name, trust);
    return {};
  },
});

/** IAM `DeleteRole`, as the IAM API reference defines it. */
export const DeleteRole = defineOperation<{ RoleName: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteRole',
  readOnly: false,
  authorize: (input, ctx) => roleNeed('DeleteRole', ctx, input.RoleName),
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    assertModifiableRole(role);
    await checkRoleDeletable(ctx.store, role);
    await removeRole(ctx.store, role);
    return {};
  },
});

/**
 * AWS: DeleteRole refuses while the role is in an instance profile, has attached managed policies
 * or inline policies, in that order (IAM API reference, DeleteRole: "Make sure that you do not have
 * any Amazon EC2 instances running with the role … remove the role from instance profiles …
 * detach managed policies … delete inline policies").
 */
async function checkRoleDeletable(store: Store, role: RoleRecord): Promise<void> {
  const profiles = await store.instanceProfiles.listForRole(role.accountId, role.name, { maxItems: 1 });
  if (profiles.items.length > 0) throw iamErrors.deleteConflict('remove roles from instance profile');
  if ((await store.policyAttachments.listFor(role.accountId, 'role', role.name)).length > 0) throw iamErrors.deleteConflict('detach all policies');
  if ((await store.inlinePolicies.list(role.accountId, 'role', role.name)).length > 0) throw iamErrors.deleteConflict('delete policies');
}

/** Deletes a role with its tags (the store tells the caches). Shared with DeleteServiceLinkedRole. */
export async function removeRole(store: Store, role: RoleRecord): Promise<void> {
  await deleteRoleRecord(store, role);
}

/** Every role operation. */
export const roleOperations: Operation[] = [
  CreateRole,
  GetRole,
  ListRoles,
  UpdateRole,
  UpdateRoleDescription,
  UpdateAssumeRolePolicy,
  DeleteRole,
  ...roleTagOperations,
];
