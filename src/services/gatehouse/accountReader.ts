import type {
  AccessKeyFacts,
  AccountExport,
  CredentialFacts,
  OrganizationExport,
  PathPolicy,
  ServerCertificateFacts,
  TrailFacts,
  VirtualMfaDeviceFacts,
} from '../../analysis/exports/index.js';
import type { AuthorizationDetails } from '../../analysis/snapshot/index.js';
import type { GuardrailFacts } from '../../auth/index.js';
import {
  accountEntityArn,
  ORGANIZATION_POLICY_TYPES,
  organizationArn,
  organizationPath,
  organizationPolicyArn,
  ouArn,
  rootArn,
  rootEntityArn,
  ROOT_ROW,
} from '../../model/index.js';
import { awsManagedPolicies, type Store } from '../../store/index.js';
import type { ImportedFacts } from './importedFacts.js';

/**
 * An account of the store, live or imported, read as an AWS export of it — the same shapes
 * `gatehouse import` reads — so that one analysis serves both and an account analysed live and
 * analysed from its export gives the same findings.
 *
 * For a live account the credentials are what its credential report would say (the report's
 * second precision); for an imported one, the facts its import recorded. Undefined when the store
 * has no such account. The reads are not one transaction (a running server's writes are not held
 * up by a large account's read): a change made meanwhile may be seen in part, as by any client
 * listing an account page by page.
 */
export async function readAccountExport(store: Store, accountId: string): Promise<AccountExport | undefined> {
  const account = await store.accounts.get(accountId);
  if (account === undefined) return undefined;
  const imported = await store.accountImports.get(accountId);
  const facts = imported === undefined ? undefined : (JSON.parse(imported.facts) as ImportedFacts);
  const details = await authorizationDetails(store, accountId);
  const passwordPolicyText = await store.kv.get(`iam:password-policy:${accountId}`);
  const passwordPolicy =
    passwordPolicyText !== undefined
      ? (JSON.parse(passwordPolicyText) as Record<string, never>)
      : facts === undefined || facts.passwordPolicy === 'none'
        ? null
        : undefined;
  const organization =
    facts === undefined || facts.organization === 'set' ? await organizationOf(store, accountId) : facts.organization === 'none' ? null : undefined;
  const live = facts === undefined;
  const credentials = live ? await liveCredentials(store, accountId, account.createdAt) : facts.credentials;
  const virtualMfaDevices = live ? await liveVirtualMfaDevices(store, accountId) : facts.virtualMfaDevices;
  const serverCertificates = live ? await liveServerCertificates(store, accountId) : facts.serverCertificates;
  const trails = live ? await liveTrails(store, accountId, account.organizationId) : facts.trails;
  return {
    accountId,
    details,
    ...(credentials !== undefined ? { credentials } : {}),
    ...(passwordPolicy !== undefined ? { passwordPolicy } : {}),
    ...(virtualMfaDevices !== undefined ? { virtualMfaDevices } : {}),
    ...(facts?.accountSummary !== undefined ? { accountSummary: facts.accountSummary } : {}),
    ...(serverCertificates !== undefined ? { serverCertificates } : {}),
    ...(organization !== undefined ? { organization } : {}),
    ...(trails !== undefined ? { trails } : {}),
    ...(facts?.analyzers !== undefined ? { analyzers: facts.analyzers } : {}),
    ...(facts?.bucketPolicies !== undefined ? { bucketPolicies: facts.bucketPolicies } : {}),
    files: [],
    warnings: facts?.warnings ?? [],
  };
}

