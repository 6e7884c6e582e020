import { randomUUID } from 'node:crypto';
import type { AssignmentPrincipalType, SsoRequestKind, SsoRequestRecord } from '../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { provisionPermissionSet, removeAssignment } from '../shared/index.js';
import { accountResource, adminNeeds, adminScope, checkDelegatedReach, pageOf, requirePermissionSet, type AdminScope } from './ssoAdminScope.js';
import { ssoAdminErrors } from './ssoAdminErrors.js';

/**
 * Account assignments: a user or group of the identity store gets a permission set in an AWS
 * account of the organization. Creating one provisions the permission set's role in the account;
 * deleting the last one of a permission set in an account deletes the role.
 *
 * AWS reports both as asynchronous requests (…CreationStatus, …DeletionStatus: IN_PROGRESS, then
 * SUCCEEDED or FAILED). Gatehouse does the work within the call and records the request already
 * finished, so its status reads SUCCEEDED (or FAILED, with AWS's FailureReason) from the first
 * response on; clients that wait for the status stop waiting at once.
 */

interface AssignmentInput {
  InstanceArn: string;
  TargetId: string;
  TargetType: 'AWS_ACCOUNT';
  PermissionSetArn: string;
  PrincipalType: AssignmentPrincipalType;
  PrincipalId: string;
}

/** A request's status as the assignment operations return it. */
function assignmentStatus(request: SsoRequestRecord): Record<string, unknown> {
  const d = request.details;
  return {
    Status: request.status,
    RequestId: request.requestId,
    ...(request.failureReason !== null ? { FailureReason: request.failureReason } : {}),
    TargetId: d['TargetId'],
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: d['PermissionSetArn'],
    PrincipalType: d['PrincipalType'],
    PrincipalId: d['PrincipalId'],
    CreatedDate: new Date(request.createdAt),
  };
}

async function record(
  ctx: OperationContext,
  scope: AdminScope,
  kind: SsoRequestKind,
  details: Record<string, string>,
  failure?: string,
): Promise<SsoRequestRecord> {
  const request: SsoRequestRecord = {
    requestId: randomUUID(),
    instanceId: scope.instance.instanceId,
    kind,
    status: failure === undefined ? 'SUCCEEDED' : 'FAILED',
    failureReason: failure ?? null,
    details,
    createdAt: ctx.now.toISOString(),
  };
  await ctx.store.permissionSets.createRequest(request);
  return request;
}

function assignmentNeeds(action: string) {
  return (input: AssignmentInput, ctx: OperationContext) =>
    adminNeeds(action, ctx, [input.InstanceArn, input.PermissionSetArn, accountResource(input.TargetId)]);
}

/** The principal an assignment names must be in the instance's identity store. */
async function checkPrincipal(ctx: OperationContext, scope: AdminScope, type: AssignmentPrincipalType, id: string): Promise<void> {
  const store = scope.instance.identityStoreId;
  const found = type === 'USER' ? await ctx.store.identityStore.getUser(store, id) : await ctx.store.identityStore.getGroup(store, id);
  if (found === undefined) throw ssoAdminErrors.notFound(`${type === 'USER' ? 'User' : 'Group'} ${id} does not exist in the identity store.`);
}

/**
 * AWS: CreateAccountAssignment — provisions the permission set to the account (its role, with the
 * set's latest policies) and assigns it. An account outside the instance's organization, a
 * customer managed policy missing there, or the account's role quota make the request FAILED,
 * and no assignment is made. An account instance cannot give access to AWS accounts.
 */
export const CreateAccountAssignment = defineOperation<AssignmentInput>({
  service: 'sso-admin',
  name: 'CreateAccountAssignment',
  readOnly: false,
  authorize: assignmentNeeds('CreateAccountAssignment'),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    if (scope.instance.organizationId === null)
      throw ssoAdminErrors.validation('An account instance of IAM Identity Center cannot assign access to AWS accounts.');
    const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
    await checkDelegatedReach(ctx, scope, input.TargetId);
    await checkPrincipal(ctx, scope, input.PrincipalType, input.PrincipalId);
    const details = {
      TargetId: input.TargetId,
      PermissionSetArn: set.arn,
      PrincipalType: input.PrincipalType,
      PrincipalId: input.PrincipalId,
    };
    const outcome = await provisionPermissionSet(ctx, scope.instance, set, input.TargetId);
    if (!outcome.ok) return { AccountAssignmentCreationStatus: assignmentStatus(await record(ctx, scope, 'ASSIGNMENT_CREATION', details, outcome.reason)) };
    await ctx.store.permissionSets.createAssignment({
      instanceId: scope.instance.instanceId,
      permissionSetId: set.permissionSetId,
      accountId: input.TargetId,
      principalType: input.PrincipalType,
      principalId: input.PrincipalId,
      createdAt: ctx.now.toISOString(),
    });
    return { AccountAssignmentCreationStatus: assignmentStatus(await record(ctx, scope, 'ASSIGNMENT_CREATION', details)) };
  },
});

/**
 * AWS: DeleteAccountAssignment — removes the assignment; when it was the permission set's last in
 * the account, the role is deleted there. Sessions already issued last until they expire; new
 * role credentials are refused at once (the portal checks assignments on every call).
 */
