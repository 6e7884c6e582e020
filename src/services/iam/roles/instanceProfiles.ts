import { ServiceError } from '../../../errors.js';
import { iamArn, newUniqueId } from '../../../model/index.js';
import type { InstanceProfileRecord } from '../../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requestTagContext } from '../../shared/index.js';
import { listOptions, pageMembers } from '../paging.js';
import { profileNeed, profileTagTarget, requireProfile } from './instanceProfileEntity.js';
import { instanceProfileTagOperations } from './instanceProfileTags.js';
import { requireRole, roleOutput, type RoleOutput } from './roleEntity.js';
import { applyTags, checkTagKeys } from '../tags/tagging.js';
import { readRole } from '../../shared/index.js';
import { passRoleNeed } from '../../shared/index.js';

type Tags = { Key: string; Value: string }[];

/** The wire `InstanceProfile` structure. */
interface InstanceProfileOutput {
  Path: string;
  InstanceProfileName: string;
  InstanceProfileId: string;
  Arn: string;
  CreateDate: Date;
  Roles: RoleOutput[];
  Tags?: Tags;
}

/**
 * An instance profile as IAM shows it. `tags`: `always` lists them, an empty list when there are
 * none (AWS: GetInstanceProfile answers `Tags: []`); `present` only when there are some; `never`
 * leaves them out (the List operations).
 */
async function profileOutput(ctx: OperationContext, profile: InstanceProfileRecord, tags: 'always' | 'present' | 'never'): Promise<InstanceProfileOutput> {
  const store = ctx.store;
  const roles: RoleOutput[] = [];
  for (const roleName of await store.instanceProfiles.roleNames(profile.accountId, profile.name)) {
    const role = await store.roles.get(profile.accountId, roleName);
    if (role !== undefined) roles.push(await roleOutput(ctx, role, false));
  }
  const out: InstanceProfileOutput = {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: new Date(profile.createdAt),
    Roles: roles,
  };
  if (tags !== 'never') {
    const list = await store.tags.list(profile.accountId, 'instance-profile', profile.instanceProfileId);
    if (list.length > 0 || tags === 'always') out.Tags = list;
  }
  return out;
}

/** IAM `CreateInstanceProfile`, as the IAM API reference defines it. */
export const CreateInstanceProfile = defineOperation<{ InstanceProfileName: string; Path?: string; Tags?: Tags }, { InstanceProfile: InstanceProfileOutput }>({
  service: 'iam',
  name: 'CreateInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) =>
    iamNeed(
      'CreateInstanceProfile',
      iamArn(ctx.principal.accountId, 'instance-profile', input.Path ?? '/', input.InstanceProfileName),
      requestTagContext(input.Tags),
    ),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags);
    if ((await ctx.store.instanceProfiles.get(accountId, input.InstanceProfileName)) !== undefined) {
      throw new ServiceError('EntityAlreadyExists', `Instance Profile ${input.InstanceProfileName} already exists.`);
    }
    if ((await ctx.store.instanceProfiles.count(accountId)) >= ctx.quotas.instanceProfilesPerAccount) {
      throw iamErrors.limitExceeded('InstanceProfilesPerAccount', ctx.quotas.instanceProfilesPerAccount);
    }
    const profile = await ctx.store.instanceProfiles.create({
      accountId,
      instanceProfileId: newUniqueId('instanceProfile'),
      name: input.InstanceProfileName,
      path,
      arn: iamArn(accountId, 'instance-profile', path, input.InstanceProfileName),
      createdAt: ctx.now.toISOString(),
    });
    await applyTags(ctx.store, profileTagTarget(profile), input.Tags, ctx.quotas.tagsPerResource);
    return { InstanceProfile: await profileOutput(ctx, profile, 'present') };
  },
});

/** IAM `GetInstanceProfile`, as the IAM API reference defines it. */
export const GetInstanceProfile = defineOperation<{ InstanceProfileName: string }, { InstanceProfile: InstanceProfileOutput }>({
  service: 'iam',
  name: 'GetInstanceProfile',
  readOnly: true,
  authorize: (input, ctx) => profileNeed('GetInstanceProfile', ctx, input.InstanceProfileName),
  handle: async (input, ctx) => ({ InstanceProfile: await profileOutput(ctx, await requireProfile(ctx, input.InstanceProfileName), 'always') }),
});

type ListOutput = { InstanceProfiles: InstanceProfileOutput[]; IsTruncated: boolean; Marker?: string };

