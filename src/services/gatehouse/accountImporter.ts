import type { AccountExport } from '../../analysis/exports/index.js';
import { accountModelOf } from '../../analysis/posture/index.js';
import { parseArn } from '../../model/index.js';
import { principalSetsOf, parsePolicy } from '../../policy/index.js';
import { awsManagedPolicies, type ImportedAccountState, type Store } from '../../store/index.js';
import type { ImportedFacts } from './importedFacts.js';

/** What an import wrote, for its summary line. */
export interface ImportSummary {
  readonly accountId: string;
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly policies: number;
  readonly policyVersions: number;
  readonly organizationId: string | null;
  readonly warnings: readonly string[];
}

/** AWS's default for a role's MaxSessionDuration (RoleDetail does not carry it). */
const DEFAULT_MAX_SESSION = 3600;

/**
 * Loads an AWS account's export into the store as a Gatehouse account with the same account ID,
 * ARNs, unique IDs, paths, dates, tags, boundaries, trust policies and every policy version, and
 * its place in its organization with the SCPs and RCPs on its path: one transaction, so a
 * re-import replaces the account's state atomically and a failure leaves the previous one.
 * Imported users get no usable secret: the credential report is kept as facts.
 */
export async function importAccount(
  store: Store,
  account: AccountExport,
  progress?: (phase: string, done: number, total: number) => void,
): Promise<ImportSummary> {
  const { state, summary } = importState(account);
  await store.transaction((tx) => tx.accountImports.replace(state, progress));
  return summary;
}

