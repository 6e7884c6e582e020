import type { EntityTag } from '../../../store/index.js';
import { defineOperation, type AuthorizationNeed, type ContextValue, type Operation, type OperationContext } from '../../operation.js';
import { requestTagContext } from '../../shared/index.js';
import { applyTags, listTagsPage, removeTags, type TagTarget } from './tagging.js';

/**
 * One kind of taggable IAM entity (users, roles, managed policies, instance profiles, OIDC and
 * SAML providers, server certificates, virtual MFA devices) as its Tag…, Untag… and List…Tags
 * operations differ. What they share (the checks, the quota, the paging) is `tagging.ts`'s.
 */
export interface TaggableKind<E> {
  /** What the operation names carry: `User` makes TagUser, UntagUser and ListUserTags. */
  readonly label: string;
  /** The input member that names the entity (`UserName`, `PolicyArn`, `SerialNumber`, …). */
  readonly member: string;
  /**
   * The authorization needs of `action` on the entity named `name`, with the condition keys of the
   * request (`aws:RequestTag/…`, `aws:TagKeys`; none for List…Tags) and those of the entity itself.
   */
  need(
    action: string,
    ctx: OperationContext,
    name: string,
    extra?: Record<string, ContextValue>,
  ): readonly AuthorizationNeed[] | Promise<readonly AuthorizationNeed[]>;
  /** The entity named `name`, or the error its kind answers when there is none (each kind words its `NoSuchEntity` its own way). */
  require(ctx: OperationContext, name: string): Promise<E>;
  /** Where the entity's tags are kept. */
  target(entity: E, ctx: OperationContext): TagTarget;
}

type TagInput = Record<string, unknown> & { Tags: EntityTag[] };
type UntagInput = Record<string, unknown> & { TagKeys: string[] };
type ListTagsInput = Record<string, unknown> & { Marker?: string; MaxItems?: number };

/**
 * The tag operations of one kind of entity:
 * - `Tag<label>` adds tags or replaces them by key (keys match in any case), within the quota of
 *   tags per resource;
 * - `Untag<label>` removes tags by key; keys the entity does not have are ignored;
 * - `List<label>Tags` lists the entity's tags by key, a page at a time (`Marker`, `MaxItems`).
 */
export function tagOperations<E>(kind: TaggableKind<E>): Operation[] {
  const name = (input: Record<string, unknown>) => input[kind.member] as string;
  const tag = `Tag${kind.label}`;
  const untag = `Untag${kind.label}`;
  const list = `List${kind.label}Tags`;
  return [
    defineOperation<TagInput, Record<string, never>>({
      service: 'iam',
      name: tag,
      readOnly: false,
      authorize: (input, ctx) => kind.need(tag, ctx, name(input), requestTagContext(input.Tags)),
      handle: async (input, ctx) => {
        const entity = await kind.require(ctx, name(input));
        await applyTags(ctx.store, kind.target(entity, ctx), input.Tags, ctx.quotas.tagsPerResource);
        return {};
      },
    }),
    defineOperation<UntagInput, Record<string, never>>({
      service: 'iam',
      name: untag,
      readOnly: false,
      authorize: (input, ctx) => kind.need(untag, ctx, name(input), { 'aws:TagKeys': input.TagKeys }),
      handle: async (input, ctx) => {
        const entity = await kind.require(ctx, name(input));
        await removeTags(ctx.store, kind.target(entity, ctx), input.TagKeys);
        return {};
      },
    }),
    defineOperation<ListTagsInput, { Tags: EntityTag[]; IsTruncated: boolean; Marker?: string }>({
      service: 'iam',
      name: list,
      readOnly: true,
      authorize: (input, ctx) => kind.need(list, ctx, name(input)),
      handle: async (input, ctx) => listTagsPage(ctx.store, kind.target(await kind.require(ctx, name(input)), ctx), input),
    }),
  ];
}
