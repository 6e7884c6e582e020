import { ServiceError } from '../../errors.js';
import { defineOperation } from '../operation.js';
import type { Operation } from '../operation.js';
import { requestTagContext } from '../shared/index.js';
import { checkTags, loadTrail } from './trailRecords.js';
import type { TrailTag } from './trailRecords.js';

function trailArnOnly(resourceId: string): string {
  if (!/^arn:aws:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(resourceId)) {
    throw new ServiceError('CloudTrailARNInvalidException', `${resourceId} is not a valid trail ARN.`);
  }
  return resourceId;
}

const tagContext = (tags: readonly TrailTag[]) => requestTagContext(tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' })));

/** AddTags: adds or overwrites tags of a trail (by ARN); at most 50 in all. */
export const AddTags = defineOperation<{ ResourceId: string; TagsList: TrailTag[] }>({
  service: 'cloudtrail',
  name: 'AddTags',
  readOnly: false,
  authorize: (input) => [{ action: 'cloudtrail:AddTags', resource: trailArnOnly(input.ResourceId), context: tagContext(input.TagsList) }],
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.ResourceId);
    const merged = new Map(trail.tags.map((t) => [t.Key, t]));
    for (const t of input.TagsList) merged.set(t.Key, t);
    const tags = [...merged.values()];
    checkTags(tags);
    await ctx.store.trails.update(trail.accountId, trail.name, { tags });
    return {};
  },
});

/** RemoveTags: removes the listed keys (values are ignored). */
export const RemoveTags = defineOperation<{ ResourceId: string; TagsList: TrailTag[] }>({
  service: 'cloudtrail',
  name: 'RemoveTags',
  readOnly: false,
  authorize: (input) => [
    { action: 'cloudtrail:RemoveTags', resource: trailArnOnly(input.ResourceId), context: { 'aws:TagKeys': input.TagsList.map((t) => t.Key) } },
  ],
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.ResourceId);
    const gone = new Set(input.TagsList.map((t) => t.Key));
    await ctx.store.trails.update(trail.accountId, trail.name, { tags: trail.tags.filter((t) => !gone.has(t.Key)) });
    return {};
  },
});

/** ListTags: the tags of each listed trail (by ARN). */
export const ListTags = defineOperation<{ ResourceIdList: string[]; NextToken?: string }>({
  service: 'cloudtrail',
  name: 'ListTags',
  readOnly: true,
  authorize: (input) => input.ResourceIdList.map((id) => ({ action: 'cloudtrail:ListTags', resource: trailArnOnly(id) })),
  handle: async (input, ctx) => {
    const list = [];
    for (const id of input.ResourceIdList) {
      const trail = await loadTrail(ctx, id, 'read');
      list.push({ ResourceId: id, TagsList: trail.tags });
    }
    return { ResourceTagList: list };
  },
});

export const tagOperations: Operation[] = [AddTags, RemoveTags, ListTags];
