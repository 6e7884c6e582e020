export { analyzeExternalAccess } from './externalAccess.js';
export { EXTERNAL_ACCESS_RULES, type ExternalAccessRules } from './resourceRules.js';
export type { AnalyzedPolicy, ExternalAccess, ExternalAccessResult, FindingSource, ZoneOfTrust } from './types.js';
