import { parsePolicy } from '../../policy/index.js';
import type { AttributeMappingRecord, ProfileRecord } from '../../store/index.js';
import { defineOperation, type AuthorizationNeed, type OperationContext } from '../operation.js';
import { passRoleNeed } from '../shared/index.js';
import {
  date,
  found,
  newResourceId,
  page,
  readProfile,
  requestTags,
  resourceArn,
  resourceNeed,
  saveTags,
  TAG_KIND,
  validation,
  type WireTag,
} from './resources.js';

/**
 * IAM Roles Anywhere profiles: which roles a certificate may get sessions of, the session policies
 * (managed and inline) every session gets, its duration, whether instance properties are required
 * and custom role session names accepted, and which certificate attributes become principal tags.
 *
 * AWS: IAM Roles Anywhere API Reference (CreateProfile … PutAttributeMapping,
 * DeleteAttributeMapping); User Guide, "Certificate attribute mapping" (the default mapping rules).
 * Passing roles to the profile needs `iam:PassRole` on each with `iam:PassedToService`
 * `rolesanywhere.amazonaws.com` (IAM User Guide, id_roles_use_passrole).
 */

export const ROLES_ANYWHERE_PRINCIPAL = 'rolesanywhere.amazonaws.com';

/** AWS: a profile's session duration when none is given (CreateProfile, durationSeconds). */
const DEFAULT_DURATION_SECONDS = 3600;

/** AWS: the mapping rules a new profile has ("Default mapping behavior"). */
export const DEFAULT_ATTRIBUTE_MAPPINGS: readonly AttributeMappingRecord[] = [
  { certificateField: 'x509Issuer', mappingRules: [{ specifier: '*' }] },
  { certificateField: 'x509SAN', mappingRules: [{ specifier: 'DNS' }, { specifier: 'URI' }, { specifier: 'Name/*' }] },
  { certificateField: 'x509Subject', mappingRules: [{ specifier: '*' }] },
];

/** A profile in the API's shape. */
export function profileOutput(p: ProfileRecord): Record<string, unknown> {
  return {
    profileArn: p.arn,
    profileId: p.profileId,
    name: p.name,
    enabled: p.enabled,
    durationSeconds: p.durationSeconds,
    requireInstanceProperties: p.requireInstanceProperties,
    acceptRoleSessionName: p.acceptRoleSessionName,
    roleArns: p.roleArns,
    managedPolicyArns: p.managedPolicyArns,
    ...(p.sessionPolicy !== null ? { sessionPolicy: p.sessionPolicy } : {}),
    attributeMappings: p.attributeMappings,
    createdBy: p.createdBy,
    createdAt: date(p.createdAt),
    updatedAt: date(p.updatedAt),
  };
}

/** An inline session policy must be a policy IAM would accept as a session policy. */
function checkSessionPolicy(text: string | undefined): void {
  if (text === undefined) return;
  const result = parsePolicy(text, 'session');
  if (!result.ok) throw validation(`Invalid session policy: ${result.errors[0]!.message}`);
}

/**
 * AWS: `Name` and `Name/` mean `Name/*` ("will be displayed as Name/*"); the other specifiers are
 * kept as given.
 */
function normalizeSpecifier(field: string, specifier: string): string {
  return field === 'x509SAN' && (specifier === 'Name' || specifier === 'Name/') ? 'Name/*' : specifier;
}

function passRoles(roleArns: readonly string[] | undefined, profileArn?: string): AuthorizationNeed[] {
  return (roleArns ?? []).map((arn) => passRoleNeed(arn, ROLES_ANYWHERE_PRINCIPAL, profileArn));
}

interface ById {
  profileId: string;
}

async function profileNeeds(ctx: OperationContext, action: string, id: string, roleArns?: readonly string[]): Promise<AuthorizationNeed[]> {
  const profile = await readProfile(ctx, id);
  const arn = profile?.arn ?? resourceArn(ctx, 'profile', id);
  return [await resourceNeed(ctx, action, arn), ...passRoles(roleArns, arn)];
}

