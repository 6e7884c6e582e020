import { ServiceError } from '../../../errors.js';
import { newAccessKeyId, newSecretAccessKey, rootArn } from '../../../model/index.js';
import type { AccessKeyRecord, AccessKeyStatus } from '../../../store/index.js';
import { defineOperation, type AuthorizationNeed, type Operation, type OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requireUser, targetUserName, userNeed } from '../users/userEntity.js';
import { pageArray } from '../paging.js';

interface AccessKeyMetadata {
  UserName?: string;
  AccessKeyId: string;
  Status: AccessKeyStatus;
  CreateDate: Date;
}

function metadata(key: AccessKeyRecord): AccessKeyMetadata {
  const out: AccessKeyMetadata = { AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: new Date(key.createdAt) };
  if (key.userName !== null) out.UserName = key.userName;
  return out;
}

/** AWS: "The Access Key with id <id> cannot be found." (NoSuchEntity). */
function noSuchKey(accessKeyId: string): ServiceError {
  return new ServiceError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
}

/** The owner (`null`: root) named by an optional `UserName`, with the user's canonical name; NoSuchEntity for an unknown user. */
async function owner(ctx: OperationContext, userName: string | undefined): Promise<string | null> {
  const name = targetUserName(ctx, userName, true);
  return name === null ? null : (await requireUser(ctx, name)).name;
}

/** A key of the given owner in the caller's account, or NoSuchEntity. */
async function ownedKey(ctx: OperationContext, accessKeyId: string, ownerName: string | null): Promise<AccessKeyRecord> {
  const keys = await ctx.store.accessKeys.listForUser(ctx.principal.accountId, ownerName);
  const key = keys.find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) throw noSuchKey(accessKeyId);
  return key;
}

function keyNeed(action: string, ctx: OperationContext, userName: string | undefined): Promise<AuthorizationNeed[]> {
  return userNeed(action, ctx, targetUserName(ctx, userName, true));
}

/**
 * AWS: the secret access key is returned only here; it cannot be retrieved later. A user (and the
 * root user) may have at most two keys: "Cannot exceed quota for AccessKeysPerUser: 2".
 */
export const CreateAccessKey = defineOperation<{ UserName?: string }, { AccessKey: AccessKeyMetadata & { SecretAccessKey: string } }>({
  service: 'iam',
  name: 'CreateAccessKey',
  readOnly: false,
  authorize: (input, ctx) => keyNeed('CreateAccessKey', ctx, input.UserName),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const userName = await owner(ctx, input.UserName);
    const existing = await ctx.store.accessKeys.listForUser(accountId, userName);
    if (existing.length >= ctx.quotas.accessKeysPerUser) throw iamErrors.limitExceeded('AccessKeysPerUser', ctx.quotas.accessKeysPerUser);
    const secretAccessKey = newSecretAccessKey();
    const key = await ctx.store.accessKeys.create({
      accessKeyId: newAccessKeyId(false, accountId),
      accountId,
      userName,
      secretAccessKey,
      status: 'Active',
      createdAt: ctx.now.toISOString(),
    });
    return { AccessKey: { ...metadata(key), SecretAccessKey: secretAccessKey } };
  },
});

/** IAM ListAccessKeys: key metadata only, never secrets. */
export const ListAccessKeys = defineOperation<
  { UserName?: string; Marker?: string; MaxItems?: number },
  { AccessKeyMetadata: AccessKeyMetadata[]; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListAccessKeys',
  readOnly: true,
  authorize: (input, ctx) => keyNeed('ListAccessKeys', ctx, input.UserName),
  handle: async (input, ctx) => {
    const userName = await owner(ctx, input.UserName);
    const keys = await ctx.store.accessKeys.listForUser(ctx.principal.accountId, userName);
    const { items, ...page } = pageArray(keys.map(metadata), input);
    return { AccessKeyMetadata: items, ...page };
  },
});

/** An Inactive key fails authentication from the next request on, on every node (the store announces the change). */
export const UpdateAccessKey = defineOperation<{ UserName?: string; AccessKeyId: string; Status: AccessKeyStatus }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateAccessKey',
  readOnly: false,
  authorize: (input, ctx) => keyNeed('UpdateAccessKey', ctx, input.UserName),
  handle: async (input, ctx) => {
    const key = await ownedKey(ctx, input.AccessKeyId, await owner(ctx, input.UserName));
    await ctx.store.accessKeys.updateStatus(key.accessKeyId, input.Status);
    return {};
  },
});

/** IAM DeleteAccessKey: the key fails authentication from the next request on. */
export const DeleteAccessKey = defineOperation<{ UserName?: string; AccessKeyId: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteAccessKey',
  readOnly: false,
  authorize: (input, ctx) => keyNeed('DeleteAccessKey', ctx, input.UserName),
  handle: async (input, ctx) => {
    const key = await ownedKey(ctx, input.AccessKeyId, await owner(ctx, input.UserName));
    await ctx.store.accessKeys.delete(key.accessKeyId);
    return {};
  },
});

/**
 * AWS: a key never used reports `ServiceName` and `Region` as `N/A` and no `LastUsedDate`
 * (IAM API reference, AccessKeyLastUsed). The resource is the key's owner.
 */
export const GetAccessKeyLastUsed = defineOperation<
  { AccessKeyId: string },
  { UserName?: string; AccessKeyLastUsed: { LastUsedDate?: Date; ServiceName: string; Region: string } }
>({
  service: 'iam',
  name: 'GetAccessKeyLastUsed',
  readOnly: true,
  authorize: async (input, ctx) => {
    const key = await ctx.store.accessKeys.get(input.AccessKeyId);
    if (key === undefined || key.accountId !== ctx.principal.accountId) return iamNeed('GetAccessKeyLastUsed', '*');
    if (key.userName === null) return iamNeed('GetAccessKeyLastUsed', rootArn(key.accountId));
    return userNeed('GetAccessKeyLastUsed', ctx, key.userName);
  },
  handle: async (input, ctx) => {
    const key = await ctx.store.accessKeys.get(input.AccessKeyId);
    if (key === undefined || key.accountId !== ctx.principal.accountId) throw noSuchKey(input.AccessKeyId);
    const used = { ServiceName: key.lastUsedService ?? 'N/A', Region: key.lastUsedRegion ?? 'N/A' };
    const AccessKeyLastUsed = key.lastUsedAt === null ? used : { LastUsedDate: new Date(key.lastUsedAt), ...used };
    return key.userName === null ? { AccessKeyLastUsed } : { UserName: key.userName, AccessKeyLastUsed };
  },
});

/** The access key operations. */
export const accessKeyOperations: Operation[] = [CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed];
