import { defineOperation, type Operation } from '../operation.js';
import { requestTagContext } from './common.js';
import { profileNeed, profileTagTarget, requireProfile } from './instanceProfileSupport.js';
import { applyTags, listTagsPage, removeTags } from './tagging.js';

type Tags = { Key: string; Value: string }[];

/** IAM `TagInstanceProfile`, as the IAM API reference defines it. */
export const TagInstanceProfile = defineOperation<{ InstanceProfileName: string; Tags: Tags }, Record<string, never>>({
  service: 'iam',
  name: 'TagInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) => profileNeed('TagInstanceProfile', ctx, input.InstanceProfileName, requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, input.InstanceProfileName);
    await applyTags(ctx.store, profileTagTarget(profile), input.Tags, ctx.quotas.tagsPerResource);
    return {};
  },
});

/** IAM `UntagInstanceProfile`, as the IAM API reference defines it. */
export const UntagInstanceProfile = defineOperation<{ InstanceProfileName: string; TagKeys: string[] }, Record<string, never>>({
  service: 'iam',
  name: 'UntagInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) => profileNeed('UntagInstanceProfile', ctx, input.InstanceProfileName, { 'aws:TagKeys': input.TagKeys }),
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, input.InstanceProfileName);
    await removeTags(ctx.store, profileTagTarget(profile), input.TagKeys);
    return {};
  },
});

/** IAM `ListInstanceProfileTags`, as the IAM API reference defines it. */
export const ListInstanceProfileTags = defineOperation<
  { InstanceProfileName: string; Marker?: string; MaxItems?: number },
  { Tags: Tags; IsTruncated: boolean; Marker?: string }
>({
  service: 'iam',
  name: 'ListInstanceProfileTags',
  readOnly: true,
  authorize: (input, ctx) => profileNeed('ListInstanceProfileTags', ctx, input.InstanceProfileName),
  handle: async (input, ctx) => listTagsPage(ctx.store, profileTagTarget(await requireProfile(ctx, input.InstanceProfileName)), input),
});

/** TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags. */
export const instanceProfileTagOperations: Operation[] = [TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags];