/** GetAccountAuthorizationDetails of the account, one page, documents as stored. */
async function authorizationDetails(store: Store, accountId: string): Promise<AuthorizationDetails> {
  const memberships = await store.groups.memberships(accountId);
  const attached = async (kind: 'user' | 'group' | 'role', name: string) =>
    (await store.policyAttachments.listFor(accountId, kind, name)).map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
  const inline = async (kind: 'user' | 'group' | 'role', name: string) =>
    (await store.inlinePolicies.list(accountId, kind, name)).map((p) => ({ PolicyName: p.policyName, PolicyDocument: p.document }));
  const boundary = (arn: string | null) => (arn === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } });
  const tags = async (kind: string, id: string) => {
    const list = await store.tags.list(accountId, kind, id);
    return list.length === 0 ? {} : { Tags: list.map((t) => ({ Key: t.Key, Value: t.Value })) };
  };
  const users = [];
  for (const u of await store.users.listAll(accountId)) {
    users.push({
      Path: u.path,
      UserName: u.name,
      UserId: u.userId,
      Arn: u.arn,
      CreateDate: u.createdAt,
      UserPolicyList: await inline('user', u.name),
      GroupList: memberships.filter((m) => m.userName.toLowerCase() === u.name.toLowerCase()).map((m) => m.groupName),
      AttachedManagedPolicies: await attached('user', u.name),
      ...boundary(u.permissionsBoundaryArn),
      ...(await tags('user', u.userId)),
    });
  }
  const groups = [];
  for (const g of await store.groups.listAll(accountId)) {
    groups.push({
      Path: g.path,
      GroupName: g.name,
      GroupId: g.groupId,
      Arn: g.arn,
      CreateDate: g.createdAt,
      GroupPolicyList: await inline('group', g.name),
      AttachedManagedPolicies: await attached('group', g.name),
    });
  }
  const roles = [];
  for (const r of await store.roles.listAll(accountId)) {
    const profiles = [];
    for (const p of (await store.instanceProfiles.listForRole(accountId, r.name, { maxItems: 1000 })).items) {
      profiles.push({ Path: p.path, InstanceProfileName: p.name, InstanceProfileId: p.instanceProfileId, Arn: p.arn, CreateDate: p.createdAt, Roles: [] });
    }
    roles.push({
      Path: r.path,
      RoleName: r.name,
      RoleId: r.roleId,
      Arn: r.arn,
      CreateDate: r.createdAt,
      AssumeRolePolicyDocument: r.trustPolicy,
      InstanceProfileList: profiles,
      RolePolicyList: await inline('role', r.name),
      AttachedManagedPolicies: await attached('role', r.name),
      ...boundary(r.permissionsBoundaryArn),
      ...(await tags('role', r.roleId)),
      RoleLastUsed: { ...(r.lastUsedAt !== null ? { LastUsedDate: r.lastUsedAt } : {}), ...(r.lastUsedRegion !== null ? { Region: r.lastUsedRegion } : {}) },
    });
  }
  const policies = [];
  for (const p of await store.managedPolicies.listLocal(accountId)) {
    policies.push({
      PolicyName: p.name,
      PolicyId: p.policyId,
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: p.defaultVersionId,
      IsAttachable: p.isAttachable,
      ...(p.description !== null && p.description !== undefined ? { Description: p.description } : {}),
      CreateDate: p.createdAt,
      UpdateDate: p.updatedAt,
      PolicyVersionList: (await store.managedPolicies.versions(p.arn)).map((v) => ({
        Document: v.document,
        VersionId: v.versionId,
        IsDefaultVersion: v.isDefault,
        CreateDate: v.createdAt,
      })),
    });
  }
  // AWS: AWS managed policies in use are listed with their default version only.
  const used = new Set((await store.policyAttachments.listAll(accountId)).map((a) => a.policyArn));
  for (const arn of (await store.policyAttachments.boundaryCounts(accountId)).keys()) used.add(arn);
  for (const arn of [...used].sort()) {
    const policy = awsManagedPolicies.get(arn);
    if (policy === undefined) continue;
    const version = awsManagedPolicies.version(arn, policy.defaultVersionId)!;
    policies.push({
      PolicyName: policy.name,
      PolicyId: policy.policyId,
      Arn: arn,
      Path: policy.path,
      DefaultVersionId: policy.defaultVersionId,
      IsAttachable: true,
      CreateDate: policy.createdAt,
      UpdateDate: policy.updatedAt,
      PolicyVersionList: [{ Document: version.document, VersionId: version.versionId, IsDefaultVersion: true, CreateDate: version.createdAt }],
    });
  }
  return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies } as unknown as AuthorizationDetails;
}

