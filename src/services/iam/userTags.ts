import { defineOperation, type Operation } from '../operation.js';
import { requestTagContext } from './common.js';
import { applyTags, listTagsPage, removeTags } from './tagging.js';
import { requireUser, userNeed, userTagTarget } from './userSupport.js';

type Tags = { Key: string; Value: string }[];

/** IAM TagUser: adds or replaces tags (keys match in any case). */
export const TagUser = defineOperation<{ UserName: string; Tags: Tags }, Record<string, never>>({
  service: 'iam',
  name: 'TagUser',
  readOnly: false,
  authorize: (input, ctx) => userNeed('TagUser', ctx, input.UserName, requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const user = await requireUser(ctx, input.UserName);
    await applyTags(ctx.store, userTagTarget(user), input.Tags, ctx.quotas.tagsPerResource);
    return {};
  },
});

/** IAM UntagUser: removes tags by key; absent keys are ignored. */
export const UntagUser = defineOperation<{ UserName: string; TagKeys: string[] }, Record<string, never>>({
  service: 'iam',
  name: 'UntagUser',
  readOnly: false,
  authorize: (input, ctx) => userNeed('UntagUser', ctx, input.UserName, { 'aws:TagKeys': input.TagKeys }),
  handle: async (input, ctx) => {
    const user = await requireUser(ctx, input.UserName);
    await removeTags(ctx.store, userTagTarget(user), input.TagKeys);
    return {};
  },
});

/** IAM ListUserTags: the user's tags, a page at a time. */
export const ListUserTags = defineOperation<
  { UserName: string; Marker?: string; MaxItems?: number },
  { Tags: Tags; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListUserTags',
  readOnly: true,
  authorize: (input, ctx) => userNeed('ListUserTags', ctx, input.UserName),
  handle: async (input, ctx) => listTagsPage(ctx.store, userTagTarget(await requireUser(ctx, input.UserName)), input),
});

/** TagUser, UntagUser, ListUserTags. */
export const userTagOperations: Operation[] = [TagUser, UntagUser, ListUserTags];
