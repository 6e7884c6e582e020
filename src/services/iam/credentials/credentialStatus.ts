import { ServiceError } from '../../../errors.js';
import type { CredentialStatus, EntityTag, Page } from '../../../store/index.js';
import { decodeMarker, encodeMarker } from '../../../store/repositories/index.js';
import type { ContextValue } from '../../operation.js';

/**
 * Small pieces the credential topics (MFA devices, SSH keys, certificates, service-specific
 * credentials) share: paging short per-user lists, resource tag context keys, status values.
 */

/** One page of an already sorted short list; the marker is the sort key of the last item returned. */
export function pageInMemory<T>(items: readonly T[], key: (item: T) => string, input: { Marker?: unknown; MaxItems?: unknown }): Page<T> {
  const maxItems = typeof input.MaxItems === 'number' ? input.MaxItems : 100;
  const after = typeof input.Marker === 'string' ? decodeMarker(input.Marker) : undefined;
  const rest = after === undefined ? [...items] : items.filter((item) => key(item) > after);
  const page = rest.slice(0, maxItems);
  if (rest.length <= maxItems) return { items: page, isTruncated: false };
  return { items: page, isTruncated: true, marker: encodeMarker(key(page[page.length - 1]!)) };
}

/** `aws:ResourceTag/…` keys for an existing resource's tags. */
export function resourceTagContext(tags: readonly EntityTag[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of tags) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  return context;
}

/**
 * The status an Update… operation may set. AWS: the model's `statusType` also lists `Expired`,
 * which IAM sets itself (expiring service-specific credentials) and callers cannot.
 */
export function settableStatus(status: string): CredentialStatus {
  if (status === 'Active' || status === 'Inactive') return status;
  throw new ServiceError('ValidationError', `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
}
