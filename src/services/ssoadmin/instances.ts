import type { SsoInstanceRecord, SsoTag } from '../../store/index.js';
import { defineOperation, type Operation } from '../operation.js';
import { createIdentityCenterInstance, findCallerScope, instancesOf, requestTagContext } from '../shared/index.js';
import { adminNeeds, adminScope, pageOf } from './ssoAdminScope.js';
import { ssoAdminErrors } from './ssoAdminErrors.js';
import { checkTags } from './ssoTags.js';

/** An instance as DescribeInstance and ListInstances return it. */
function instanceOutput(instance: SsoInstanceRecord): Record<string, unknown> {
  return {
    InstanceArn: instance.arn,
    IdentityStoreId: instance.identityStoreId,
    OwnerAccountId: instance.ownerAccountId,
    ...(instance.name !== null ? { Name: instance.name } : {}),
    CreatedDate: new Date(instance.createdAt),
    Status: instance.status,
  };
}

/**
 * AWS: SSO Admin API reference, CreateInstance — an account instance for a standalone account or
 * a member account of an organization; refused in an organization's management account (whose
 * instance is the organization's: Gatehouse creates it when the organization enables trusted
 * access for `sso.amazonaws.com`) and in an account that already has an instance.
 */
export const CreateInstance = defineOperation<{ Name?: string; ClientToken?: string; Tags?: SsoTag[] }>({
  service: 'sso-admin',
  name: 'CreateInstance',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('CreateInstance', ctx, ['*'], requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const scope = await findCallerScope(ctx);
    if (scope?.isManagement === true) {
      throw ssoAdminErrors.validation(
        'An account instance of IAM Identity Center cannot be created in the management account of an organization. Enable the organization instance instead.',
      );
    }
    if ((await ctx.store.ssoInstances.byOwner(accountId)) !== undefined) {
      throw ssoAdminErrors.conflict('An instance of IAM Identity Center already exists in this account.');
    }
    checkTags(input.Tags ?? []);
    const instance = await createIdentityCenterInstance(ctx.store, ctx.now, {
      ownerAccountId: accountId,
      organizationId: null,
      name: input.Name ?? null,
      tags: input.Tags ?? [],
    });
    return { InstanceArn: instance.arn };
  },
});

export const DescribeInstance = defineOperation<{ InstanceArn: string }>({
  service: 'sso-admin',
  name: 'DescribeInstance',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('DescribeInstance', ctx, [input.InstanceArn]),
  handle: async (input, ctx) => instanceOutput((await adminScope(ctx, input.InstanceArn)).instance),
});

/** AWS: ListInstances — the caller's own instance, and its organization's when it is the delegated administrator. */
export const ListInstances = defineOperation<{ MaxResults?: number; NextToken?: string }>({
  service: 'sso-admin',
  name: 'ListInstances',
  readOnly: true,
  authorize: (_input, ctx) => adminNeeds('ListInstances', ctx, ['*']),
  handle: async (input, ctx) => {
    const page = pageOf(await instancesOf(ctx.store, ctx.principal.accountId), input, 10);
    return { Instances: page.items.map(instanceOutput), ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const UpdateInstance = defineOperation<{ InstanceArn: string; Name: string }>({
  service: 'sso-admin',
  name: 'UpdateInstance',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('UpdateInstance', ctx, [input.InstanceArn]),
  handle: async (input, ctx) => {
    const { instance, role } = await adminScope(ctx, input.InstanceArn);
    if (role !== 'owner') throw ssoAdminErrors.accessDenied('Only the account that owns the instance can update it.');
    await ctx.store.ssoInstances.update(instance.instanceId, { name: input.Name });
    return {};
  },
});

/**
 * AWS: DeleteInstance — account instances only (an organization instance is deleted from the
 * console of the management account); everything in the identity store goes with it.
 */
export const DeleteInstance = defineOperation<{ InstanceArn: string }>({
  service: 'sso-admin',
  name: 'DeleteInstance',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('DeleteInstance', ctx, [input.InstanceArn]),
  handle: async (input, ctx) => {
    const { instance, role } = await adminScope(ctx, input.InstanceArn);
    if (role !== 'owner') throw ssoAdminErrors.accessDenied('Only the account that owns the instance can delete it.');
    if (instance.organizationId !== null) throw ssoAdminErrors.validation('An organization instance cannot be deleted with DeleteInstance.');
    const store = ctx.store.identityStore;
    for (
      let page = await store.listUsers(instance.identityStoreId, { limit: 1000 });
      ;
      page = await store.listUsers(instance.identityStoreId, { limit: 1000 })
    ) {
      for (const user of page.items) await store.deleteUser(instance.identityStoreId, user.userId);
      if (page.last === undefined) break;
    }
    for (
      let page = await store.listGroups(instance.identityStoreId, { limit: 1000 });
      ;
      page = await store.listGroups(instance.identityStoreId, { limit: 1000 })
    ) {
      for (const group of page.items) await store.deleteGroup(instance.identityStoreId, group.groupId);
      if (page.last === undefined) break;
    }
    for (const set of await ctx.store.permissionSets.list(instance.instanceId)) await ctx.store.permissionSets.delete(instance.instanceId, set.permissionSetId);
    await ctx.store.ssoInstances.delete(instance.instanceId);
    return {};
  },
});

export const instanceOperations: Operation[] = [CreateInstance, DescribeInstance, ListInstances, UpdateInstance, DeleteInstance];
