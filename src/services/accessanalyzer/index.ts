import type { Operation } from '../operation.js';
import { CheckAccessNotGranted, CheckNoNewAccess, CheckNoPublicAccess } from './customChecks.js';
import { ValidatePolicy } from './validatePolicy.js';

/** IAM Access Analyzer's operations Gatehouse implements. */
export const accessAnalyzerOperations: readonly Operation[] = [ValidatePolicy, CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess];
export { ACCESS_ANALYZER_DESCRIPTOR } from './descriptor.js';