/** The store rows of an export (pure). */
export function importState(account: AccountExport): { state: ImportedAccountState; summary: ImportSummary } {
  const model = accountModelOf(account);
  const details = account.details as unknown as { RoleDetailList?: Record<string, unknown>[]; Policies?: Record<string, unknown>[] };
  const warnings = [...account.warnings];
  const unknownAwsManaged = new Set<string>();

  const policies = [...model.policies.values()].filter((p) => !p.awsManaged);
  const rawPolicies = new Map((details.Policies ?? []).map((p) => [String(p['Arn']), p]));
  const attachments: ImportedAccountState['attachments'][number][] = [];
  for (const holder of [...model.users, ...model.groups, ...model.roles]) {
    for (const arn of holder.attached) {
      if (arn.startsWith('arn:aws:iam::aws:policy/') && awsManagedPolicies.get(arn) === undefined) unknownAwsManaged.add(arn);
      attachments.push({ kind: holder.kind, holder: holder.name, policyArn: arn, createdAt: holder.createdAt });
    }
  }
  for (const arn of unknownAwsManaged) {
    warnings.push(`${arn} is not among the AWS managed policies Gatehouse knows; the imported account's policy evaluation leaves it out`);
  }

  // Which users and roles of the account each trust policy names, bound to their unique IDs.
  const ids = new Map<string, string>([...model.users, ...model.roles].map((e) => [e.arn.toLowerCase(), e.id]));
  const references: ImportedAccountState['principalReferences'][number][] = [];
  for (const role of model.roles) {
    const parsed = parsePolicy(role.trustPolicy, 'trust', { maxLength: Number.MAX_SAFE_INTEGER, anyVersion: true });
    if (!parsed.ok) continue;
    for (const statement of parsed.policy.statements) {
      for (const spec of [statement.principal, statement.notPrincipal]) {
        if (spec === undefined) continue;
        for (const value of principalSetsOf(spec).arns) {
          const id = ids.get(value.toLowerCase());
          if (id !== undefined) references.push({ roleName: role.name, principalId: id, principalArn: value });
        }
      }
    }
  }

  const instanceProfiles = new Map<string, ImportedAccountState['instanceProfiles'][number]>();
  for (const raw of details.RoleDetailList ?? []) {
    for (const p of (raw['InstanceProfileList'] ?? []) as Record<string, unknown>[]) {
      const name = String(p['InstanceProfileName']);
      if (instanceProfiles.has(name.toLowerCase())) continue;
      instanceProfiles.set(name.toLowerCase(), {
        instanceProfileId: String(p['InstanceProfileId']),
        name,
        path: typeof p['Path'] === 'string' ? p['Path'] : '/',
        arn: String(p['Arn']),
        createdAt: iso(p['CreateDate']),
        roleNames: ((p['Roles'] ?? []) as Record<string, unknown>[]).map((r) => String(r['RoleName'])),
      });
    }
  }

  const organization = account.organization;
  const facts: ImportedFacts = {
    ...(account.credentials !== undefined ? { credentials: account.credentials } : {}),
    ...(account.passwordPolicy !== undefined ? { passwordPolicy: account.passwordPolicy === null ? 'none' : 'set' } : {}),
    ...(account.virtualMfaDevices !== undefined ? { virtualMfaDevices: account.virtualMfaDevices } : {}),
    ...(account.accountSummary !== undefined ? { accountSummary: account.accountSummary } : {}),
    ...(account.serverCertificates !== undefined ? { serverCertificates: account.serverCertificates } : {}),
    ...(organization !== undefined ? { organization: organization === null ? 'none' : 'set' } : {}),
    ...(account.trails !== undefined ? { trails: account.trails } : {}),
    ...(account.analyzers !== undefined ? { analyzers: account.analyzers } : {}),
    ...(account.bucketPolicies !== undefined ? { bucketPolicies: account.bucketPolicies } : {}),
    ...(unknownAwsManaged.size > 0 ? { unknownAwsManagedPolicies: [...unknownAwsManaged] } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };

  const createdAt = [...model.users, ...model.roles, ...model.groups].map((e) => e.createdAt).sort()[0] ?? new Date(0).toISOString();
  const passwordLastUsed = new Map((account.credentials ?? []).filter((c) => !c.isRoot).map((c) => [c.user.toLowerCase(), c.passwordLastUsed]));
  const state: ImportedAccountState = {
    account: {
      id: account.accountId,
      name: organization ? organization.account.name || `imported ${account.accountId}` : `imported ${account.accountId}`,
      email: organization ? organization.account.email || null : null,
      createdAt,
    },
    users: model.users.map((u) => ({
      userId: u.id,
      name: u.name,
      path: u.path,
      arn: u.arn,
      createdAt: u.createdAt,
      permissionsBoundaryArn: u.boundaryArn,
      passwordLastUsed: passwordLastUsed.get(u.name.toLowerCase()) ?? null,
    })),
    groups: model.groups.map((g) => ({ groupId: g.id, name: g.name, path: g.path, arn: g.arn, createdAt: g.createdAt })),
    memberships: model.users.flatMap((u) =>
      u.groups.map((g) => ({ groupName: model.groups.find((x) => x.name.toLowerCase() === g.toLowerCase())?.name ?? g, userName: u.name })),
    ),
    roles: model.roles.map((r) => ({
      roleId: r.id,
      name: r.name,
      path: r.path,
      arn: r.arn,
      trustPolicy: r.trustPolicy,
      description: r.description ?? null,
      maxSessionDuration: DEFAULT_MAX_SESSION,
      permissionsBoundaryArn: r.boundaryArn,
      createdAt: r.createdAt,
      lastUsedAt: r.lastUsed,
      lastUsedRegion: lastUsedRegion(details.RoleDetailList, r.name),
    })),
    instanceProfiles: [...instanceProfiles.values()],
    policies: policies.map((p) => {
      const raw = rawPolicies.get(p.arn) ?? {};
      const created = p.createdAt ?? createdAt;
      return {
        arn: p.arn,
        policyId: p.id,
        name: p.name,
        path: typeof raw['Path'] === 'string' ? raw['Path'] : pathOf(p.arn),
        description: typeof raw['Description'] === 'string' ? raw['Description'] : null,
        defaultVersionId: p.defaultVersionId,
        isAttachable: raw['IsAttachable'] !== false,
        createdAt: created,
        updatedAt: raw['UpdateDate'] !== undefined ? iso(raw['UpdateDate']) : created,
        versions: p.versions.map((v) => ({ versionId: v.versionId, document: v.document, isDefault: v.isDefault, createdAt: v.createdAt ?? created })),
      };
    }),
    attachments,
    inlinePolicies: [...model.users, ...model.groups, ...model.roles].flatMap((h) =>
      h.inline.map((p) => ({ kind: h.kind, holder: h.name, policyName: p.name, document: p.document })),
    ),
    tags: [
      ...model.users.flatMap((u) => Object.entries(u.tags).map(([key, value]) => ({ kind: 'user' as const, resourceId: u.id, key, value }))),
      ...model.roles.flatMap((r) => Object.entries(r.tags).map(([key, value]) => ({ kind: 'role' as const, resourceId: r.id, key, value }))),
    ],
    principalReferences: references,
    passwordPolicy:
      account.passwordPolicy === undefined ? undefined : account.passwordPolicy === null ? null : JSON.stringify(storedPasswordPolicy(account.passwordPolicy)),
    organization:
      organization === undefined
        ? undefined
        : organization === null
          ? null
          : {
              id: organization.summary.id,
              managementAccountId: organization.summary.managementAccountId,
              featureSet: organization.summary.featureSet,
              units: organization.levels.map((level, i) => ({
                id: level.id,
                parentId: i === 0 ? null : organization.levels[i - 1]!.id,
                kind: level.kind,
                name: level.name,
                policyTypes: level.kind === 'ROOT' ? organization.root.enabledPolicyTypes : null,
              })),
              policies: organization.policies.map((p) => ({
                id: p.id,
                type: p.type,
                name: p.name,
                description: p.description,
                content: p.content,
                awsManaged: p.awsManaged,
                targetIds: p.targetIds,
              })),
              joinedMethod: organization.account.joinedMethod,
              joinedAt: organization.account.joinedTimestamp ?? createdAt,
            },
    sources: JSON.stringify(account.files),
    facts: JSON.stringify(facts),
  };
  return {
    state,
    summary: {
      accountId: account.accountId,
      users: state.users.length,
      groups: state.groups.length,
      roles: state.roles.length,
      policies: state.policies.length,
      policyVersions: state.policies.reduce((n, p) => n + p.versions.length, 0),
      organizationId: organization ? organization.summary.id : null,
      warnings,
    },
  };
}

/** GetAccountPasswordPolicy's shape as IAM keeps it (`services/iam/account/passwordRules.ts`): AWS's defaults filled in. */
function storedPasswordPolicy(policy: NonNullable<AccountExport['passwordPolicy']>): Record<string, unknown> {
  return {
    MinimumPasswordLength: policy.MinimumPasswordLength ?? 8,
    RequireSymbols: policy.RequireSymbols ?? false,
    RequireNumbers: policy.RequireNumbers ?? false,
    RequireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
    AllowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
    ...(policy.MaxPasswordAge !== undefined ? { MaxPasswordAge: policy.MaxPasswordAge } : {}),
    ...(policy.PasswordReusePrevention !== undefined ? { PasswordReusePrevention: policy.PasswordReusePrevention } : {}),
    ...(policy.HardExpiry !== undefined ? { HardExpiry: policy.HardExpiry } : {}),
  };
}

function lastUsedRegion(roles: readonly Record<string, unknown>[] | undefined, name: string): string | null {
  const raw = roles?.find((r) => r['RoleName'] === name)?.['RoleLastUsed'] as Record<string, unknown> | undefined;
  return typeof raw?.['Region'] === 'string' ? raw['Region'] : null;
}

/** A policy's path from its ARN: `arn:aws:iam::123456789012:policy/a/b/name` → `/a/b/`. */
function pathOf(arn: string): string {
  const parts = (parseArn(arn)?.resource ?? 'policy/x').split('/').slice(1, -1);
  return `/${parts.map((p) => `${p}/`).join('')}`;
}

function iso(value: unknown): string {
  return typeof value === 'number' ? new Date(value * 1000).toISOString() : new Date(String(value)).toISOString();
}
