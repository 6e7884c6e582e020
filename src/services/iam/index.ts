import type { Operation } from '../operation.js';

/** Every implemented IAM operation; each topic file contributes its list. */
export const iamOperations: readonly Operation[] = [];
