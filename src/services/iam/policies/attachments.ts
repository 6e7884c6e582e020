import { ServiceError } from '../../../errors.js';
import { isReservedSsoRole } from '../../shared/index.js';
import type { PrincipalKind } from '../../../store/index.js';
import { defineOperation } from '../../operation.js';
import type { Operation, OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import {
  boundaryContext,
  findHolder,
  findPolicy,
  holderArnGuess,
  policyNeed,
  policyNotAttachable,
  policyNotFound,
  requireHolder,
  requirePolicy,
  requirePolicyArn,
  underPath,
} from './managedPolicyRecords.js';
import { paginate } from '../paging.js';
import type { PolicyHolder } from './managedPolicyRecords.js';

type Label = 'User' | 'Group' | 'Role';

const LABEL: Readonly<Record<PrincipalKind, Label>> = { user: 'User', group: 'Group', role: 'Role' };

/** AWS: IAM quotas — "Cannot exceed quota for PoliciesPerUser: 10" (and PoliciesPerGroup, PoliciesPerRole). */
function attachQuota(ctx: OperationContext, kind: PrincipalKind): number {
  return kind === 'user' ? ctx.quotas.managedPoliciesPerUser : kind === 'group' ? ctx.quotas.managedPoliciesPerGroup : ctx.quotas.managedPoliciesPerRole;
}

/**
 * AWS: service-linked roles (path `/aws-service-role/`) are only modifiable by their service
 * (UnmodifiableEntity, "Cannot perform the operation on the protected role 'X' - this role is only
 * modifiable by AWS").
 */
export function refuseProtectedRole(holder: PolicyHolder): void {
  // AWS: service-linked roles, and the roles IAM Identity Center provisions, change only through their service.
  if (holder.kind === 'role' && (holder.path.startsWith('/aws-service-role/') || isReservedSsoRole(holder))) {
    throw new ServiceError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${holder.name}' - this role is only modifiable by AWS`);
  }
}

/**
 * The need of an action on a user, group or role named in the input, with extra keys and (for
 * actions that support the key) `iam:PermissionsBoundary`, the entity's current boundary.
 */
export async function holderNeed(
  action: string,
  kind: PrincipalKind,
  name: string,
  ctx: OperationContext,
  extra: Record<string, string> = {},
  withBoundary = true,
) {
  const holder = await findHolder(ctx.store, ctx.principal.accountId, kind, name);
  const arn = holder?.arn ?? holderArnGuess(ctx.principal.accountId, kind, name);
  const context = { ...(kind === 'group' || !withBoundary ? {} : boundaryContext(holder)), ...extra };
  return iamNeed(action, arn, Object.keys(context).length === 0 ? undefined : context);
}

function attach(kind: PrincipalKind): Operation {
  const action = `Attach${LABEL[kind]}Policy`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, string>>({
    service: 'iam',
    name: action,
    readOnly: false,
    authorize: (input, ctx) => holderNeed(action, kind, input[member]!, ctx, { 'iam:PolicyARN': input.PolicyArn! }),
    handle: async (input, ctx) => {
      const accountId = ctx.principal.accountId;
      const holder = await requireHolder(ctx.store, accountId, kind, input[member]!);
      refuseProtectedRole(holder);
      const arn = input.PolicyArn!;
      requirePolicyArn(arn);
      const policy = await findPolicy(ctx.store, accountId, arn);
      if (policy === undefined || !policy.isAttachable) throw policyNotAttachable(arn);
      const attached = await ctx.store.policyAttachments.listFor(accountId, kind, holder.name);
      if (attached.includes(arn)) return {};
      const quota = attachQuota(ctx, kind);
      if (attached.length >= quota) throw iamErrors.limitExceeded(`PoliciesPer${LABEL[kind]}`, quota);
      await ctx.store.policyAttachments.attach(accountId, kind, holder.name, arn);
      return {};
    },
  });
}

function detach(kind: PrincipalKind): Operation {
  const action = `Detach${LABEL[kind]}Policy`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, string>>({
    service: 'iam',
    name: action,
    readOnly: false,
    authorize: (input, ctx) => holderNeed(action, kind, input[member]!, ctx, { 'iam:PolicyARN': input.PolicyArn! }),
    handle: async (input, ctx) => {
      const accountId = ctx.principal.accountId;
      const holder = await requireHolder(ctx.store, accountId, kind, input[member]!);
      refuseProtectedRole(holder);
      requirePolicyArn(input.PolicyArn!);
      if (!(await ctx.store.policyAttachments.detach(accountId, kind, holder.name, input.PolicyArn!))) throw policyNotFound(input.PolicyArn!);
      return {};
    },
  });
}

function listAttached(kind: PrincipalKind): Operation {
  const action = `ListAttached${LABEL[kind]}Policies`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, unknown>>({
    service: 'iam',
    name: action,
    readOnly: true,
    authorize: (input, ctx) => holderNeed(action, kind, input[member] as string, ctx, {}, false),
    handle: async (input, ctx) => {
      const accountId = ctx.principal.accountId;
      const holder = await requireHolder(ctx.store, accountId, kind, input[member] as string);
      const policies = [];
      for (const arn of await ctx.store.policyAttachments.listFor(accountId, kind, holder.name)) {
        const policy = await ctx.store.managedPolicies.get(arn);
        if (policy !== undefined && underPath(policy.path, input.PathPrefix)) policies.push(policy);
      }
      const page = paginate(policies, (p) => `${p.name.toLowerCase()}\u0000${p.arn}`, input);
      return {
        AttachedPolicies: page.items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })),
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
      };
    },
  });
}

