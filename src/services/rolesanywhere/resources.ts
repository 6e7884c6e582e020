import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import { parseArn } from '../../model/index.js';
import type { CrlRecord, ProfileRecord, SubjectRecord, TrustAnchorRecord } from '../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { readOncePerCall } from '../operation.js';
import { resourceTagContext } from '../shared/index.js';

/**
 * What IAM Roles Anywhere's operations share: resource IDs and ARNs, reading a resource of the
 * caller's account, the needs on it, pagination, tags in the service's wire shape.
 *
 * AWS: IAM Roles Anywhere API Reference; resource types `trust-anchor`, `profile`, `crl` and
 * `subject` (`arn:${Partition}:rolesanywhere:${Region}:${Account}:<type>/<id>`, Service
 * Authorization Reference).
 */

export type ResourceKind = 'trust-anchor' | 'profile' | 'crl' | 'subject';

/** The tags table's resource kind of Roles Anywhere resources (keyed by ARN). */
export const TAG_KIND = 'rolesanywhere';

/** A new resource ID: a UUID, as AWS's are. */
export function newResourceId(): string {
  return randomUUID();
}

export function resourceArn(ctx: OperationContext, kind: ResourceKind, id: string, accountId = ctx.principal.accountId): string {
  return `arn:aws:rolesanywhere:${ctx.region}:${accountId}:${kind}/${id}`;
}

const NAMES: Record<ResourceKind, string> = { 'trust-anchor': 'Trust anchor', profile: 'Profile', crl: 'CRL', subject: 'Subject' };

export function notFound(kind: ResourceKind): ServiceError {
  return new ServiceError('ResourceNotFoundException', `${NAMES[kind]} not found`);
}

export function validation(message: string): ServiceError {
  return new ServiceError('ValidationException', message);
}

/** The need of an action on one resource, with the resource's tags as `aws:ResourceTag/…`. */
export async function resourceNeed(ctx: OperationContext, action: string, arn: string, extra: Record<string, ContextValue> = {}): Promise<AuthorizationNeed> {
  const tags = await readTags(ctx, arn);
  return { action: `rolesanywhere:${action}`, resource: arn, context: { ...resourceTagContext(tags.map((t) => ({ Key: t.key, Value: t.value }))), ...extra } };
}

/** A resource's tags, read once per call. */
export function readTags(ctx: OperationContext, arn: string): Promise<{ key: string; value: string }[]> {
  const accountId = parseArn(arn)?.accountId ?? '';
  return readOncePerCall(ctx, `rolesanywhere-tags\n${arn}`, async () =>
    (await ctx.store.tags.list(accountId, TAG_KIND, arn)).map((t) => ({ key: t.Key, value: t.Value })),
  );
}

/** The caller's trust anchor with this ID (another account's is not found), read once per call. */
export function readTrustAnchor(ctx: OperationContext, id: string): Promise<TrustAnchorRecord | undefined> {
  return readOncePerCall(ctx, `trust-anchor\n${id}`, async () => ownRecord(ctx, await ctx.store.rolesAnywhere.trustAnchor(id)));
}

export function readProfile(ctx: OperationContext, id: string): Promise<ProfileRecord | undefined> {
  return readOncePerCall(ctx, `profile\n${id}`, async () => ownRecord(ctx, await ctx.store.rolesAnywhere.profile(id)));
}

export function readCrl(ctx: OperationContext, id: string): Promise<CrlRecord | undefined> {
  return readOncePerCall(ctx, `crl\n${id}`, async () => ownRecord(ctx, await ctx.store.rolesAnywhere.crl(id)));
}

export function readSubject(ctx: OperationContext, id: string): Promise<SubjectRecord | undefined> {
  return readOncePerCall(ctx, `subject\n${id}`, async () => ownRecord(ctx, await ctx.store.rolesAnywhere.subject(id)));
}

function ownRecord<T extends { accountId: string }>(ctx: OperationContext, record: T | undefined): T | undefined {
  return record !== undefined && record.accountId === ctx.principal.accountId ? record : undefined;
}

/** The first resource of a kind that an operation acts on, or its ResourceNotFoundException. */
export function found<T>(record: T | undefined, kind: ResourceKind): T {
  if (record === undefined) throw notFound(kind);
  return record;
}

/** A page of a list, by `pageSize` (default and most: 1000) and an opaque `nextToken` this list issued. */
export function page<T>(items: readonly T[], input: { nextToken?: string; pageSize?: number }): { items: T[]; nextToken?: string } {
  const size = input.pageSize ?? 1000;
  if (size < 1 || size > 1000)
    throw validation(`1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 1000`);
  let start = 0;
  if (input.nextToken !== undefined) {
    const match = /^ra1:(\d+)$/.exec(Buffer.from(input.nextToken, 'base64url').toString('utf8'));
    if (match === null) throw validation('Invalid pagination token');
    start = Number(match[1]);
  }
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(`ra1:${start + size}`, 'utf8').toString('base64url') : undefined;
  return { items: slice, ...(next !== undefined ? { nextToken: next } : {}) };
}

/** Roles Anywhere's tag in its wire shape. */
export interface WireTag {
  key: string;
  value: string;
}

/** AWS: "You can add up to 50 tags to a Roles Anywhere resource" (TooManyTagsException). */
export const MAX_TAGS = 50;

export function tooManyTags(): ServiceError {
  return new ServiceError('TooManyTagsException', 'Too many tags');
}

/** `aws:RequestTag/…` and `aws:TagKeys` of tags in Roles Anywhere's wire shape. */
export function requestTags(tags: readonly WireTag[] | undefined): Record<string, ContextValue> {
  if (tags === undefined || tags.length === 0) return {};
  const context: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.key}`] = tag.value;
  return context;
}

/** Stores a new resource's tags. */
export async function saveTags(ctx: OperationContext, arn: string, tags: readonly WireTag[] | undefined): Promise<void> {
  if (tags === undefined || tags.length === 0) return;
  if (tags.length > MAX_TAGS) throw tooManyTags();
  await ctx.store.tags.put(
    ctx.principal.accountId,
    TAG_KIND,
    arn,
    tags.map((t) => ({ Key: t.key, Value: t.value })),
  );
}

/** Timestamps as the wire encodes them (the model's iso8601). */
export function date(iso: string): Date {
  return new Date(iso);
}
