import { awsManagedPolicies } from '../../../store/index.js';
import type { ManagedPolicyRecord, PrincipalKind, Store } from '../../../store/index.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamNeed } from '../iamNeed.js';
import { policyShape, urlEncodeDocument } from '../policies/managedPolicyRecords.js';
import { paginate } from '../paging.js';
import { versionShape } from '../policies/policyVersions.js';

type Filter = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

const ALL: readonly Filter[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];

/** One item of the combined, paginated listing: users, then groups, then roles, then policies. */
interface Item {
  readonly key: string;
  readonly build: () => Promise<[list: string, detail: Record<string, unknown>]>;
}

async function inlineList(store: Store, accountId: string, kind: PrincipalKind, name: string) {
  const policies = await store.inlinePolicies.list(accountId, kind, name);
  return policies.map((p) => ({ PolicyName: p.policyName, PolicyDocument: urlEncodeDocument(p.document) }));
}

async function attachedList(store: Store, accountId: string, kind: PrincipalKind, name: string) {
  const out = [];
  for (const arn of await store.policyAttachments.listFor(accountId, kind, name)) {
    const policy = await store.managedPolicies.get(arn);
    if (policy !== undefined) out.push({ PolicyName: policy.name, PolicyArn: policy.arn });
  }
  return out;
}

function boundary(arn: string | null) {
  return arn === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } };
}

async function tags(store: Store, accountId: string, kind: string, id: string) {
  const list = await store.tags.list(accountId, kind, id);
  return list.length === 0 ? {} : { Tags: list };
}

/** AWS: RoleDetail.InstanceProfileList — each profile holding the role, with the roles in it. */
async function instanceProfilesOf(store: Store, accountId: string, roleName: string) {
  const out = [];
  const profiles = await store.instanceProfiles.listForRole(accountId, roleName, { maxItems: 1000 });
  for (const p of profiles.items) {
    const roles = [];
    for (const name of await store.instanceProfiles.roleNames(accountId, p.name)) {
      const r = await store.roles.get(accountId, name);
      if (r === undefined) continue;
      roles.push({
        Path: r.path,
        RoleName: r.name,
        RoleId: r.roleId,
        Arn: r.arn,
        CreateDate: new Date(r.createdAt),
        AssumeRolePolicyDocument: urlEncodeDocument(r.trustPolicy),
      });
    }
    out.push({
      Path: p.path,
      InstanceProfileName: p.name,
      InstanceProfileId: p.instanceProfileId,
      Arn: p.arn,
      CreateDate: new Date(p.createdAt),
      Roles: roles,
    });
  }
  return out;
}

async function policyDetail(store: Store, policy: ManagedPolicyRecord, accountId: string) {
  const attachments = (await store.policyAttachments.listForPolicy(accountId, policy.arn)).length;
  const boundaries = (await store.policyAttachments.boundaryUses(accountId, policy.arn)).length;
  // AWS: an AWS managed policy is listed with its default version only (its history can run to
  // hundreds of versions); a customer managed policy with all of its versions.
  const versions = (await store.managedPolicies.versions(policy.arn)).filter((v) => !policy.awsManaged || v.isDefault);
  return { ...policyShape(policy, { attachments, boundaries }, true), PolicyVersionList: versions.map((v) => versionShape(v, true)) };
}

/**
 * AWS: GetAccountAuthorizationDetails — every user, group, role and managed policy with their
 * policies, documents URL-encoded (RFC 3986). AWS managed policies are listed when the account
 * uses them (attached or as a boundary).
 */
