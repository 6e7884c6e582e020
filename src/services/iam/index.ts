import type { Operation } from '../operation.js';
import { reportsOperations } from './reports.js';

/** Every implemented IAM operation; each topic file contributes its list. */
export const iamOperations: readonly Operation[] = [
  ...reportsOperations,
];
