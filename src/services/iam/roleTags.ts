import { defineOperation, type Operation } from '../operation.js';
import { requestTagContext } from './common.js';
import { requireRole, roleNeed, roleTagTarget } from './roleSupport.js';
import { applyTags, listTagsPage, removeTags } from './tagging.js';

type Tags = { Key: string; Value: string }[];


/** IAM `TagRole`, as the IAM API reference defines it. */
export const TagRole = defineOperation<{ RoleName: string; Tags: Tags }, Record<string, never>>({
  service: 'iam',
  name: 'TagRole',
  readOnly: false,
  authorize: async (input, ctx) => roleNeed('TagRole', ctx, input.RoleName, requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    await applyTags(ctx.store, roleTagTarget(role), input.Tags, ctx.quotas.tagsPerResource);
    return {};
  },
});

/** IAM `UntagRole`, as the IAM API reference defines it. */
export const UntagRole = defineOperation<{ RoleName: string; TagKeys: string[] }, Record<string, never>>({
  service: 'iam',
  name: 'UntagRole',
  readOnly: false,
  authorize: async (input, ctx) => roleNeed('UntagRole', ctx, input.RoleName, { 'aws:TagKeys': input.TagKeys }),
  handle: async (input, ctx) => {
    const role = await requireRole(ctx, input.RoleName);
    await removeTags(ctx.store, roleTagTarget(role), input.TagKeys);
    return {};
  },
});

/** IAM `ListRoleTags`, as the IAM API reference defines it. */
export const ListRoleTags = defineOperation<
  { RoleName: string; Marker?: string; MaxItems?: number },
  { Tags: Tags; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListRoleTags',
  readOnly: true,
  authorize: async (input, ctx) => roleNeed('ListRoleTags', ctx, input.RoleName, {}),
  handle: async (input, ctx) => listTagsPage(ctx.store, roleTagTarget(await requireRole(ctx, input.RoleName)), input),
});

/** TagRole, UntagRole, ListRoleTags. */
export const roleTagOperations: Operation[] = [TagRole, UntagRole, ListRoleTags];