export const DeleteAccountAssignment = defineOperation<AssignmentInput>({
  service: 'sso-admin',
  name: 'DeleteAccountAssignment',
  readOnly: false,
  authorize: assignmentNeeds('DeleteAccountAssignment'),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
    await checkDelegatedReach(ctx, scope, input.TargetId);
    const details = {
      TargetId: input.TargetId,
      PermissionSetArn: set.arn,
      PrincipalType: input.PrincipalType,
      PrincipalId: input.PrincipalId,
    };
    await removeAssignment(ctx.store, scope.instance, {
      permissionSetId: set.permissionSetId,
      accountId: input.TargetId,
      principalType: input.PrincipalType,
      principalId: input.PrincipalId,
    });
    return { AccountAssignmentDeletionStatus: assignmentStatus(await record(ctx, scope, 'ASSIGNMENT_DELETION', details)) };
  },
});

function describeStatus(name: string, kind: SsoRequestKind, idMember: string, outMember: string): Operation {
  return defineOperation<Record<string, string>>({
    service: 'sso-admin',
    name,
    readOnly: true,
    authorize: (input, ctx) => adminNeeds(name, ctx, [input['InstanceArn']!]),
    handle: async (input, ctx) => {
      const scope = await adminScope(ctx, input['InstanceArn']!);
      const request = await ctx.store.permissionSets.getRequest(scope.instance.instanceId, input[idMember]!);
      if (request === undefined || request.kind !== kind) throw ssoAdminErrors.notFound(`Could not find request ${input[idMember]}.`);
      return { [outMember]: assignmentStatus(request) };
    },
  });
}

function listStatus(name: string, kind: SsoRequestKind, outMember: string): Operation {
  return defineOperation<{ InstanceArn: string; MaxResults?: number; NextToken?: string; Filter?: { Status?: string } }>({
    service: 'sso-admin',
    name,
    readOnly: true,
    authorize: (input, ctx) => adminNeeds(name, ctx, [input.InstanceArn]),
    handle: async (input, ctx) => {
      const scope = await adminScope(ctx, input.InstanceArn);
      const requests = (await ctx.store.permissionSets.listRequests(scope.instance.instanceId, kind)).filter(
        (r) => input.Filter?.Status === undefined || r.status === input.Filter.Status,
      );
      const page = pageOf(requests, input);
      return {
        [outMember]: page.items.map((r) => ({ Status: r.status, RequestId: r.requestId, CreatedDate: new Date(r.createdAt) })),
        ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}),
      };
    },
  });
}

export const ListAccountAssignments = defineOperation<{
  InstanceArn: string;
  AccountId: string;
  PermissionSetArn: string;
  MaxResults?: number;
  NextToken?: string;
}>({
  service: 'sso-admin',
  name: 'ListAccountAssignments',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('ListAccountAssignments', ctx, [input.InstanceArn, input.PermissionSetArn, accountResource(input.AccountId)]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const set = await requirePermissionSet(ctx, scope.instance, input.PermissionSetArn);
    const assignments = await ctx.store.permissionSets.listAssignments(scope.instance.instanceId, {
      permissionSetId: set.permissionSetId,
      accountId: input.AccountId,
    });
    const page = pageOf(assignments, input);
    return {
      AccountAssignments: page.items.map((a) => ({
        AccountId: a.accountId,
        PermissionSetArn: set.arn,
        PrincipalType: a.principalType,
        PrincipalId: a.principalId,
      })),
      ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}),
    };
  },
});

/** AWS: ListAccountAssignmentsForPrincipal — a user's or group's own assignments (not a user's through its groups). */
export const ListAccountAssignmentsForPrincipal = defineOperation<{
  InstanceArn: string;
  PrincipalId: string;
  PrincipalType: AssignmentPrincipalType;
  Filter?: { AccountId?: string };
  MaxResults?: number;
  NextToken?: string;
}>({
  service: 'sso-admin',
  name: 'ListAccountAssignmentsForPrincipal',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('ListAccountAssignmentsForPrincipal', ctx, [input.InstanceArn]),
  handle: async (input, ctx) => {
    const scope = await adminScope(ctx, input.InstanceArn);
    const assignments = await ctx.store.permissionSets.listAssignments(scope.instance.instanceId, {
      principalType: input.PrincipalType,
      principalId: input.PrincipalId,
      ...(input.Filter?.AccountId !== undefined ? { accountId: input.Filter.AccountId } : {}),
    });
    const sets = new Map((await ctx.store.permissionSets.list(scope.instance.instanceId)).map((s) => [s.permissionSetId, s.arn]));
    const page = pageOf(assignments, input);
    return {
      AccountAssignments: page.items.map((a) => ({
        AccountId: a.accountId,
        PermissionSetArn: sets.get(a.permissionSetId),
        PrincipalId: a.principalId,
        PrincipalType: a.principalType,
      })),
      ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}),
    };
  },
});

export const assignmentOperations: Operation[] = [
  CreateAccountAssignment,
  DeleteAccountAssignment,
  describeStatus('DescribeAccountAssignmentCreationStatus', 'ASSIGNMENT_CREATION', 'AccountAssignmentCreationRequestId', 'AccountAssignmentCreationStatus'),
  describeStatus('DescribeAccountAssignmentDeletionStatus', 'ASSIGNMENT_DELETION', 'AccountAssignmentDeletionRequestId', 'AccountAssignmentDeletionStatus'),
  listStatus('ListAccountAssignmentCreationStatus', 'ASSIGNMENT_CREATION', 'AccountAssignmentsCreationStatus'),
  listStatus('ListAccountAssignmentDeletionStatus', 'ASSIGNMENT_DELETION', 'AccountAssignmentsDeletionStatus'),
  ListAccountAssignments,
  ListAccountAssignmentsForPrincipal,
];
