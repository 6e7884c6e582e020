import { hasReservedTagPrefix } from '../../model/index.js';
import { ORGANIZATION_QUOTAS } from '../../model/index.js';
import type { OrganizationRecord } from '../../store/index.js';
import { requestTagContext } from '../shared/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { managementScope, peekScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { readScope } from './delegations.js';
import { findTarget, policyArnOf } from './entities.js';
import { loadResourcePolicy, resourcePolicyResource } from './resourcePolicy.js';
import { entityResource } from './units.js';

type Tag = { Key: string; Value: string };

/**
 * AWS: InvalidInputException INVALID_SYSTEM_TAGS_PARAMETER, "You specified a tag key that is a
 * system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS
 * use" (keys that begin with `aws:`, `hasReservedTagPrefix`).
 */
function checkNoSystemTagKeys(keys: readonly string[]): void {
  const system = keys.find(hasReservedTagPrefix);
  if (system !== undefined) {
    throw orgErrors.invalid(
      'INVALID_SYSTEM_TAGS_PARAMETER',
      `You specified a tag key that is a system tag (${system}). You can't add, edit, or delete system tag keys because they're reserved for AWS use.`,
    );
  }
}

/**
 * AWS: a system tag key is INVALID_SYSTEM_TAGS_PARAMETER (`checkNoSystemTagKeys`); duplicate keys
 * are InvalidInputException DUPLICATE_TAG_KEY; more than 50 is MAX_TAG_LIMIT_EXCEEDED.
 */
export function checkTags(tags: readonly Tag[], existing: readonly Tag[] = []): void {
  checkNoSystemTagKeys(tags.map((t) => t.Key));
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.Key)) throw orgErrors.invalid('DUPLICATE_TAG_KEY', 'You specified the same tag key more than once.');
    keys.add(tag.Key);
  }
  const total = new Set([...existing.map((t) => t.Key), ...keys]).size;
  if (total > ORGANIZATION_QUOTAS.tagsPerResource) {
    throw orgErrors.constraint('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
  }
}

/** The ARN of a taggable resource id (root, OU, account, policy or resource policy) for `authorize`. */
async function taggableResource(ctx: OperationContext, org: OrganizationRecord | undefined, id: string): Promise<string> {
  if (id.startsWith('rp-')) {
    const arn = await resourcePolicyResource(ctx, org);
    return arn.endsWith(`/${id}`) ? arn : '*';
  }
  if (org === undefined || !id.startsWith('p-')) return entityResource(org, id);
  const policy = await ctx.store.organizationPolicies.get(org.id, id);
  return policy === undefined ? '*' : policyArnOf(org, policy);
}

/** A taggable resource of the organization; TargetNotFoundException otherwise. */
async function requireTaggable(ctx: OperationContext, org: OrganizationRecord, id: string): Promise<void> {
  if (id.startsWith('rp-')) {
    if ((await loadResourcePolicy(ctx, org.id))?.id === id) return;
    throw orgErrors.targetNotFound();
  }
  if (id.startsWith('p-')) {
    const policy = await ctx.store.organizationPolicies.get(org.id, id);
    if (policy !== undefined && !policy.awsManaged) return;
    throw orgErrors.targetNotFound();
  }
  if ((await findTarget(ctx, org, id)) === undefined) throw orgErrors.targetNotFound();
}

export const TagResource = defineOperation<{ ResourceId: string; Tags: Tag[] }>({
  service: 'organizations',
  name: 'TagResource',
  readOnly: false,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [orgNeed('TagResource', await taggableResource(ctx, org, input.ResourceId), ctx, requestTagContext(input.Tags))];
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    await requireTaggable(ctx, org, input.ResourceId);
    checkTags(input.Tags, await ctx.store.organizationPolicies.tags(org.id, input.ResourceId));
    await ctx.store.organizationPolicies.putTags(org.id, input.ResourceId, input.Tags);
    return {};
  },
});

export const UntagResource = defineOperation<{ ResourceId: string; TagKeys: string[] }>({
  service: 'organizations',
  name: 'UntagResource',
  readOnly: false,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [orgNeed('UntagResource', await taggableResource(ctx, org, input.ResourceId), ctx, { 'aws:TagKeys': input.TagKeys })];
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    await requireTaggable(ctx, org, input.ResourceId);
    checkNoSystemTagKeys(input.TagKeys);
    await ctx.store.organizationPolicies.removeTags(org.id, input.ResourceId, input.TagKeys);
    return {};
  },
});

export const ListTagsForResource = defineOperation<{ ResourceId: string; NextToken?: string }>({
  service: 'organizations',
  name: 'ListTagsForResource',
  readOnly: true,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [orgNeed('ListTagsForResource', await taggableResource(ctx, org, input.ResourceId), ctx)];
  },
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    await requireTaggable(ctx, org, input.ResourceId);
    const page = paginate(await ctx.store.organizationPolicies.tags(org.id, input.ResourceId), input, ORGANIZATION_QUOTAS.tagsPerResource);
    return { Tags: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const tagOperations: Operation[] = [TagResource, UntagResource, ListTagsForResource];