async function existing(ctx: OperationContext, id: string): Promise<ProfileRecord> {
  return found(await ctx.store.rolesAnywhere.profile(id), 'profile');
}

interface ProfileInput {
  name: string;
  roleArns?: string[];
  managedPolicyArns?: string[];
  sessionPolicy?: string;
  durationSeconds?: number;
  requireInstanceProperties?: boolean;
  acceptRoleSessionName?: boolean;
  enabled?: boolean;
  tags?: WireTag[];
}

export const CreateProfile = defineOperation<ProfileInput, { profile: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'CreateProfile',
  readOnly: false,
  authorize: (input) => [{ action: 'rolesanywhere:CreateProfile', resource: '*', context: requestTags(input.tags) }, ...passRoles(input.roleArns)],
  handle: async (input, ctx) => {
    checkSessionPolicy(input.sessionPolicy);
    const id = newResourceId();
    const arn = resourceArn(ctx, 'profile', id);
    const profile = await ctx.store.rolesAnywhere.createProfile({
      accountId: ctx.principal.accountId,
      profileId: id,
      arn,
      name: input.name,
      enabled: input.enabled ?? false,
      durationSeconds: input.durationSeconds ?? DEFAULT_DURATION_SECONDS,
      requireInstanceProperties: input.requireInstanceProperties ?? false,
      acceptRoleSessionName: input.acceptRoleSessionName ?? false,
      sessionPolicy: input.sessionPolicy ?? null,
      roleArns: input.roleArns ?? [],
      managedPolicyArns: input.managedPolicyArns ?? [],
      attributeMappings: DEFAULT_ATTRIBUTE_MAPPINGS,
      createdBy: ctx.principal.arn,
    });
    await saveTags(ctx, arn, input.tags);
    return { profile: profileOutput(profile) };
  },
});

export const GetProfile = defineOperation<ById, { profile: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'GetProfile',
  readOnly: true,
  authorize: (input, ctx) => profileNeeds(ctx, 'GetProfile', input.profileId),
  handle: async (input, ctx) => ({ profile: profileOutput(found(await readProfile(ctx, input.profileId), 'profile')) }),
});

