import { ServiceError } from '../../errors.js';
import type { ListOptions, Page } from '../../store/index.js';
import type { AuthorizationNeed, ContextValue } from '../operation.js';

/**
 * Pieces every IAM operation shares: authorization needs, pagination in IAM's terms, and IAM's
 * error wording. Operation files import from here rather than spelling these again.
 */

/** One authorization need for an IAM action on a resource ARN (or `*`). */
export function iamNeed(action: string, resource: string, context?: Record<string, ContextValue>): AuthorizationNeed[] {
  return [context === undefined ? { action: `iam:${action}`, resource } : { action: `iam:${action}`, resource, context }];
}

/** IAM's `Marker`/`MaxItems`/`PathPrefix` request members as store list options. */
export function listOptions(input: { Marker?: unknown; MaxItems?: unknown; PathPrefix?: unknown }): ListOptions {
  const options: ListOptions = {};
  if (typeof input.Marker === 'string') options.marker = input.Marker;
  if (typeof input.MaxItems === 'number') options.maxItems = input.MaxItems;
  if (typeof input.PathPrefix === 'string') options.pathPrefix = input.PathPrefix;
  return options;
}

/** IAM's `IsTruncated`/`Marker` response members for a page. */
export function pageMembers<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.isTruncated && page.marker !== undefined ? { IsTruncated: true, Marker: page.marker } : { IsTruncated: false };
}

/** `aws:RequestTag/…` and `aws:TagKeys` for a request that sets tags. */
export function requestTagContext(tags: readonly { Key: string; Value: string }[] | undefined): Record<string, ContextValue> {
  if (tags === undefined || tags.length === 0) return {};
  const context: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}

/** Entity kinds as IAM names them in its messages. */
export type EntityKind = 'user' | 'group' | 'role';

/** AWS: IAM's error texts, as the IAM API returns them (IAM API reference, "Errors" of each operation). */
export const iamErrors = {
  noSuchEntity(kind: EntityKind, name: string): ServiceError {
    return new ServiceError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
  },
  alreadyExists(kind: EntityKind, name: string): ServiceError {
    const label = kind.charAt(0).toUpperCase() + kind.slice(1);
    return new ServiceError('EntityAlreadyExists', `${label} with name ${name} already exists.`);
  },
  limitExceeded(quotaName: string, value: number): ServiceError {
    return new ServiceError('LimitExceeded', `Cannot exceed quota for ${quotaName}: ${value}`);
  },
  deleteConflict(what: string): ServiceError {
    return new ServiceError('DeleteConflict', `Cannot delete entity, must ${what} first.`);
  },
  invalidInput(message: string): ServiceError {
    return new ServiceError('InvalidInput', message);
  },
};
