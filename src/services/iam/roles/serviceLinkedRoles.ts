import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../../errors.js';
import { iamArn, newUniqueId } from '../../../model/index.js';
import { awsManagedPolicies } from '../../../store/index.js';
import { defineOperation, type Operation } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { removeRole } from './roles.js';
import { SERVICE_ROLE_PATH_PREFIX, isServiceLinkedRole, requireRole, roleOutput, type RoleOutput } from './roleEntity.js';
import { serviceRoleNaming, type ServiceRoleNaming } from './serviceLinkedRoleNames.js';

export { assertModifiableRole, isServiceLinkedRole } from './roleEntity.js';

/** Where a deletion task's status is kept (the kv table), per account and task. */
function taskKey(accountId: string, taskId: string): string {
  return `iam:slr-deletion:${accountId}:${taskId}`;
}

/** AWS: `task/aws-service-role/<service principal>/<role name>/<task uuid>` (IAM API reference, DeleteServiceLinkedRole). */
const TASK_ID = /^task\/aws-service-role\/([^/]+)\/([^/]+)\/([^/]+)$/;

/** The trust policy AWS gives a service-linked role (as AWS writes it): only the service may assume it. */
function serviceTrustPolicy(serviceName: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: serviceName }, Action: 'sts:AssumeRole' }],
  });
}

function namingFor(serviceName: string, customSuffix: string | undefined): ServiceRoleNaming & { readonly name: string } {
  const naming = serviceRoleNaming(serviceName);
  if (naming === undefined) throw iamErrors.invalidInput(`Service name ${serviceName} is not a valid AWS service principal.`);
  if (customSuffix === undefined) return { ...naming, name: naming.roleName };
  if (!naming.allowsCustomSuffix) throw iamErrors.invalidInput(`Custom suffix is not allowed for ${serviceName}`);
  return { ...naming, name: `${naming.roleName}_${customSuffix}` };
}

/** IAM `CreateServiceLinkedRole`, as the IAM API reference defines it. */
export const CreateServiceLinkedRole = defineOperation<{ AWSServiceName: string; Description?: string; CustomSuffix?: string }, { Role: RoleOutput }>({
  service: 'iam',
  name: 'CreateServiceLinkedRole',
  readOnly: false,
  authorize: (input, ctx) => {
    const naming = serviceRoleNaming(input.AWSServiceName);
    const name = (naming?.roleName ?? 'AWSServiceRoleFor') + (input.CustomSuffix === undefined ? '' : `_${input.CustomSuffix}`);
    const arn = iamArn(ctx.principal.accountId, 'role', `${SERVICE_ROLE_PATH_PREFIX}${input.AWSServiceName}/`, name);
    return iamNeed('CreateServiceLinkedRole', arn, { 'iam:AWSServiceName': input.AWSServiceName });
  },
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const naming = namingFor(input.AWSServiceName, input.CustomSuffix);
    const name = naming.name;
    if ((await ctx.store.roles.get(accountId, name)) !== undefined) {
      // AWS: a second role for the same service answers InvalidInput, not EntityAlreadyExists.
      throw iamErrors.invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);
    }
    if ((await ctx.store.roles.count(accountId)) >= ctx.quotas.rolesPerAccount) {
      throw iamErrors.limitExceeded('RolesPerAccount', ctx.quotas.rolesPerAccount);
    }
    const path = `${SERVICE_ROLE_PATH_PREFIX}${input.AWSServiceName}/`;
    const role = await ctx.store.roles.create({
      accountId,
      roleId: newUniqueId('role'),
      name,
      path,
      arn: iamArn(accountId, 'role', path, name),
      trustPolicy: serviceTrustPolicy(input.AWSServiceName),
      description: input.Description ?? naming.description ?? null,
      maxSessionDuration: 3600,
      createdAt: ctx.now.toISOString(),
    });
    // AWS: the service's managed policy comes attached (when Gatehouse's catalog has it).
    if (naming.policyArn !== undefined && awsManagedPolicies.get(naming.policyArn) !== undefined) {
      await ctx.store.policyAttachments.attach(accountId, 'role', name, naming.policyArn);
    }
    const out = await roleOutput(ctx, role, true);
    delete out.RoleLastUsed;
    return { Role: out };
  },
});

/** IAM `DeleteServiceLinkedRole`, as the IAM API reference defines it. */
export const DeleteServiceLinkedRole = defineOperation<{ RoleName: string }, { DeletionTaskId: string }>({
  service: 'iam',
  name: 'DeleteServiceLinkedRole',
  readOnly: false,
  authorize: async (input, ctx) => {
    const role = await ctx.store.roles.get(ctx.principal.accountId, input.RoleName);
    return iamNeed('DeleteServiceLinkedRole', role?.arn ?? iamArn(ctx.principal.accountId, 'role', '/', input.RoleName));
  },
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    if (!isServiceLinkedRole(role)) throw iamErrors.invalidInput(`Role ${role.name} is not a service-linked role.`);
    const profiles = await ctx.store.instanceProfiles.listForRole(role.accountId, role.name, { maxItems: 1 });
    if (profiles.items.length > 0) throw iamErrors.deleteConflict('remove roles from instance profile');
    const service = role.path.slice(SERVICE_ROLE_PATH_PREFIX.length, -1);
    const taskId = `task${SERVICE_ROLE_PATH_PREFIX}${service}/${role.name}/${randomUUID()}`;
    // AWS: deletion is asynchronous; no resource here uses the role, so the task succeeds at once,
    // and the role goes with the policy its service attached.
    for (const arn of await ctx.store.policyAttachments.listFor(role.accountId, 'role', role.name)) {
      await ctx.store.policyAttachments.detach(role.accountId, 'role', role.name, arn);
    }
    await removeRole(ctx.store, role);
    await ctx.store.kv.set(taskKey(role.accountId, taskId), 'SUCCEEDED');
    return { DeletionTaskId: taskId };
  },
});

/** IAM `GetServiceLinkedRoleDeletionStatus`, as the IAM API reference defines it. */
export const GetServiceLinkedRoleDeletionStatus = defineOperation<{ DeletionTaskId: string }, { Status: string }>({
  service: 'iam',
  name: 'GetServiceLinkedRoleDeletionStatus',
  readOnly: true,
  authorize: (input, ctx) => {
    const match = TASK_ID.exec(input.DeletionTaskId);
    const arn = match === null ? '*' : iamArn(ctx.principal.accountId, 'role', `${SERVICE_ROLE_PATH_PREFIX}${match[1]}/`, match[2]!);
    return iamNeed('GetServiceLinkedRoleDeletionStatus', arn);
  },
  handle: async (input, ctx) => {
    if (!TASK_ID.test(input.DeletionTaskId)) throw iamErrors.invalidInput(`Invalid deletion task id: ${input.DeletionTaskId}`);
    const status = await ctx.store.kv.get(taskKey(ctx.principal.accountId, input.DeletionTaskId));
    if (status === undefined) throw new ServiceError('NoSuchEntity', `Deletion task ${input.DeletionTaskId} cannot be found.`);
    return { Status: status };
  },
});

/** Every service-linked role operation. */
export const serviceLinkedRoleOperations: Operation[] = [CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus];
