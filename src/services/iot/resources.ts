import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';

/**
 * What AWS IoT's operations share: ARNs, errors, markers, tags.
 *
 * AWS: AWS IoT API Reference; resource types `cert`, `cacert`, `rolealias`, `policy` and `thing`
 * (`arn:${Partition}:iot:${Region}:${Account}:<type>/<name or id>`, Service Authorization
 * Reference).
 */

export type IotResourceType = 'cert' | 'cacert' | 'rolealias' | 'policy' | 'thing';

/** The tags table's resource kind of IoT resources (keyed by ARN). */
export const IOT_TAG_KIND = 'iot';

export function iotArn(ctx: OperationContext, type: IotResourceType, name: string, accountId = ctx.principal.accountId): string {
  return `arn:aws:iot:${ctx.region}:${accountId}:${type}/${name}`;
}

/** The need of an IoT action on a resource (`*` for the account's). */
export function iotNeed(action: string, resource: string, context?: Record<string, ContextValue>): AuthorizationNeed {
  return { action: `iot:${action}`, resource, ...(context !== undefined ? { context } : {}) };
}

export function notFound(message: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', message);
}

export function invalidRequest(message: string): ServiceError {
  return new ServiceError('InvalidRequestException', message);
}

/** A generation ID, as IoT resources carry (changes on each update). */
export function generationId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * A page of a list by `pageSize` (1–250, default 25 as IoT's lists) and an opaque marker this list
 * issued; `ascendingOrder` false lists newest first.
 */
export function iotPage<T>(items: readonly T[], input: { marker?: string; pageSize?: number; ascendingOrder?: boolean }): { items: T[]; nextMarker?: string } {
  const size = input.pageSize ?? 25;
  const ordered = input.ascendingOrder === false ? [...items].reverse() : items;
  let start = 0;
  if (input.marker !== undefined) {
    const match = /^iot1:(\d+)$/.exec(Buffer.from(input.marker, 'base64url').toString('utf8'));
    if (match === null) throw invalidRequest('Invalid marker');
    start = Number(match[1]);
  }
  const slice = ordered.slice(start, start + size);
  const next = start + size < ordered.length ? Buffer.from(`iot1:${start + size}`, 'utf8').toString('base64url') : undefined;
  return { items: slice, ...(next !== undefined ? { nextMarker: next } : {}) };
}

/** IoT's tag in its wire shape. */
export interface IotTag {
  Key: string;
  Value: string;
}

export function requestTags(tags: readonly IotTag[] | undefined): Record<string, ContextValue> {
  if (tags === undefined || tags.length === 0) return {};
  const context: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}

export async function saveTags(ctx: OperationContext, arn: string, tags: readonly IotTag[] | undefined): Promise<void> {
  if (tags !== undefined && tags.length > 0) await ctx.store.tags.put(ctx.principal.accountId, IOT_TAG_KIND, arn, tags);
}

/** Seconds since the epoch, as IoT's models encode timestamps, from the stored ISO time. */
export function date(iso: string): Date {
  return new Date(iso);
}
