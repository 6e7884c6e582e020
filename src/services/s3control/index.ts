import type { Operation } from '../operation.js';
import { DeletePublicAccessBlock, GetPublicAccessBlock, PutPublicAccessBlock } from './publicAccessBlock.js';

export { S3CONTROL_DESCRIPTOR } from './descriptor.js';

/** Every S3 Control operation Gatehouse implements. */
export const s3controlOperations: readonly Operation[] = [PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock];