export const ListProfiles = defineOperation<{ nextToken?: string; pageSize?: number }, { profiles: Record<string, unknown>[]; nextToken?: string }>({
  service: 'rolesanywhere',
  name: 'ListProfiles',
  readOnly: true,
  authorize: () => [{ action: 'rolesanywhere:ListProfiles', resource: '*' }],
  handle: async (input, ctx) => {
    const { items, nextToken } = page(await ctx.store.rolesAnywhere.profiles(ctx.principal.accountId), input);
    return { profiles: items.map(profileOutput), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

export const UpdateProfile = defineOperation<
  ById & Omit<ProfileInput, 'name' | 'enabled' | 'tags' | 'requireInstanceProperties'> & { name?: string },
  { profile: Record<string, unknown> }
>({
  service: 'rolesanywhere',
  name: 'UpdateProfile',
  readOnly: false,
  authorize: (input, ctx) => profileNeeds(ctx, 'UpdateProfile', input.profileId, input.roleArns),
  handle: async (input, ctx) => {
    await existing(ctx, input.profileId);
    checkSessionPolicy(input.sessionPolicy);
    const updated = await ctx.store.rolesAnywhere.updateProfile(input.profileId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.roleArns !== undefined ? { roleArns: input.roleArns } : {}),
      ...(input.managedPolicyArns !== undefined ? { managedPolicyArns: input.managedPolicyArns } : {}),
      ...(input.sessionPolicy !== undefined ? { sessionPolicy: input.sessionPolicy } : {}),
      ...(input.durationSeconds !== undefined ? { durationSeconds: input.durationSeconds } : {}),
      ...(input.acceptRoleSessionName !== undefined ? { acceptRoleSessionName: input.acceptRoleSessionName } : {}),
    });
    return { profile: profileOutput(updated!) };
  },
});

export const DeleteProfile = defineOperation<ById, { profile: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'DeleteProfile',
  readOnly: false,
  authorize: (input, ctx) => profileNeeds(ctx, 'DeleteProfile', input.profileId),
  handle: async (input, ctx) => {
    const profile = await existing(ctx, input.profileId);
    await ctx.store.rolesAnywhere.deleteProfile(profile.profileId);
    await ctx.store.tags.deleteAll(profile.accountId, TAG_KIND, profile.arn);
    return { profile: profileOutput(profile) };
  },
});

function setEnabled(name: 'EnableProfile' | 'DisableProfile', enabled: boolean) {
  return defineOperation<ById, { profile: Record<string, unknown> }>({
    service: 'rolesanywhere',
    name,
    readOnly: false,
    authorize: (input, ctx) => profileNeeds(ctx, name, input.profileId),
    handle: async (input, ctx) => {
      await existing(ctx, input.profileId);
      return { profile: profileOutput((await ctx.store.rolesAnywhere.updateProfile(input.profileId, { enabled }))!) };
    },
  });
}

export const EnableProfile = setEnabled('EnableProfile', true);
export const DisableProfile = setEnabled('DisableProfile', false);

/**
 * Sets a certificate field's mapping rules. AWS: "put-attribute-mapping enables you to attach new
 * mapping rules to your profile"; Gatehouse replaces the field's rules with the ones given (the
 * documentation's example puts CN and OU in place of the default `*`).
 */
export const PutAttributeMapping = defineOperation<
  ById & { certificateField: string; mappingRules: { specifier: string }[] },
  { profile: Record<string, unknown> }
>({
  service: 'rolesanywhere',
  name: 'PutAttributeMapping',
  readOnly: false,
  authorize: (input, ctx) => profileNeeds(ctx, 'PutAttributeMapping', input.profileId),
  handle: async (input, ctx) => {
    const profile = await existing(ctx, input.profileId);
    const field = input.certificateField;
    const rules = [...new Set(input.mappingRules.map((r) => normalizeSpecifier(field, r.specifier)))].map((specifier) => ({ specifier }));
    const others = profile.attributeMappings.filter((m) => m.certificateField !== field);
    const attributeMappings = [...others, { certificateField: field, mappingRules: rules }].sort((a, b) =>
      a.certificateField.localeCompare(b.certificateField),
    );
    return { profile: profileOutput((await ctx.store.rolesAnywhere.updateProfile(profile.profileId, { attributeMappings }))!) };
  },
});

/**
 * Removes mapping rules: the `specifiers` given from the field's rules, or, without specifiers,
 * the field's whole mapping (no attribute of it is mapped).
 */
export const DeleteAttributeMapping = defineOperation<ById & { certificateField: string; specifiers?: string[] }, { profile: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'DeleteAttributeMapping',
  readOnly: false,
  authorize: (input, ctx) => profileNeeds(ctx, 'DeleteAttributeMapping', input.profileId),
  handle: async (input, ctx) => {
    const profile = await existing(ctx, input.profileId);
    const field = input.certificateField;
    const doomed = input.specifiers === undefined ? undefined : new Set(input.specifiers.map((s) => normalizeSpecifier(field, s)));
    const attributeMappings = profile.attributeMappings.flatMap((m) => {
      if (m.certificateField !== field) return [m];
      if (doomed === undefined) return [];
      const rules = m.mappingRules.filter((r) => !doomed.has(r.specifier));
      return rules.length === 0 ? [] : [{ certificateField: field, mappingRules: rules }];
    });
    return { profile: profileOutput((await ctx.store.rolesAnywhere.updateProfile(profile.profileId, { attributeMappings }))!) };
  },
});
