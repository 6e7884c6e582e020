import { ServiceError } from '../../../errors.js';
import { policySize } from '../../../policy/index.js';
import type { PrincipalKind } from '../../../store/index.js';
import { defineOperation } from '../../operation.js';
import type { Operation, OperationContext } from '../../operation.js';
import { holderNeed, refuseProtectedRole } from './attachments.js';
import { checkIdentityDocument, requireHolder, urlEncodeDocument } from './managedPolicyRecords.js';
import { paginate } from '../paging.js';

type Label = 'User' | 'Group' | 'Role';

const LABEL: Readonly<Record<PrincipalKind, Label>> = { user: 'User', group: 'Group', role: 'Role' };

/** The grammar runs without a per-document limit: inline policies count against the entity's aggregate. */
const GRAMMAR_ONLY = Number.MAX_SAFE_INTEGER;

function aggregateQuota(ctx: OperationContext, kind: PrincipalKind): number {
  return kind === 'user' ? ctx.quotas.userInlinePolicySize : kind === 'group' ? ctx.quotas.groupInlinePolicySize : ctx.quotas.roleInlinePolicySize;
}

/** AWS: "The user policy with name X cannot be found." (NoSuchEntity; group and role alike). */
function inlineNotFound(kind: PrincipalKind, policyName: string): ServiceError {
  return new ServiceError('NoSuchEntity', `The ${kind} policy with name ${policyName} cannot be found.`);
}

/** Only the actions that support `iam:PermissionsBoundary` (Put/Delete on users and roles) carry it. */
function need(action: string, kind: PrincipalKind, name: string, ctx: OperationContext, withBoundary: boolean) {
  return holderNeed(action, kind, name, ctx, {}, withBoundary);
}

function put(kind: PrincipalKind): Operation {
  const action = `Put${LABEL[kind]}Policy`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, string>>({
    service: 'iam',
    name: action,
    readOnly: false,
    authorize: (input, ctx) => need(action, kind, input[member]!, ctx, true),
    handle: async (input, ctx) => {
      const accountId = ctx.principal.accountId;
      const holder = await requireHolder(ctx.store, accountId, kind, input[member]!);
      refuseProtectedRole(holder);
      const document = input.PolicyDocument!;
      const policyName = input.PolicyName!;
      checkIdentityDocument(document, GRAMMAR_ONLY);
      // AWS: IAM quotas — the aggregate size of an entity's inline policies (white space not counted).
      const quota = aggregateQuota(ctx, kind);
      let size = policySize(document, false);
      for (const other of await ctx.store.inlinePolicies.list(accountId, kind, holder.name)) {
        if (other.policyName !== policyName) size += policySize(other.document, false);
      }
      if (size > quota) throw new ServiceError('LimitExceeded', `Maximum policy size of ${quota} bytes exceeded for ${kind} ${holder.name}`);
      await ctx.store.inlinePolicies.put(accountId, kind, holder.name, policyName, document);
      return {};
    },
  });
}

function get(kind: PrincipalKind): Operation {
  const action = `Get${LABEL[kind]}Policy`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, string>>({
    service: 'iam',
    name: action,
    readOnly: true,
    authorize: (input, ctx) => need(action, kind, input[member]!, ctx, false),
    handle: async (input, ctx) => {
      const holder = await requireHolder(ctx.store, ctx.principal.accountId, kind, input[member]!);
      const policy = await ctx.store.inlinePolicies.get(ctx.principal.accountId, kind, holder.name, input.PolicyName!);
      if (policy === undefined) throw inlineNotFound(kind, input.PolicyName!);
      return { [member]: holder.name, PolicyName: policy.policyName, PolicyDocument: urlEncodeDocument(policy.document) };
    },
  });
}

function remove(kind: PrincipalKind): Operation {
  const action = `Delete${LABEL[kind]}Policy`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, string>>({
    service: 'iam',
    name: action,
    readOnly: false,
    authorize: (input, ctx) => need(action, kind, input[member]!, ctx, true),
    handle: async (input, ctx) => {
      const holder = await requireHolder(ctx.store, ctx.principal.accountId, kind, input[member]!);
      refuseProtectedRole(holder);
      if (!(await ctx.store.inlinePolicies.delete(ctx.principal.accountId, kind, holder.name, input.PolicyName!))) {
        throw inlineNotFound(kind, input.PolicyName!);
      }
      return {};
    },
  });
}

function list(kind: PrincipalKind): Operation {
  const action = `List${LABEL[kind]}Policies`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, unknown>>({
    service: 'iam',
    name: action,
    readOnly: true,
    authorize: (input, ctx) => need(action, kind, input[member] as string, ctx, false),
    handle: async (input, ctx) => {
      const holder = await requireHolder(ctx.store, ctx.principal.accountId, kind, input[member] as string);
      const policies = await ctx.store.inlinePolicies.list(ctx.principal.accountId, kind, holder.name);
      const page = paginate(policies, (p) => p.policyName, input);
      return { PolicyNames: page.items.map((p) => p.policyName), IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
    },
  });
}

/** Inline policy operations of users, groups and roles. */
export const inlinePolicyOperations: Operation[] = (['user', 'group', 'role'] as const).flatMap((kind) => [put(kind), get(kind), remove(kind), list(kind)]);
