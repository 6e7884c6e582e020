import { ServiceError } from '../../errors.js';
import { parseArn } from '../../model/index.js';
import type { IotRoleAliasRecord } from '../../store/index.js';
import { defineOperation, type AuthorizationNeed, type OperationContext } from '../operation.js';
import { findRole, passRoleNeed } from '../shared/index.js';
import { date, invalidRequest, IOT_TAG_KIND, iotArn, iotNeed, iotPage, notFound, requestTags, saveTags, type IotTag } from './resources.js';

/**
 * Role aliases: the name a device asks the credentials provider for, pointing at an IAM role and
 * how long its credentials last.
 *
 * AWS: AWS IoT API Reference (CreateRoleAlias, DescribeRoleAlias, UpdateRoleAlias, DeleteRoleAlias,
 * ListRoleAliases) — "The value of credentialDurationSeconds must be less than or equal to the
 * maximum session duration of the IAM role that the role alias references"; Developer Guide,
 * "Authorizing direct calls to AWS services" — creating a role alias needs `iam:PassRole` for the
 * role (passed to `credentials.iot.amazonaws.com`).
 */

export const IOT_CREDENTIALS_PRINCIPAL = 'credentials.iot.amazonaws.com';

/** AWS: credentialDurationSeconds defaults to 3,600 seconds. */
const DEFAULT_DURATION = 3600;

function passRole(ctx: OperationContext, roleArn: string | undefined, alias: string): AuthorizationNeed[] {
  return roleArn === undefined ? [] : [passRoleNeed(roleArn, IOT_CREDENTIALS_PRINCIPAL, iotArn(ctx, 'rolealias', alias))];
}

/** The role's maximum session duration must cover the alias's credentials, when the role exists. */
async function checkDuration(ctx: OperationContext, roleArn: string, seconds: number): Promise<void> {
  if (parseArn(roleArn)?.service !== 'iam') throw invalidRequest(`Invalid role ARN: ${roleArn}`);
  const role = await findRole(ctx, roleArn);
  if (role !== undefined && seconds > role.maxSessionDuration) {
    throw invalidRequest('The requested CredentialDurationSeconds exceeds the MaxSessionDuration set for the role');
  }
}

async function ownAlias(ctx: OperationContext, alias: string): Promise<IotRoleAliasRecord> {
  const record = await ctx.store.iot.roleAlias(ctx.principal.accountId, alias);
  if (record === undefined) throw notFound(`Role alias ${alias} does not exist`);
  return record;
}

export const CreateRoleAlias = defineOperation<
  { roleAlias: string; roleArn: string; credentialDurationSeconds?: number; tags?: IotTag[] },
  { roleAlias: string; roleAliasArn: string }
>({
  service: 'iot',
  name: 'CreateRoleAlias',
  readOnly: false,
  authorize: (input, ctx) => [
    iotNeed('CreateRoleAlias', iotArn(ctx, 'rolealias', input.roleAlias), requestTags(input.tags)),
    ...passRole(ctx, input.roleArn, input.roleAlias),
  ],
  handle: async (input, ctx) => {
    const seconds = input.credentialDurationSeconds ?? DEFAULT_DURATION;
    await checkDuration(ctx, input.roleArn, seconds);
    if ((await ctx.store.iot.roleAlias(ctx.principal.accountId, input.roleAlias)) !== undefined) {
      throw new ServiceError('ResourceAlreadyExistsException', `Role alias ${input.roleAlias} already exists`);
    }
    const now = ctx.now.toISOString();
    const arn = iotArn(ctx, 'rolealias', input.roleAlias);
    await ctx.store.iot.createRoleAlias({
      accountId: ctx.principal.accountId,
      roleAlias: input.roleAlias,
      arn,
      roleArn: input.roleArn,
      credentialDurationSeconds: seconds,
      createdAt: now,
      lastModifiedAt: now,
    });
    await saveTags(ctx, arn, input.tags);
    return { roleAlias: input.roleAlias, roleAliasArn: arn };
  },
});

export const DescribeRoleAlias = defineOperation<{ roleAlias: string }, Record<string, unknown>>({
  service: 'iot',
  name: 'DescribeRoleAlias',
  readOnly: true,
  authorize: (input, ctx) => [iotNeed('DescribeRoleAlias', iotArn(ctx, 'rolealias', input.roleAlias))],
  handle: async (input, ctx) => {
    const a = await ownAlias(ctx, input.roleAlias);
    return {
      roleAliasDescription: {
        roleAlias: a.roleAlias,
        roleAliasArn: a.arn,
        roleArn: a.roleArn,
        owner: a.accountId,
        credentialDurationSeconds: a.credentialDurationSeconds,
        creationDate: date(a.createdAt),
        lastModifiedDate: date(a.lastModifiedAt),
      },
    };
  },
});

export const UpdateRoleAlias = defineOperation<
  { roleAlias: string; roleArn?: string; credentialDurationSeconds?: number },
  { roleAlias: string; roleAliasArn: string }
>({
  service: 'iot',
  name: 'UpdateRoleAlias',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('UpdateRoleAlias', iotArn(ctx, 'rolealias', input.roleAlias)), ...passRole(ctx, input.roleArn, input.roleAlias)],
  handle: async (input, ctx) => {
    const a = await ownAlias(ctx, input.roleAlias);
    const roleArn = input.roleArn ?? a.roleArn;
    const seconds = input.credentialDurationSeconds ?? a.credentialDurationSeconds;
    await checkDuration(ctx, roleArn, seconds);
    await ctx.store.iot.updateRoleAlias({ ...a, roleArn, credentialDurationSeconds: seconds, lastModifiedAt: ctx.now.toISOString() });
    return { roleAlias: a.roleAlias, roleAliasArn: a.arn };
  },
});

export const DeleteRoleAlias = defineOperation<{ roleAlias: string }, Record<string, never>>({
  service: 'iot',
  name: 'DeleteRoleAlias',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('DeleteRoleAlias', iotArn(ctx, 'rolealias', input.roleAlias))],
  handle: async (input, ctx) => {
    const a = await ownAlias(ctx, input.roleAlias);
    await ctx.store.iot.deleteRoleAlias(a.accountId, a.roleAlias);
    await ctx.store.tags.deleteAll(a.accountId, IOT_TAG_KIND, a.arn);
    return {};
  },
});

export const ListRoleAliases = defineOperation<
  { pageSize?: number; marker?: string; ascendingOrder?: boolean },
  { roleAliases: string[]; nextMarker?: string }
>({
  service: 'iot',
  name: 'ListRoleAliases',
  readOnly: true,
  authorize: () => [iotNeed('ListRoleAliases', '*')],
  handle: async (input, ctx) => {
    const { items, nextMarker } = iotPage(await ctx.store.iot.roleAliases(ctx.principal.accountId), input);
    return { roleAliases: items.map((a) => a.roleAlias), ...(nextMarker !== undefined ? { nextMarker } : {}) };
  },
});
