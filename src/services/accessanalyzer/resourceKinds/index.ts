import { organizationPolicyKind } from './organizationPolicy.js';
import type { ResourceKind } from './resourceKind.js';
import { roleTrustKind } from './roleTrust.js';
import { s3BucketKind } from './s3Bucket.js';

export type { KindChange, PreviewReader, ResourceKind } from './resourceKind.js';

/** Every kind of resource Access Analyzer's external access analysis reads (one module each). */
export const RESOURCE_KINDS: readonly ResourceKind[] = [roleTrustKind, organizationPolicyKind, s3BucketKind];

/** The kind of a resource type, or undefined when Gatehouse holds no such resources. */
export function kindOf(resourceType: string): ResourceKind | undefined {
  return RESOURCE_KINDS.find((k) => k.resourceType === resourceType);
}