/** AWS: the credential report's dates are whole seconds. */
const seconds = (iso: string): string => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

/** What the account's credential report says, from the store (as IAM's GenerateCredentialReport builds it). */
async function liveCredentials(store: Store, accountId: string, accountCreatedAt: string): Promise<CredentialFacts[]> {
  const keys = await store.accessKeys.listForAccount(accountId);
  const certificates = await store.signingCertificates.listForAccount(accountId);
  const profiles = await store.loginProfiles.listForAccount(accountId);
  const mfa = await store.mfaDevices.listEnabled(accountId);
  const owned = <T extends { userName: string | null }>(list: readonly T[], owner: string | null) =>
    list.filter((x) => (x.userName?.toLowerCase() ?? null) === (owner?.toLowerCase() ?? null));
  const keyFacts = (owner: string | null): AccessKeyFacts[] =>
    owned(keys, owner)
      .slice(0, 2)
      .map((k, i) => ({
        slot: (i + 1) as 1 | 2,
        active: k.status === 'Active',
        lastRotated: seconds(k.createdAt),
        lastUsed: k.lastUsedAt === null ? null : seconds(k.lastUsedAt),
        lastUsedRegion: k.lastUsedAt === null ? null : k.lastUsedRegion,
        lastUsedService: k.lastUsedAt === null ? null : k.lastUsedService,
      }));
  const certificateFacts = (owner: string | null) =>
    owned(certificates, owner)
      .slice(0, 2)
      .map((c, i) => ({ slot: (i + 1) as 1 | 2, active: c.status === 'Active', lastRotated: seconds(c.uploadedAt) }));
  const out: CredentialFacts[] = [
    {
      user: ROOT_ROW,
      arn: rootArn(accountId),
      isRoot: true,
      createdAt: seconds(accountCreatedAt),
      passwordEnabled: false,
      passwordLastUsed: null,
      passwordLastChanged: null,
      mfaActive: mfa.some((d) => d.assignedRoot),
      accessKeys: keyFacts(null),
      certificates: certificateFacts(null),
    },
  ];
  for (const user of await store.users.listAll(accountId)) {
    const profile = profiles.find((p) => p.userName.toLowerCase() === user.name.toLowerCase());
    out.push({
      user: user.name,
      arn: user.arn,
      isRoot: false,
      createdAt: seconds(user.createdAt),
      passwordEnabled: profile !== undefined,
      passwordLastUsed: user.passwordLastUsed === null ? null : seconds(user.passwordLastUsed),
      passwordLastChanged: profile === undefined ? null : seconds(profile.passwordChangedAt),
      mfaActive: mfa.some((d) => d.userName?.toLowerCase() === user.name.toLowerCase()),
      accessKeys: keyFacts(user.name),
      certificates: certificateFacts(user.name),
    });
  }
  return out;
}

async function liveVirtualMfaDevices(store: Store, accountId: string): Promise<VirtualMfaDeviceFacts[]> {
  const out: VirtualMfaDeviceFacts[] = [];
  let marker: string | undefined;
  do {
    const page = await store.mfaDevices.list(accountId, 'Any', { maxItems: 1000, ...(marker !== undefined ? { marker } : {}) });
    for (const d of page.items) {
      const user = d.assignedRoot ? rootArn(accountId) : d.userName === null ? undefined : (await store.users.get(accountId, d.userName))?.arn;
      out.push({
        serialNumber: d.serialNumber,
        ...(user !== undefined ? { userArn: user } : {}),
        ...(d.enableDate !== null ? { enableDate: d.enableDate } : {}),
      });
    }
    marker = page.isTruncated ? page.marker : undefined;
  } while (marker !== undefined);
  return out;
}