/** IAM `ListInstanceProfiles`, as the IAM API reference defines it. */
export const ListInstanceProfiles = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, ListOutput>({
  service: 'iam',
  name: 'ListInstanceProfiles',
  readOnly: true,
  authorize: () => iamNeed('ListInstanceProfiles', '*'),
  handle: async (input, ctx) => {
    const page = await ctx.store.instanceProfiles.list(ctx.principal.accountId, listOptions(input));
    const profiles: InstanceProfileOutput[] = [];
    for (const profile of page.items) profiles.push(await profileOutput(ctx, profile, 'never'));
    return { InstanceProfiles: profiles, ...pageMembers(page) };
  },
});

/** IAM `ListInstanceProfilesForRole`, as the IAM API reference defines it. */
export const ListInstanceProfilesForRole = defineOperation<{ RoleName: string; Marker?: string; MaxItems?: number }, ListOutput>({
  service: 'iam',
  name: 'ListInstanceProfilesForRole',
  readOnly: true,
  authorize: async (input, ctx) => {
    const role = await ctx.store.roles.get(ctx.principal.accountId, input.RoleName);
    return iamNeed('ListInstanceProfilesForRole', role?.arn ?? iamArn(ctx.principal.accountId, 'role', '/', input.RoleName));
  },
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    const page = await ctx.store.instanceProfiles.listForRole(role.accountId, role.name, listOptions({ Marker: input.Marker, MaxItems: input.MaxItems }));
    const profiles: InstanceProfileOutput[] = [];
    for (const profile of page.items) profiles.push(await profileOutput(ctx, profile, 'never'));
    return { InstanceProfiles: profiles, ...pageMembers(page) };
  },
});

/** IAM `AddRoleToInstanceProfile`, as the IAM API reference defines it. */
export const AddRoleToInstanceProfile = defineOperation<{ InstanceProfileName: string; RoleName: string }, Record<string, never>>({
  service: 'iam',
  name: 'AddRoleToInstanceProfile',
  readOnly: false,
  // AWS: API_AddRoleToInstanceProfile — "The caller of this operation must be granted the PassRole
  // permission on the IAM role": the role goes to EC2 with the profile.
  authorize: async (input, ctx) => {
    const role = await readRole(ctx, ctx.principal.accountId, input.RoleName);
    return [
      ...(await profileNeed('AddRoleToInstanceProfile', ctx, input.InstanceProfileName)),
      passRoleNeed(role?.arn ?? iamArn(ctx.principal.accountId, 'role', '/', input.RoleName), 'ec2.amazonaws.com'),
    ];
  },
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, input.InstanceProfileName);
    const role = await requireRole(ctx, input.RoleName);
    const current = await ctx.store.instanceProfiles.roleNames(profile.accountId, profile.name);
    // AWS: "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1" (one role per profile).
    if (current.length >= ctx.quotas.rolesPerInstanceProfile) {
      throw iamErrors.limitExceeded('InstanceSessionsPerInstanceProfile', ctx.quotas.rolesPerInstanceProfile);
    }
    await ctx.store.instanceProfiles.addRole(profile.accountId, profile.name, role.name);
    return {};
  },
});

/** IAM `RemoveRoleFromInstanceProfile`, as the IAM API reference defines it. */
export const RemoveRoleFromInstanceProfile = defineOperation<{ InstanceProfileName: string; RoleName: string }, Record<string, never>>({
  service: 'iam',
  name: 'RemoveRoleFromInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) => profileNeed('RemoveRoleFromInstanceProfile', ctx, input.InstanceProfileName),
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, input.InstanceProfileName);
    const role = await requireRole(ctx, input.RoleName);
    if (!(await ctx.store.instanceProfiles.removeRole(profile.accountId, profile.name, role.name))) {
      throw new ServiceError('NoSuchEntity', `The role with name ${input.RoleName} cannot be found in instance profile ${profile.name}.`);
    }
    return {};
  },
});

/** IAM `DeleteInstanceProfile`, as the IAM API reference defines it. */
export const DeleteInstanceProfile = defineOperation<{ InstanceProfileName: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) => profileNeed('DeleteInstanceProfile', ctx, input.InstanceProfileName),
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, input.InstanceProfileName);
    if ((await ctx.store.instanceProfiles.roleNames(profile.accountId, profile.name)).length > 0) {
      throw iamErrors.deleteConflict('remove roles from instance profile');
    }
    await ctx.store.tags.deleteAll(profile.accountId, 'instance-profile', profile.instanceProfileId);
    await ctx.store.instanceProfiles.delete(profile.accountId, profile.name);
    return {};
  },
});

/** Every instance profile operation. */
export const instanceProfileOperations: Operation[] = [
  CreateInstanceProfile,
  GetInstanceProfile,
  ListInstanceProfiles,
  ListInstanceProfilesForRole,
  AddRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile,
  DeleteInstanceProfile,
  ...instanceProfileTagOperations,
];