interface ListEntitiesInput {
  PolicyArn: string;
  EntityFilter?: string;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
}

/** AWS: ListEntitiesForPolicy — the users, groups and roles a policy is attached to (or bounds). */
export const ListEntitiesForPolicy = defineOperation<ListEntitiesInput>({
  service: 'iam',
  name: 'ListEntitiesForPolicy',
  readOnly: true,
  authorize: (input, ctx) => policyNeed('ListEntitiesForPolicy', input.PolicyArn, ctx, false),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const policy = await requirePolicy(ctx.store, accountId, input.PolicyArn);
    const refs: { kind: PrincipalKind; name: string }[] = [];
    if (input.PolicyUsageFilter !== 'PermissionsBoundary') refs.push(...(await ctx.store.policyAttachments.listForPolicy(accountId, policy.arn)));
    if (input.PolicyUsageFilter !== 'PermissionsPolicy') refs.push(...(await ctx.store.policyAttachments.boundaryUses(accountId, policy.arn)));
    const wanted = input.EntityFilter === undefined ? undefined : input.EntityFilter.toLowerCase();
    const holders = new Map<string, PolicyHolder>();
    for (const ref of refs) {
      if (wanted !== undefined && wanted !== ref.kind) continue;
      const holder = await findHolder(ctx.store, accountId, ref.kind, ref.name);
      if (holder !== undefined && underPath(holder.path, input.PathPrefix)) holders.set(`${ref.kind}/${holder.name.toLowerCase()}`, holder);
    }
    const order = { group: '1', user: '2', role: '3' } as const;
    const page = paginate([...holders.values()], (h) => `${order[h.kind]}${h.name.toLowerCase()}`, input);
    const of = (kind: PrincipalKind) => page.items.filter((h) => h.kind === kind);
    return {
      PolicyGroups: of('group').map((h) => ({ GroupName: h.name, GroupId: h.id })),
      PolicyUsers: of('user').map((h) => ({ UserName: h.name, UserId: h.id })),
      PolicyRoles: of('role').map((h) => ({ RoleName: h.name, RoleId: h.id })),
      IsTruncated: page.IsTruncated,
      ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
    };
  },
});

/** Managed policy attachment operations. */
export const attachmentOperations: Operation[] = [
  ...(['user', 'group', 'role'] as const).flatMap((kind) => [attach(kind), detach(kind), listAttached(kind)]),
  ListEntitiesForPolicy,
];
