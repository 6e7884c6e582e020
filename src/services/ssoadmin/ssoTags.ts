import type { SsoTag } from '../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { requestTagContext } from '../shared/index.js';
import { adminNeeds, adminScope, checkDelegatedReach, pageOf, requirePermissionSet } from './ssoAdminScope.js';
import { ssoAdminErrors } from './ssoAdminErrors.js';

/** AWS: IAM Identity Center quotas — 50 tags per resource; keys are unique (case-sensitive). */
const MAX_TAGS = 50;

export function checkTags(tags: readonly SsoTag[]): void {
  const keys = new Set(tags.map((t) => t.Key));
  if (keys.size !== tags.length) throw ssoAdminErrors.validation('Duplicate tag keys are not allowed.');
  if (tags.length > MAX_TAGS) throw ssoAdminErrors.quota(`A resource can have at most ${MAX_TAGS} tags.`);
}

/** The instance or permission set a taggable ARN names, with how to read and write its tags. */
async function taggable(ctx: OperationContext, resourceArn: string, instanceArn: string | undefined) {
  const ps = /^arn:aws:sso:::permissionSet\/(ssoins-[a-f0-9]{16})\/ps-[a-f0-9]{16}$/.exec(resourceArn);
  const scope = await adminScope(ctx, ps !== null ? `arn:aws:sso:::instance/${ps[1]}` : (instanceArn ?? resourceArn));
  if (ps !== null) {
    const set = await requirePermissionSet(ctx, scope.instance, resourceArn);
    return {
      tags: set.tags,
      save: async (tags: readonly SsoTag[]) => {
        await checkDelegatedReach(ctx, scope, undefined, set);
        await ctx.store.permissionSets.update(scope.instance.instanceId, set.permissionSetId, { tags }, false);
      },
    };
  }
  if (resourceArn !== scope.instance.arn) throw ssoAdminErrors.notFound(`Could not find resource ${resourceArn}.`);
  return {
    tags: scope.instance.tags,
    save: async (tags: readonly SsoTag[]) => void (await ctx.store.ssoInstances.update(scope.instance.instanceId, { tags })),
  };
}

/** AWS: TagResource — an instance or permission set; a key already there takes the new value. */
export const TagResource = defineOperation<{ InstanceArn?: string; ResourceArn: string; Tags: SsoTag[] }>({
  service: 'sso-admin',
  name: 'TagResource',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('TagResource', ctx, [input.ResourceArn], requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const target = await taggable(ctx, input.ResourceArn, input.InstanceArn);
    const merged = new Map(target.tags.map((t) => [t.Key, t.Value]));
    checkTags(input.Tags);
    for (const tag of input.Tags) merged.set(tag.Key, tag.Value);
    const tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
    checkTags(tags);
    await target.save(tags);
    return {};
  },
});

export const UntagResource = defineOperation<{ InstanceArn?: string; ResourceArn: string; TagKeys: string[] }>({
  service: 'sso-admin',
  name: 'UntagResource',
  readOnly: false,
  authorize: (input, ctx) => adminNeeds('UntagResource', ctx, [input.ResourceArn], { 'aws:TagKeys': input.TagKeys }),
  handle: async (input, ctx) => {
    const target = await taggable(ctx, input.ResourceArn, input.InstanceArn);
    await target.save(target.tags.filter((t) => !input.TagKeys.includes(t.Key)));
    return {};
  },
});

export const ListTagsForResource = defineOperation<{ InstanceArn?: string; ResourceArn: string; NextToken?: string }>({
  service: 'sso-admin',
  name: 'ListTagsForResource',
  readOnly: true,
  authorize: (input, ctx) => adminNeeds('ListTagsForResource', ctx, [input.ResourceArn]),
  handle: async (input, ctx) => {
    const page = pageOf((await taggable(ctx, input.ResourceArn, input.InstanceArn)).tags, input, 50);
    return { Tags: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const tagOperations: Operation[] = [TagResource, UntagResource, ListTagsForResource];
