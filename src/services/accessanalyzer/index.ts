import type { Operation } from '../operation.js';
import { ValidatePolicy } from './validatePolicy.js';

/** IAM Access Analyzer's operations Gatehouse implements. */
export const accessAnalyzerOperations: readonly Operation[] = [ValidatePolicy];
export { ACCESS_ANALYZER_DESCRIPTOR } from './descriptor.js';
