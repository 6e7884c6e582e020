import { ServiceError } from '../../../errors.js';
import { DuplicateError, type Store } from '../../../store/index.js';
import { defineOperation, type Operation } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { pageArray } from '../paging.js';

/** Account-level IAM settings: the alias, the summary of entities and quotas, STS token preferences. */

function stsPreferenceKey(accountId: string): string {
  return `iam:sts-global-endpoint-token-version:${accountId}`;
}

/**
 * The version of session tokens the global STS endpoint issues for the account: 1 (valid only in
 * regions enabled by default) unless SetSecurityTokenServicePreferences chose v2Token.
 * AWS: GlobalEndpointTokenVersion (IAM API reference, SetSecurityTokenServicePreferences).
 */
export async function globalEndpointTokenVersion(store: Store, accountId: string): Promise<1 | 2> {
  return (await store.kv.get(stsPreferenceKey(accountId))) === 'v2Token' ? 2 : 1;
}

/**
 * AWS: an alias is unique across AWS and an account has at most one ("Cannot exceed quota for
 * AccountAliasesPerAccount: 1"); it cannot look like an account ID (IAM User Guide, console_account-alias).
 */
const CreateAccountAlias = defineOperation<{ AccountAlias: string }, Record<string, never>>({
  service: 'iam',
  name: 'CreateAccountAlias',
  readOnly: false,
  authorize: () => iamNeed('CreateAccountAlias', '*'),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const alias = input.AccountAlias;
    if (/^\d{12}$/.test(alias)) throw iamErrors.invalidInput('The account alias cannot be formatted as an AWS account ID.');
    const owner = await ctx.store.accountAliases.owner(alias);
    if (owner === accountId) return {};
    const taken = new ServiceError('EntityAlreadyExists', `The account alias ${alias} already exists.`);
    if (owner !== undefined) throw taken;
    if ((await ctx.store.accountAliases.list(accountId)).length >= ctx.quotas.aliasesPerAccount) {
      throw iamErrors.limitExceeded('AccountAliasesPerAccount', ctx.quotas.aliasesPerAccount);
    }
    try {
      await ctx.store.accountAliases.create(accountId, alias);
    } catch (error) {
      if (error instanceof DuplicateError) throw taken;
      throw error;
    }
    return {};
  },
});

const DeleteAccountAlias = defineOperation<{ AccountAlias: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteAccountAlias',
  readOnly: false,
  authorize: () => iamNeed('DeleteAccountAlias', '*'),
  handle: async (input, ctx) => {
    if (!(await ctx.store.accountAliases.delete(ctx.principal.accountId, input.AccountAlias))) {
      throw new ServiceError('NoSuchEntity', `The account alias ${input.AccountAlias} cannot be found.`);
    }
    return {};
  },
});

const ListAccountAliases = defineOperation<{ Marker?: string; MaxItems?: number }, { AccountAliases: string[]; IsTruncated: boolean; Marker?: string }>({
  service: 'iam',
  name: 'ListAccountAliases',
  readOnly: true,
  authorize: () => iamNeed('ListAccountAliases', '*'),
  handle: async (input, ctx) => {
    const { items, ...page } = pageArray(await ctx.store.accountAliases.list(ctx.principal.accountId), input);
    return { AccountAliases: items, ...page };
  },
});

/**
 * AWS: the entity usage and IAM quotas of the account (IAM API reference, GetAccountSummary).
 * `PolicyVersionsInUse` counts managed policy attachments (each attachment uses one version);
 * the root user has no console password in Gatehouse, so `AccountPasswordPresent` is 0.
 */
const GetAccountSummary = defineOperation<Record<string, never>, { SummaryMap: Record<string, number> }>({
  service: 'iam',
  name: 'GetAccountSummary',
  readOnly: true,
  authorize: () => iamNeed('GetAccountSummary', '*'),
  handle: async (_input, ctx) => {
    const id = ctx.principal.accountId;
    const s = ctx.store;
    const q = ctx.quotas;
    const present = (items: readonly unknown[]) => (items.length > 0 ? 1 : 0);
    return {
      SummaryMap: {
        Users: await s.users.count(id),
        UsersQuota: q.usersPerAccount,
        Groups: await s.groups.count(id),
        GroupsQuota: q.groupsPerAccount,
        Roles: await s.roles.count(id),
        RolesQuota: q.rolesPerAccount,
        Policies: await s.managedPolicies.countLocal(id),
        PoliciesQuota: q.customerManagedPoliciesPerAccount,
        InstanceProfiles: await s.instanceProfiles.count(id),
        InstanceProfilesQuota: q.instanceProfilesPerAccount,
        ServerCertificates: await s.serverCertificates.count(id),
        ServerCertificatesQuota: q.serverCertificatesPerAccount,
        Providers: (await s.samlProviders.count(id)) + (await s.oidcProviders.count(id)),
        MFADevices: await s.mfaDevices.count(id),
        MFADevicesInUse: await s.mfaDevices.countInUse(id),
        AccountMFAEnabled: present([...(await s.mfaDevices.listForOwner(id, null)), ...(await s.securityKeys.listForOwner(id, null))]),
        AccountAccessKeysPresent: present(await s.accessKeys.listForUser(id, null)),
        AccountSigningCertificatesPresent: present(await s.signingCertificates.listForUser(id, null)),
        // AWS: whether the root user has a console password (`gatehouse root set-password`).
        AccountPasswordPresent: (await s.rootPasswords.get(id)) === undefined ? 0 : 1,
        PolicyVersionsInUse: await s.policyAttachments.count(id),
        PolicyVersionsInUseQuota: 10000,
        VersionsPerPolicyQuota: q.versionsPerManagedPolicy,
        AccessKeysPerUserQuota: q.accessKeysPerUser,
        SigningCertificatesPerUserQuota: q.signingCertificatesPerUser,
        GroupsPerUserQuota: q.groupsPerUser,
        AttachedPoliciesPerUserQuota: q.managedPoliciesPerUser,
        AttachedPoliciesPerGroupQuota: q.managedPoliciesPerGroup,
        AttachedPoliciesPerRoleQuota: q.managedPoliciesPerRole,
        PolicySizeQuota: q.managedPolicySize,
        UserPolicySizeQuota: q.userInlinePolicySize,
        GroupPolicySizeQuota: q.groupInlinePolicySize,
        RolePolicySizeQuota: q.roleInlinePolicySize,
        AssumeRolePolicySizeQuota: q.roleTrustPolicySize,
        GlobalEndpointTokenVersion: await globalEndpointTokenVersion(s, id),
      },
    };
  },
});

const SetSecurityTokenServicePreferences = defineOperation<{ GlobalEndpointTokenVersion: 'v1Token' | 'v2Token' }, Record<string, never>>({
  service: 'iam',
  name: 'SetSecurityTokenServicePreferences',
  readOnly: false,
  authorize: () => iamNeed('SetSecurityTokenServicePreferences', '*'),
  handle: async (input, ctx) => {
    await ctx.store.kv.set(stsPreferenceKey(ctx.principal.accountId), input.GlobalEndpointTokenVersion);
    return {};
  },
});

/** The account alias, summary and STS preference operations. */
export const accountSettingsOperations: Operation[] = [
  CreateAccountAlias,
  DeleteAccountAlias,
  ListAccountAliases,
  GetAccountSummary,
  SetSecurityTokenServicePreferences,
];
