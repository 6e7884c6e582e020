/**
 * IAM and STS quotas, as configuration with AWS's defaults.
 *
 * AWS: "IAM and AWS STS quotas" (reference_iam-quotas). Adjustable quotas can be raised by the
 * operator with `GATEHOUSE_QUOTAS` (a JSON object of the names below); fixed ones keep AWS's value.
 */
export interface IamQuotas {
  usersPerAccount: number;
  groupsPerAccount: number;
  rolesPerAccount: number;
  customerManagedPoliciesPerAccount: number;
  instanceProfilesPerAccount: number;
  samlProvidersPerAccount: number;
  oidcProvidersPerAccount: number;
  serverCertificatesPerAccount: number;
  groupsPerUser: number;
  managedPoliciesPerUser: number;
  managedPoliciesPerRole: number;
  managedPoliciesPerGroup: number;
  accessKeysPerUser: number;
  signingCertificatesPerUser: number;
  sshPublicKeysPerUser: number;
  mfaDevicesPerUser: number;
  versionsPerManagedPolicy: number;
  rolesPerInstanceProfile: number;
  tagsPerResource: number;
  serviceSpecificCredentialsPerUserPerService: number;
  aliasesPerAccount: number;
  /** Characters, whitespace not counted. */
  managedPolicySize: number;
  userInlinePolicySize: number;
  groupInlinePolicySize: number;
  roleInlinePolicySize: number;
  roleTrustPolicySize: number;
}

export const DEFAULT_IAM_QUOTAS: Readonly<IamQuotas> = Object.freeze({
  usersPerAccount: 5000,
  groupsPerAccount: 300,
  rolesPerAccount: 1000,
  customerManagedPoliciesPerAccount: 1500,
  instanceProfilesPerAccount: 1000,
  samlProvidersPerAccount: 100,
  oidcProvidersPerAccount: 100,
  serverCertificatesPerAccount: 20,
  groupsPerUser: 10,
  managedPoliciesPerUser: 10,
  managedPoliciesPerRole: 10,
  managedPoliciesPerGroup: 10,
  accessKeysPerUser: 2,
  signingCertificatesPerUser: 2,
  sshPublicKeysPerUser: 5,
  mfaDevicesPerUser: 8,
  versionsPerManagedPolicy: 5,
  rolesPerInstanceProfile: 1,
  tagsPerResource: 50,
  serviceSpecificCredentialsPerUserPerService: 2,
  aliasesPerAccount: 1,
  managedPolicySize: 6144,
  userInlinePolicySize: 2048,
  groupInlinePolicySize: 5120,
  roleInlinePolicySize: 10240,
  roleTrustPolicySize: 2048,
});

/** Applies an operator's overrides (unknown names and non-positive values are refused). */
export function resolveQuotas(overrides: Record<string, unknown> = {}): Readonly<IamQuotas> {
  const quotas: IamQuotas = { ...DEFAULT_IAM_QUOTAS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in quotas)) throw new Error(`unknown quota \`${name}\``);
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new Error(`quota \`${name}\` must be a positive integer`);
    quotas[name as keyof IamQuotas] = value;
  }
  return Object.freeze(quotas);
}