async function liveServerCertificates(store: Store, accountId: string): Promise<ServerCertificateFacts[]> {
  const out: ServerCertificateFacts[] = [];
  let marker: string | undefined;
  do {
    const page = await store.serverCertificates.list(accountId, { maxItems: 1000, ...(marker !== undefined ? { marker } : {}) });
    for (const c of page.items) {
      out.push({ name: c.name, arn: c.arn, id: c.serverCertificateId, path: c.path, uploadDate: c.uploadedAt, expiration: c.expiration });
    }
    marker = page.isTruncated ? page.marker : undefined;
  } while (marker !== undefined);
  return out;
}

/** The account's trails and its organization's trails (a member account's shadow trails, as DescribeTrails lists them). */
async function liveTrails(store: Store, accountId: string, organizationId: string | null): Promise<TrailFacts[]> {
  return (await store.trails.list())
    .filter((t) => t.accountId === accountId || (organizationId !== null && t.organizationId === organizationId))
    .map((t) => ({
      name: t.name,
      arn: `arn:aws:cloudtrail:${t.homeRegion}:${t.accountId}:trail/${t.name}`,
      homeRegion: t.homeRegion,
      isMultiRegionTrail: t.isMultiRegionTrail,
      isOrganizationTrail: t.organizationId !== null,
      isLogging: t.isLogging,
    }));
}

/** Where the account sits in its organization, and the SCPs and RCPs on its path; null outside any. */
async function organizationOf(store: Store, accountId: string): Promise<OrganizationExport | null> {
  const account = await store.accounts.get(accountId);
  if (account?.organizationId == null || account.parentId === null) return null;
  const org = await store.organizations.get(account.organizationId);
  if (org === undefined) return null;
  const units = await store.organizations.unitPath(org.id, account.parentId);
  const root = units?.[0];
  if (units === undefined || root === undefined) return null;
  const membership = await store.organizations.membership(accountId);
  const mgmt = org.managementAccountId;
  const targets = [...units.map((u) => u.id), accountId];
  const policies = new Map<string, PathPolicy & { targetIds: string[] }>();
  const levels: Partial<Record<(typeof ORGANIZATION_POLICY_TYPES)[number], GuardrailFacts[][]>> = {};
  for (const type of ORGANIZATION_POLICY_TYPES) {
    if (!root.policyTypes.includes(type)) continue;
    const perLevel: GuardrailFacts[][] = [];
    for (const target of targets) {
      const attached = await store.organizationPolicies.attachedPolicies(org.id, target, type);
      perLevel.push(attached.map(({ policy }) => ({ arn: organizationPolicyArn(mgmt, org.id, type, policy.id, policy.awsManaged), content: policy.content })));
      for (const { policy } of attached) {
        const known = policies.get(policy.id);
        if (known !== undefined) known.targetIds.push(target);
        else {
          policies.set(policy.id, {
            id: policy.id,
            arn: organizationPolicyArn(mgmt, org.id, type, policy.id, policy.awsManaged),
            name: policy.name,
            description: policy.description,
            type,
            awsManaged: policy.awsManaged,
            content: policy.content,
            targetIds: [target],
          });
        }
      }
    }
    levels[type] = perLevel;
  }
  return {
    summary: { id: org.id, arn: organizationArn(mgmt, org.id), featureSet: org.featureSet, managementAccountId: mgmt },
    root: { id: root.id, arn: rootEntityArn(mgmt, org.id, root.id), name: root.name, enabledPolicyTypes: root.policyTypes },
    levels: units.map((u) => ({
      id: u.id,
      arn: u.kind === 'ROOT' ? rootEntityArn(mgmt, org.id, u.id) : ouArn(mgmt, org.id, u.id),
      name: u.name,
      kind: u.kind,
    })),
    account: {
      id: accountId,
      arn: accountEntityArn(mgmt, org.id, accountId),
      name: account.name,
      email: account.email ?? '',
      status: account.status,
      joinedMethod: membership?.joinedMethod ?? 'CREATED',
      ...(membership !== undefined ? { joinedTimestamp: membership.joinedAt } : {}),
    },
    policies: [...policies.values()],
    pathFacts: {
      organizationId: org.id,
      path: organizationPath(
        org.id,
        units.map((u) => u.id),
      ),
      isManagement: mgmt === accountId,
      levels,
    },
  };
}
