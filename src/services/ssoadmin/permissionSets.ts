import { randomBytes } from 'node:crypto';
import type { PermissionSetRecord, SsoTag } from '../../store/index.js';
import { defineOperation, type Operation } from '../operation.js';
import { deprovisionPermissionSet, durationSeconds, permissionSetArn, requestTagContext } from '../shared/index.js';
import { adminNeeds, adminScope, checkDelegatedReach, pageOf, requirePermissionSet } from './ssoAdminScope.js';
import { ssoAdminErrors } from './ssoAdminErrors.js';
import { checkTags } from './ssoTags.js';

/** AWS: IAM Identity Center quotas — 2,000 permission sets per instance. */
const MAX_PERMISSION_SETS = 2000;

/** AWS: a permission set's SessionDuration defaults to one hour. */
const DEFAULT_SESSION_DURATION = 'PT1H';

/** A permission set as CreatePermissionSet and DescribePermissionSet return it. */
export function permissionSetOutput(set: PermissionSetRecord): Record<string, unknown> {
  return {
    Name: set.name,
    PermissionSetArn: set.arn,
    ...(set.description !== null ? { Description: set.description } : {}),
    CreatedDate: new Date(set.createdAt),
    SessionDuration: set.sessionDuration,
    ...(set.relayState !== null ? { RelayState: set.relayState } : {}),
  };
}

/**
 * AWS: SSO Admin API reference, PermissionSet — SessionDuration "The length of time that the
 * application user sessions are valid for in the ISO-8601 standard"; the console allows 1 to 12
 * hours, as a role's MaxSessionDuration does.
 */
function checkSessionDuration(value: string): string {
  const seconds = durationSeconds(value);
  if (!(seconds >= 3600 && seconds <= 43_200)) throw ssoAdminErrors.validation('Session duration must be between PT1H (1 hour) and PT12H (12 hours).');
  return value;
}

/** AWS: CreatePermissionSet — a name unique in the instance ("PermissionSet with name X already exists."). */
export const CreatePermissionSet = defineOperation<{
  InstanceArn: string;
  Name: string;
  Description?: string;
  SessionDuration?: string;
  RelayState?: string;
  Tags?: SsoTag[];
}>({
  service: 'sso-admin',
  name: 'CreatePermissionSet',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('CreatePermissionSet', ctx, [input.InstanceArn, '*'], requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const { instance } = await adminScope(ctx, input.InstanceArn);
    const sessionDuration = checkSessionDuration(input.SessionDuration ?? DEFAULT_SESSION_DURATION);
    checkTags(input.Tags ?? []);
    if ((await ctx.store.permissionSets.byName(instance.instanceId, input.Name)) !== undefined) {
      throw ssoAdminErrors.conflict(`PermissionSet with name ${input.Name} already exists.`);
    }
    if ((await ctx.store.permissionSets.list(instance.instanceId)).length >= MAX_PERMISSION_SETS) {
      throw ssoAdminErrors.quota(`An instance can have at most ${MAX_PERMISSION_SETS} permission sets.`);
    }
    const permissionSetId = `ps-${randomBytes(8).toString('hex')}`;
    const set = await ctx.store.permissionSets.create({
      instanceId: instance.instanceId,
      permissionSetId,
      arn: permissionSetArn(instance.instanceId, permissionSetId),
      name: input.Name,
      description: input.Description ?? null,
      sessionDuration,
      relayState: input.RelayState ?? null,
      managedPolicies: [],
      customerManagedPolicies: [],
      inlinePolicy: null,
      permissionsBoundary: null,
      tags: input.Tags ?? [],
      createdAt: ctx.now.toISOString(),
    });
    return { PermissionSet: permissionSetOutput(set) };
  },
});

export const DescribePermissionSet = defineOperation<{ InstanceArn: string; PermissionSetArn: string }>({
  service: 'sso-admin',
  name: 'DescribePermissionSet',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('DescribePermissionSet', ctx, [input.InstanceArn, input.PermissionSetArn]),
  handle: async (input, ctx) => {
    const { instance } = await adminScope(ctx, input.InstanceArn);
    return { PermissionSet: permissionSetOutput(await requirePermissionSet(ctx, instance, input.PermissionSetArn)) };
  },
});

/**
 * AWS: UpdatePermissionSet — description, session duration, relay state. A new session duration
 * reaches the roles (their MaxSessionDuration) when the set is provisioned again.
 */
export const UpdatePermissionSet = defineOperation<{
  InstanceArn: string;
  PermissionSetArn: string;
  Description?: string;
  SessionDuration?: string;
  RelayState?: string;
}>({
  service: 'sso-admin',
  name: 'UpdatePermissionSet',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('UpdatePermissionSet', ctx, [input.InstanceArn, input.PermissionSetArn]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
    await checkDelegatedReach(ctx, scope, undefined, set);
    const sessionDuration = input.SessionDuration === undefined ? undefined : checkSessionDuration(input.SessionDuration);
    await ctx.store.permissionSets.update(
      scope.instance.instanceId,
      set.permissionSetId,
      {
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(sessionDuration !== undefined ? { sessionDuration } : {}),
        ...(input.RelayState !== undefined ? { relayState: input.RelayState } : {}),
      },
      sessionDuration !== undefined && sessionDuration !== set.sessionDuration,
    );
    return {};
  },
});

/**
 * AWS: DeletePermissionSet — refused while accounts are assigned it ("Could not delete because
 * PermissionSet has ApplicationProfile associated with it.", ConflictException); a role it still
 * has in an account is deleted with it.
 */
export const DeletePermissionSet = defineOperation<{ InstanceArn: string; PermissionSetArn: string }>({
  service: 'sso-admin',
  name: 'DeletePermissionSet',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('DeletePermissionSet', ctx, [input.InstanceArn, input.PermissionSetArn]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
    await checkDelegatedReach(ctx, scope, undefined, set);
    const assigned = await ctx.store.permissionSets.listAssignments(scope.instance.instanceId, { permissionSetId: set.permissionSetId });
    if (assigned.length > 0) throw ssoAdminErrors.conflict('Could not delete because PermissionSet has ApplicationProfile associated with it.');
    // Roles provisioned without an assignment (ProvisionPermissionSet to an account) go with it.
    for (const p of await ctx.store.permissionSets.listProvisioned(scope.instance.instanceId, { permissionSetId: set.permissionSetId })) {
      await deprovisionPermissionSet(ctx.store, scope.instance, set.permissionSetId, p.accountId);
    }
    await ctx.store.permissionSets.delete(scope.instance.instanceId, set.permissionSetId);
    return {};
  },
});

export const ListPermissionSets = defineOperation<{ InstanceArn: string; MaxResults?: number; NextToken?: string }>({
  service: 'sso-admin',
  name: 'ListPermissionSets',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('ListPermissionSets', ctx, [input.InstanceArn]),
  handle: async (input, ctx) => {
    const { instance } = await adminScope(ctx, input.InstanceArn);
    const page = pageOf(
      (await ctx.store.permissionSets.list(instance.instanceId)).map((s) => s.arn),
      input,
    );
    return { PermissionSets: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const permissionSetOperations: Operation[] = [CreatePermissionSet, DescribePermissionSet, UpdatePermissionSet, DeletePermissionSet, ListPermissionSets];
