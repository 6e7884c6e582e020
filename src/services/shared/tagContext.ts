import type { EntityTag } from '../../store/index.js';
import type { ContextValue } from '../operation.js';

/** The condition keys that describe tags: those a request sets and those a resource has. */

/** `aws:RequestTag/…` and `aws:TagKeys` for a request that sets tags. */
export function requestTagContext(tags: readonly { Key: string; Value: string }[] | undefined): Record<string, ContextValue> {
  if (tags === undefined || tags.length === 0) return {};
  const context: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}

/** `aws:ResourceTag/…` keys for an existing resource's tags. */
export function resourceTagContext(tags: readonly EntityTag[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of tags) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  return context;
}
