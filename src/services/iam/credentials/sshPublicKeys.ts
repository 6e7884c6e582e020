import { ServiceError } from '../../../errors.js';
import type { SshPublicKeyRecord } from '../../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { pageMembers } from '../paging.js';
import { newSshPublicKeyId } from '../../../model/index.js';
import { ownerArn, resolveOwner } from './credentialOwners.js';
import { settableStatus } from './credentialStatus.js';
import { pageInMemory } from '../paging.js';
import { readSshPublicKey } from './sshKeyFormat.js';

/**
 * SSH public keys of IAM users (for CodeCommit): UploadSSHPublicKey, GetSSHPublicKey,
 * ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey.
 */

function noSuchKey(id: string): ServiceError {
  return new ServiceError('NoSuchEntity', `The Public Key with id ${id} cannot be found.`);
}

async function requireKey(ctx: OperationContext, userName: string, id: string): Promise<SshPublicKeyRecord> {
  const owner = await resolveOwner(ctx, userName, false);
  const key = await ctx.store.sshPublicKeys.get(owner.accountId, owner.userName!, id);
  if (key === undefined) throw noSuchKey(id);
  return key;
}

/** IAM's `SSHPublicKey` structure; `Encoding` picks the body's form. */
function keyOutput(key: SshPublicKeyRecord, encoding: 'SSH' | 'PEM'): Record<string, unknown> {
  return {
    UserName: key.userName,
    SSHPublicKeyId: key.sshPublicKeyId,
    Fingerprint: key.fingerprint,
    SSHPublicKeyBody: encoding === 'PEM' ? key.bodyPem : key.bodySsh,
    Status: key.status,
    UploadDate: new Date(key.uploadedAt),
  };
}

export const UploadSSHPublicKey = defineOperation<{ UserName: string; SSHPublicKeyBody: string }>({
  service: 'iam',
  name: 'UploadSSHPublicKey',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('UploadSSHPublicKey', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, false);
    const encodings = readSshPublicKey(input.SSHPublicKeyBody);
    const existing = await ctx.store.sshPublicKeys.listForUser(owner.accountId, owner.userName!);
    if (existing.some((key) => key.fingerprint === encodings.fingerprint)) {
      throw new ServiceError('DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.');
    }
    if (existing.length >= ctx.quotas.sshPublicKeysPerUser) {
      throw iamErrors.limitExceeded('SSHPublicKeysPerUser', ctx.quotas.sshPublicKeysPerUser);
    }
    const key = await ctx.store.sshPublicKeys.create({
      sshPublicKeyId: newSshPublicKeyId(),
      accountId: owner.accountId,
      userName: owner.userName!,
      bodySsh: encodings.ssh,
      bodyPem: encodings.pem,
      fingerprint: encodings.fingerprint,
      status: 'Active',
      uploadedAt: ctx.now.toISOString(),
    });
    return { SSHPublicKey: keyOutput(key, 'SSH') };
  },
});

export const GetSSHPublicKey = defineOperation<{ UserName: string; SSHPublicKeyId: string; Encoding: 'SSH' | 'PEM' }>({
  service: 'iam',
  name: 'GetSSHPublicKey',
  readOnly: true,
  authorize: async (input, ctx) => iamNeed('GetSSHPublicKey', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => ({ SSHPublicKey: keyOutput(await requireKey(ctx, input.UserName, input.SSHPublicKeyId), input.Encoding) }),
});

/**
 * AWS: "If no user name is specified, IAM determines the user name implicitly based on the AWS
 * access key used to sign the request." The root user has no SSH keys: its list is empty.
 */
export const ListSSHPublicKeys = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }>({
  service: 'iam',
  name: 'ListSSHPublicKeys',
  readOnly: true,
  authorize: async (input, ctx) => iamNeed('ListSSHPublicKeys', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, true);
    const keys = owner.userName === null ? [] : await ctx.store.sshPublicKeys.listForUser(owner.accountId, owner.userName);
    const page = pageInMemory(keys, (k) => `${k.uploadedAt}|${k.sshPublicKeyId}`, input);
    return {
      SSHPublicKeys: page.items.map((k) => ({ UserName: k.userName, SSHPublicKeyId: k.sshPublicKeyId, Status: k.status, UploadDate: new Date(k.uploadedAt) })),
      ...pageMembers(page),
    };
  },
});

export const UpdateSSHPublicKey = defineOperation<{ UserName: string; SSHPublicKeyId: string; Status: string }>({
  service: 'iam',
  name: 'UpdateSSHPublicKey',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('UpdateSSHPublicKey', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const status = settableStatus(input.Status);
    const key = await requireKey(ctx, input.UserName, input.SSHPublicKeyId);
    await ctx.store.sshPublicKeys.updateStatus(key.accountId, key.userName, key.sshPublicKeyId, status);
    return {};
  },
});

export const DeleteSSHPublicKey = defineOperation<{ UserName: string; SSHPublicKeyId: string }>({
  service: 'iam',
  name: 'DeleteSSHPublicKey',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('DeleteSSHPublicKey', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const key = await requireKey(ctx, input.UserName, input.SSHPublicKeyId);
    await ctx.store.sshPublicKeys.delete(key.accountId, key.userName, key.sshPublicKeyId);
    return {};
  },
});

export const sshPublicKeyOperations: Operation[] = [UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey];
