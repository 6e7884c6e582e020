import { ServiceError } from '../../../errors.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { holderNeed, refuseProtectedRole } from './attachments.js';
import { findPolicy, requireHolder, requirePolicyArn } from './managedPolicyRecords.js';

type BoundedKind = 'user' | 'role';

const LABEL: Readonly<Record<BoundedKind, 'User' | 'Role'>> = { user: 'User', role: 'Role' };

/**
 * AWS: Put{User,Role}PermissionsBoundary — the boundary must be a managed policy that exists
 * (customer managed in the account, or AWS managed); `iam:PermissionsBoundary` is the new one.
 */
function put(kind: BoundedKind): Operation {
  const action = `Put${LABEL[kind]}PermissionsBoundary`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, string>>({
    service: 'iam',
    name: action,
    readOnly: false,
    authorize: (input, ctx) => holderNeed(action, kind, input[member]!, ctx, { 'iam:PermissionsBoundary': input.PermissionsBoundary! }, false),
    handle: async (input, ctx) => {
      const accountId = ctx.principal.accountId;
      const holder = await requireHolder(ctx.store, accountId, kind, input[member]!);
      refuseProtectedRole(holder);
      const arn = input.PermissionsBoundary!;
      requirePolicyArn(arn);
      const policy = await findPolicy(ctx.store, accountId, arn);
      // AWS: "Scope ARN: arn:… does not exist or is not attachable." (NoSuchEntity, as CreateRole/CreateUser say it).
      if (policy === undefined) throw new ServiceError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
      await ctx.store.policyAttachments.setBoundary(accountId, kind, holder.name, arn);
      return {};
    },
  });
}

/** AWS: Delete{User,Role}PermissionsBoundary — `iam:PermissionsBoundary` is the boundary being removed. */
function remove(kind: BoundedKind): Operation {
  const action = `Delete${LABEL[kind]}PermissionsBoundary`;
  const member = `${LABEL[kind]}Name`;
  return defineOperation<Record<string, string>>({
    service: 'iam',
    name: action,
    readOnly: false,
    authorize: (input, ctx) => holderNeed(action, kind, input[member]!, ctx),
    handle: async (input, ctx) => {
      const holder = await requireHolder(ctx.store, ctx.principal.accountId, kind, input[member]!);
      refuseProtectedRole(holder);
      await ctx.store.policyAttachments.setBoundary(ctx.principal.accountId, kind, holder.name, null);
      return {};
    },
  });
}

/** Permissions boundary operations. */
export const boundaryOperations: Operation[] = [put('user'), remove('user'), put('role'), remove('role')];
