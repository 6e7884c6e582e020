import type { PublicAccessBlock } from '../../store/index.js';

/**
 * A PublicAccessBlockConfiguration as S3 and S3 Control take it: a setting left out is false.
 * AWS: S3 API Reference, PublicAccessBlockConfiguration.
 */
export function blockConfiguration(value: Partial<Record<keyof PublicAccessBlock, boolean>> | undefined): PublicAccessBlock {
  return {
    BlockPublicAcls: value?.BlockPublicAcls === true,
    IgnorePublicAcls: value?.IgnorePublicAcls === true,
    BlockPublicPolicy: value?.BlockPublicPolicy === true,
    RestrictPublicBuckets: value?.RestrictPublicBuckets === true,
  };
}
