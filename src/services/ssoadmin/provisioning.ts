import { randomUUID } from 'node:crypto';
import type { SsoRequestRecord } from '../../store/index.js';
import { defineOperation, type Operation } from '../operation.js';
import { provisionPermissionSet } from '../shared/index.js';
import { accountResource, adminNeeds, adminScope, checkDelegatedReach, pageOf, requirePermissionSet } from './ssoAdminScope.js';
import { ssoAdminErrors } from './ssoAdminErrors.js';

/**
 * Provisioning a permission set again, and what is provisioned where.
 *
 * AWS: SSO Admin API reference, ProvisionPermissionSet — "The pass-through of the permission set
 * to the accounts": to one account (AWS_ACCOUNT) or to every account it is provisioned to
 * (ALL_PROVISIONED_ACCOUNTS), bringing each role up to the set's latest policies, boundary and
 * session duration. Gatehouse provisions within the call; the request's status is final at once.
 */

function provisioningStatus(request: SsoRequestRecord): Record<string, unknown> {
  return {
    Status: request.status,
    RequestId: request.requestId,
    ...(request.details['AccountId'] !== undefined ? { AccountId: request.details['AccountId'] } : {}),
    PermissionSetArn: request.details['PermissionSetArn'],
    ...(request.failureReason !== null ? { FailureReason: request.failureReason } : {}),
    CreatedDate: new Date(request.createdAt),
  };
}

export const ProvisionPermissionSet = defineOperation<{
  InstanceArn: string;
  PermissionSetArn: string;
  TargetId?: string;
  TargetType: 'AWS_ACCOUNT' | 'ALL_PROVISIONED_ACCOUNTS';
}>({
  service: 'sso-admin',
  name: 'ProvisionPermissionSet',
  readOnly: false,
  authorize: (input, ctx) =>
    adminNeeds('ProvisionPermissionSet', ctx, [
      input.InstanceArn,
      input.PermissionSetArn,
      input.TargetId === undefined ? '*' : accountResource(input.TargetId),
    ]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
    let accounts: string[];
    if (input.TargetType === 'AWS_ACCOUNT') {
      if (input.TargetId === undefined) throw ssoAdminErrors.validation('TargetId is required when TargetType is AWS_ACCOUNT.');
      await checkDelegatedReach(ctx, scope, input.TargetId);
      accounts = [input.TargetId];
    } else {
      if (input.TargetId !== undefined) throw ssoAdminErrors.validation('TargetId must not be given when TargetType is ALL_PROVISIONED_ACCOUNTS.');
      await checkDelegatedReach(ctx, scope, undefined, set);
      accounts = (await ctx.store.permissionSets.listProvisioned(scope.instance.instanceId, { permissionSetId: set.permissionSetId })).map((p) => p.accountId);
    }
    let failure: string | undefined;
    for (const accountId of accounts) {
      const outcome = await provisionPermissionSet(ctx, scope.instance, set, accountId);
      if (!outcome.ok) failure ??= outcome.reason;
    }
    const request: SsoRequestRecord = {
      requestId: randomUUID(),
      instanceId: scope.instance.instanceId,
      kind: 'PROVISIONING',
      status: failure === undefined ? 'SUCCEEDED' : 'FAILED',
      failureReason: failure ?? null,
      details: { PermissionSetArn: set.arn, ...(input.TargetId !== undefined ? { AccountId: input.TargetId } : {}) },
      createdAt: ctx.now.toISOString(),
    };
    await ctx.store.permissionSets.createRequest(request);
    return { PermissionSetProvisioningStatus: provisioningStatus(request) };
  },
});

export const DescribePermissionSetProvisioningStatus = defineOperation<{ InstanceArn: string; ProvisionPermissionSetRequestId: string }>({
  service: 'sso-admin',
  name: 'DescribePermissionSetProvisioningStatus',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('DescribePermissionSetProvisioningStatus', ctx, [input.InstanceArn]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const request = await ctx.store.permissionSets.getRequest(scope.instance.instanceId, input.ProvisionPermissionSetRequestId);
    if (request === undefined || request.kind !== 'PROVISIONING')
      throw ssoAdminErrors.notFound(`Could not find request ${input.ProvisionPermissionSetRequestId}.`);
    return { PermissionSetProvisioningStatus: provisioningStatus(request) };
  },
});

export const ListPermissionSetProvisioningStatus = defineOperation<{
  InstanceArn: string;
  MaxResults?: number;
  NextToken?: string;
  Filter?: { Status?: string };
}>({
  service: 'sso-admin',
  name: 'ListPermissionSetProvisioningStatus',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('ListPermissionSetProvisioningStatus', ctx, [input.InstanceArn]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const requests = (await ctx.store.permissionSets.listRequests(scope.instance.instanceId, 'PROVISIONING')).filter(
      (r) => input.Filter?.Status === undefined || r.status === input.Filter.Status,
    );
    const page = pageOf(requests, input);
    return {
      PermissionSetsProvisioningStatus: page.items.map((r) => ({ Status: r.status, RequestId: r.requestId, CreatedDate: new Date(r.createdAt) })),
      ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}),
    };
  },
});

type ProvisioningFilter = 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED';

/** AWS: the accounts a permission set is provisioned to; by ProvisioningStatus, those up to date or those behind its latest change. */
export const ListAccountsForProvisionedPermissionSet = defineOperation<{
  InstanceArn: string;
  PermissionSetArn: string;
  ProvisioningStatus?: ProvisioningFilter;
  MaxResults?: number;
  NextToken?: string;
}>({
  service: 'sso-admin',
  name: 'ListAccountsForProvisionedPermissionSet',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('ListAccountsForProvisionedPermissionSet', ctx, [input.InstanceArn, input.PermissionSetArn]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
    const provisioned = (await ctx.store.permissionSets.listProvisioned(scope.instance.instanceId, { permissionSetId: set.permissionSetId })).filter(
      (p) => input.ProvisioningStatus === undefined || (input.ProvisioningStatus === 'LATEST_PERMISSION_SET_PROVISIONED') === p.version >= set.version,
    );
    const page = pageOf(
      provisioned.map((p) => p.accountId),
      input,
    );
    return { AccountIds: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const ListPermissionSetsProvisionedToAccount = defineOperation<{
  InstanceArn: string;
  AccountId: string;
  ProvisioningStatus?: ProvisioningFilter;
  MaxResults?: number;
  NextToken?: string;
}>({
  service: 'sso-admin',
  name: 'ListPermissionSetsProvisionedToAccount',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('ListPermissionSetsProvisionedToAccount', ctx, [input.InstanceArn, accountResource(input.AccountId)]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const sets = new Map((await ctx.store.permissionSets.list(scope.instance.instanceId)).map((s) => [s.permissionSetId, s]));
    const arns: string[] = [];
    for (const p of await ctx.store.permissionSets.listProvisioned(scope.instance.instanceId, { accountId: input.AccountId })) {
      const set = sets.get(p.permissionSetId);
      if (set === undefined) continue;
      if (input.ProvisioningStatus !== undefined && (input.ProvisioningStatus === 'LATEST_PERMISSION_SET_PROVISIONED') !== p.version >= set.version) continue;
      arns.push(set.arn);
    }
    const page = pageOf(arns, input);
    return { PermissionSets: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const provisioningOperations: Operation[] = [
  ProvisionPermissionSet,
  DescribePermissionSetProvisioningStatus,
  ListPermissionSetProvisioningStatus,
  ListAccountsForProvisionedPermissionSet,
  ListPermissionSetsProvisionedToAccount,
];
