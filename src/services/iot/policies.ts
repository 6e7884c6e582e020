import { ServiceError } from '../../errors.js';
import { parseArn } from '../../model/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { IotPolicyRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { date, generationId, IOT_TAG_KIND, iotArn, iotNeed, iotPage, notFound, requestTags, saveTags, type IotTag } from './resources.js';

/**
 * IoT policies and what they are attached to. A device certificate's IoT policies are its
 * identity-based policies: the credentials provider authorizes `iot:AssumeRoleWithCertificate` on
 * the role alias with them.
 *
 * AWS: AWS IoT API Reference (CreatePolicy, GetPolicy, DeletePolicy, ListPolicies, AttachPolicy,
 * DetachPolicy, ListAttachedPolicies, ListTargetsForPolicy); Developer Guide, "AWS IoT Core
 * policies" (the IAM policy grammar; "A policy cannot be deleted while it is attached").
 * Gatehouse keeps one version of each policy (version 1).
 */

async function ownPolicy(ctx: OperationContext, name: string): Promise<IotPolicyRecord> {
  const policy = await ctx.store.iot.policy(ctx.principal.accountId, name);
  if (policy === undefined) throw notFound(`Policy ${name} does not exist`);
  return policy;
}

function checkDocument(text: string): void {
  const result = parsePolicy(text, 'identity');
  if (!result.ok) throw new ServiceError('MalformedPolicyException', `Policy document is malformed: ${result.errors[0]!.message}`);
}

export const CreatePolicy = defineOperation<
  { policyName: string; policyDocument: string; tags?: IotTag[] },
  { policyName: string; policyArn: string; policyDocument: string; policyVersionId: string }
>({
  service: 'iot',
  name: 'CreatePolicy',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('CreatePolicy', iotArn(ctx, 'policy', input.policyName), requestTags(input.tags))],
  handle: async (input, ctx) => {
    checkDocument(input.policyDocument);
    if ((await ctx.store.iot.policy(ctx.principal.accountId, input.policyName)) !== undefined) {
      throw new ServiceError('ResourceAlreadyExistsException', `Policy ${input.policyName} already exists`);
    }
    const now = ctx.now.toISOString();
    const arn = iotArn(ctx, 'policy', input.policyName);
    await ctx.store.iot.createPolicy({
      accountId: ctx.principal.accountId,
      policyName: input.policyName,
      arn,
      document: input.policyDocument,
      generationId: generationId(),
      createdAt: now,
      lastModifiedAt: now,
    });
    await saveTags(ctx, arn, input.tags);
    return { policyName: input.policyName, policyArn: arn, policyDocument: input.policyDocument, policyVersionId: '1' };
  },
});

export const GetPolicy = defineOperation<{ policyName: string }, Record<string, unknown>>({
  service: 'iot',
  name: 'GetPolicy',
  readOnly: true,
  authorize: (input, ctx) => [iotNeed('GetPolicy', iotArn(ctx, 'policy', input.policyName))],
  handle: async (input, ctx) => {
    const p = await ownPolicy(ctx, input.policyName);
    return {
      policyName: p.policyName,
      policyArn: p.arn,
      policyDocument: p.document,
      defaultVersionId: '1',
      creationDate: date(p.createdAt),
      lastModifiedDate: date(p.lastModifiedAt),
      generationId: p.generationId,
    };
  },
});

export const DeletePolicy = defineOperation<{ policyName: string }, Record<string, never>>({
  service: 'iot',
  name: 'DeletePolicy',
  readOnly: false,
  authorize: (input, ctx) => [iotNeed('DeletePolicy', iotArn(ctx, 'policy', input.policyName))],
  handle: async (input, ctx) => {
    const p = await ownPolicy(ctx, input.policyName);
    if ((await ctx.store.iot.targetsOf(p.accountId, p.policyName)).length > 0) {
      throw new ServiceError(
        'DeleteConflictException',
        `The policy cannot be deleted as the policy is attached to one or more principals (name=${p.policyName})`,
      );
    }
    await ctx.store.iot.deletePolicy(p.accountId, p.policyName);
    await ctx.store.tags.deleteAll(p.accountId, IOT_TAG_KIND, p.arn);
    return {};
  },
});

export const ListPolicies = defineOperation<{ pageSize?: number; marker?: string; ascendingOrder?: boolean }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListPolicies',
  readOnly: true,
  authorize: () => [iotNeed('ListPolicies', '*')],
  handle: async (input, ctx) => {
    const { items, nextMarker } = iotPage(await ctx.store.iot.policies(ctx.principal.accountId), input);
    return { policies: items.map((p) => ({ policyName: p.policyName, policyArn: p.arn })), ...(nextMarker !== undefined ? { nextMarker } : {}) };
  },
});

/** The target a policy attaches to: a certificate of the account (the targets the credentials provider reads). */
async function checkTarget(ctx: OperationContext, target: string): Promise<void> {
  const arn = parseArn(target);
  const id = arn?.resource.startsWith('cert/') === true ? arn.resource.slice('cert/'.length) : undefined;
  const cert = id === undefined ? undefined : await ctx.store.iot.certificate(id);
  if (cert === undefined || cert.accountId !== ctx.principal.accountId || cert.arn !== target) throw notFound(`Target ${target} does not exist`);
}

export const AttachPolicy = defineOperation<{ policyName: string; target: string }, Record<string, never>>({
  service: 'iot',
  name: 'AttachPolicy',
  readOnly: false,
  authorize: (input) => [iotNeed('AttachPolicy', input.target)],
  handle: async (input, ctx) => {
    const p = await ownPolicy(ctx, input.policyName);
    await checkTarget(ctx, input.target);
    await ctx.store.iot.attachPolicy(p.accountId, p.policyName, input.target);
    return {};
  },
});

export const DetachPolicy = defineOperation<{ policyName: string; target: string }, Record<string, never>>({
  service: 'iot',
  name: 'DetachPolicy',
  readOnly: false,
  authorize: (input) => [iotNeed('DetachPolicy', input.target)],
  handle: async (input, ctx) => {
    const p = await ownPolicy(ctx, input.policyName);
    await ctx.store.iot.detachPolicy(p.accountId, p.policyName, input.target);
    return {};
  },
});

export const ListAttachedPolicies = defineOperation<{ target: string; recursive?: boolean; marker?: string; pageSize?: number }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListAttachedPolicies',
  readOnly: true,
  authorize: (input) => [iotNeed('ListAttachedPolicies', input.target)],
  handle: async (input, ctx) => {
    const { items, nextMarker } = iotPage(await ctx.store.iot.policiesOf(ctx.principal.accountId, input.target), input);
    return { policies: items.map((p) => ({ policyName: p.policyName, policyArn: p.arn })), ...(nextMarker !== undefined ? { nextMarker } : {}) };
  },
});

export const ListTargetsForPolicy = defineOperation<{ policyName: string; marker?: string; pageSize?: number }, Record<string, unknown>>({
  service: 'iot',
  name: 'ListTargetsForPolicy',
  readOnly: true,
  authorize: (input, ctx) => [iotNeed('ListTargetsForPolicy', iotArn(ctx, 'policy', input.policyName))],
  handle: async (input, ctx) => {
    const p = await ownPolicy(ctx, input.policyName);
    const { items, nextMarker } = iotPage(await ctx.store.iot.targetsOf(p.accountId, p.policyName), input);
    return { targets: items, ...(nextMarker !== undefined ? { nextMarker } : {}) };
  },
});
