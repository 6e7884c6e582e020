import assert from 'node:assert/strict';
import { AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';

/** Helpers shared by the policy and authorization tests: entities made through the IAM API. */

/** The error a call failed with: its wire code, message and HTTP status. */
export async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    // The SDK names modeled errors after their shapes (`NoSuchEntityException`); `Code` is the wire code.
    const e = err as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

export async function createUser(iam: IAMClient, name: string): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: name }));
}

export async function createGroup(iam: IAMClient, name: string): Promise<void> {
  await iam.send(new CreateGroupCommand({ GroupName: name }));
}

export async function addToGroup(iam: IAMClient, group: string, user: string): Promise<void> {
  await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user }));
}

export async function createAccessKey(iam: IAMClient, user: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const out = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
  return { accessKeyId: out.AccessKey!.AccessKeyId!, secretAccessKey: out.AccessKey!.SecretAccessKey! };
}