export const GetAccountAuthorizationDetails = defineOperation<{ Filter?: Filter[]; MaxItems?: number; Marker?: string }>({
  service: 'iam',
  name: 'GetAccountAuthorizationDetails',
  readOnly: true,
  authorize: () => iamNeed('GetAccountAuthorizationDetails', '*'),
  handle: async (input, ctx) => {
    const store = ctx.store;
    const accountId = ctx.principal.accountId;
    const filter = new Set<Filter>(input.Filter !== undefined && input.Filter.length > 0 ? input.Filter : ALL);
    const items: Item[] = [];
    if (filter.has('User')) {
      for (const u of await store.users.listAll(accountId)) {
        items.push({
          key: `1${u.name.toLowerCase()}`,
          build: async () => {
            const memberships = await store.groups.memberships(accountId);
            const groupList = memberships.filter((m) => m.userName.toLowerCase() === u.name.toLowerCase()).map((m) => m.groupName);
            return [
              'UserDetailList',
              {
                Path: u.path,
                UserName: u.name,
                UserId: u.userId,
                Arn: u.arn,
                CreateDate: new Date(u.createdAt),
                UserPolicyList: await inlineList(store, accountId, 'user', u.name),
                GroupList: groupList,
                AttachedManagedPolicies: await attachedList(store, accountId, 'user', u.name),
                ...boundary(u.permissionsBoundaryArn),
                ...(await tags(store, accountId, 'user', u.userId)),
              },
            ];
          },
        });
      }
    }
    if (filter.has('Group')) {
      for (const g of await store.groups.listAll(accountId)) {
        items.push({
          key: `2${g.name.toLowerCase()}`,
          build: async () => [
            'GroupDetailList',
            {
              Path: g.path,
              GroupName: g.name,
              GroupId: g.groupId,
              Arn: g.arn,
              CreateDate: new Date(g.createdAt),
              GroupPolicyList: await inlineList(store, accountId, 'group', g.name),
              AttachedManagedPolicies: await attachedList(store, accountId, 'group', g.name),
            },
          ],
        });
      }
    }
    if (filter.has('Role')) {
      for (const r of await store.roles.listAll(accountId)) {
        items.push({
          key: `3${r.name.toLowerCase()}`,
          build: async () => [
            'RoleDetailList',
            {
              Path: r.path,
              RoleName: r.name,
              RoleId: r.roleId,
              Arn: r.arn,
              CreateDate: new Date(r.createdAt),
              AssumeRolePolicyDocument: urlEncodeDocument(r.trustPolicy),
              InstanceProfileList: await instanceProfilesOf(store, accountId, r.name),
              RolePolicyList: await inlineList(store, accountId, 'role', r.name),
              AttachedManagedPolicies: await attachedList(store, accountId, 'role', r.name),
              ...boundary(r.permissionsBoundaryArn),
              ...(await tags(store, accountId, 'role', r.roleId)),
              RoleLastUsed: {
                ...(r.lastUsedAt !== null ? { LastUsedDate: new Date(r.lastUsedAt) } : {}),
                ...(r.lastUsedRegion !== null ? { Region: r.lastUsedRegion } : {}),
              },
            },
          ],
        });
      }
    }
    const policies: ManagedPolicyRecord[] = [];
    if (filter.has('LocalManagedPolicy')) policies.push(...(await store.managedPolicies.listLocal(accountId)));
    if (filter.has('AWSManagedPolicy')) {
      const used = new Set((await store.policyAttachments.listAll(accountId)).map((a) => a.policyArn));
      for (const arn of (await store.policyAttachments.boundaryCounts(accountId)).keys()) used.add(arn);
      for (const arn of used) {
        if (awsManagedPolicies.get(arn) === undefined) continue;
        const policy = await store.managedPolicies.get(arn);
        if (policy !== undefined) policies.push(policy);
      }
    }
    for (const policy of policies) {
      items.push({ key: `4${policy.name.toLowerCase()}\u0000${policy.arn}`, build: async () => ['Policies', await policyDetail(store, policy, accountId)] });
    }
    const page = paginate(items, (i) => i.key, input);
    const out: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const item of page.items) {
      const [list, detail] = await item.build();
      out[list]!.push(detail);
    }
    return { ...out, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
  },
});

/** Account-wide authorization details. */
export const authorizationDetailsOperations: Operation[] = [GetAccountAuthorizationDetails];
