import { ServiceError } from '../../errors.js';
import { parseArn } from '../../model/index.js';
import type { SubjectRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import {
  date,
  found,
  MAX_TAGS,
  page,
  readSubject,
  readTags,
  requestTags,
  resourceArn,
  resourceNeed,
  TAG_KIND,
  tooManyTags,
  type ResourceKind,
  type WireTag,
} from './resources.js';

/**
 * Subjects (the certificate subjects seen authenticating, with their certificates and instance
 * properties) and tags of every Roles Anywhere resource.
 *
 * AWS: IAM Roles Anywhere API Reference (GetSubject, ListSubjects, TagResource, UntagResource,
 * ListTagsForResource); User Guide, "Monitoring with IAM Roles Anywhere subjects".
 */

function subjectSummary(s: SubjectRecord): Record<string, unknown> {
  return {
    subjectArn: s.arn,
    subjectId: s.subjectId,
    x509Subject: s.x509Subject,
    enabled: s.enabled,
    lastSeenAt: date(s.lastSeenAt),
    createdAt: date(s.createdAt),
    updatedAt: date(s.updatedAt),
  };
}

export const GetSubject = defineOperation<{ subjectId: string }, { subject: Record<string, unknown> }>({
  service: 'rolesanywhere',
  name: 'GetSubject',
  readOnly: true,
  authorize: async (input, ctx) => {
    const subject = await readSubject(ctx, input.subjectId);
    return [await resourceNeed(ctx, 'GetSubject', subject?.arn ?? resourceArn(ctx, 'subject', input.subjectId))];
  },
  handle: async (input, ctx) => {
    const s = found(await readSubject(ctx, input.subjectId), 'subject');
    return {
      subject: {
        ...subjectSummary(s),
        credentials: s.credentials.map((c) => ({ ...c, seenAt: date(c.seenAt) })),
        instanceProperties: s.instanceProperties.map((p) => ({ ...p, seenAt: date(p.seenAt) })),
      },
    };
  },
});

export const ListSubjects = defineOperation<{ nextToken?: string; pageSize?: number }, { subjects: Record<string, unknown>[]; nextToken?: string }>({
  service: 'rolesanywhere',
  name: 'ListSubjects',
  readOnly: true,
  authorize: () => [{ action: 'rolesanywhere:ListSubjects', resource: '*' }],
  handle: async (input, ctx) => {
    const { items, nextToken } = page(await ctx.store.rolesAnywhere.subjects(ctx.principal.accountId), input);
    return { subjects: items.map(subjectSummary), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

const KINDS: readonly ResourceKind[] = ['trust-anchor', 'profile', 'crl', 'subject'];

/**
 * The Roles Anywhere resource an ARN names, in the caller's account; AWS answers
 * ResourceNotFoundException for any other ARN.
 */
async function taggable(ctx: OperationContext, arn: string): Promise<{ arn: string; exists: boolean }> {
  const parsed = parseArn(arn);
  const slash = parsed?.resource.indexOf('/') ?? -1;
  const kind = parsed?.resource.slice(0, slash) as ResourceKind | undefined;
  const id = parsed?.resource.slice(slash + 1) ?? '';
  if (parsed === undefined || parsed.service !== 'rolesanywhere' || slash < 0 || !KINDS.includes(kind!)) {
    throw new ServiceError('ValidationException', `Invalid resource ARN: ${arn}`);
  }
  if (parsed.accountId !== ctx.principal.accountId) return { arn, exists: false };
  const store = ctx.store.rolesAnywhere;
  const record =
    kind === 'trust-anchor'
      ? await store.trustAnchor(id)
      : kind === 'profile'
        ? await store.profile(id)
        : kind === 'crl'
          ? await store.crl(id)
          : await store.subject(id);
  return { arn, exists: record !== undefined && record.arn === arn };
}

async function tagNeed(ctx: OperationContext, action: string, arn: string, context = {}) {
  return [await resourceNeed(ctx, action, arn, context)];
}

async function existingTaggable(ctx: OperationContext, arn: string): Promise<string> {
  const target = await taggable(ctx, arn);
  if (!target.exists) throw new ServiceError('ResourceNotFoundException', 'Resource not found');
  return target.arn;
}

export const TagResource = defineOperation<{ resourceArn: string; tags: WireTag[] }, Record<string, never>>({
  service: 'rolesanywhere',
  name: 'TagResource',
  readOnly: false,
  authorize: (input, ctx) => tagNeed(ctx, 'TagResource', input.resourceArn, requestTags(input.tags)),
  handle: async (input, ctx) => {
    const arn = await existingTaggable(ctx, input.resourceArn);
    const current = await ctx.store.tags.list(ctx.principal.accountId, TAG_KIND, arn);
    const keys = new Set([...current.map((t) => t.Key.toLowerCase()), ...input.tags.map((t) => t.key.toLowerCase())]);
    if (keys.size > MAX_TAGS) throw tooManyTags();
    await ctx.store.tags.put(
      ctx.principal.accountId,
      TAG_KIND,
      arn,
      input.tags.map((t) => ({ Key: t.key, Value: t.value })),
    );
    return {};
  },
});

export const UntagResource = defineOperation<{ resourceArn: string; tagKeys: string[] }, Record<string, never>>({
  service: 'rolesanywhere',
  name: 'UntagResource',
  readOnly: false,
  authorize: (input, ctx) => tagNeed(ctx, 'UntagResource', input.resourceArn, { 'aws:TagKeys': input.tagKeys }),
  handle: async (input, ctx) => {
    const arn = await existingTaggable(ctx, input.resourceArn);
    await ctx.store.tags.remove(ctx.principal.accountId, TAG_KIND, arn, input.tagKeys);
    return {};
  },
});

export const ListTagsForResource = defineOperation<{ resourceArn: string }, { tags: WireTag[] }>({
  service: 'rolesanywhere',
  name: 'ListTagsForResource',
  readOnly: true,
  authorize: (input, ctx) => tagNeed(ctx, 'ListTagsForResource', input.resourceArn),
  handle: async (input, ctx) => {
    const arn = await existingTaggable(ctx, input.resourceArn);
    return { tags: await readTags(ctx, arn) };
  },
});
