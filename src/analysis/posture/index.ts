export { analyzeAccount, type AnalyzeOptions } from './analyze.js';
export type { PostureReport } from './report.js';
export { SEVERITIES, countBySeverity, failsAt, severityRank, sortFindings, type Finding, type FindingCategory, type Severity } from './findings.js';
export { DEFAULT_THRESHOLDS, THRESHOLD_NAMES, ThresholdError, thresholdsOf, type Thresholds } from './thresholds.js';
export { CHECKS } from './checks/catalog.js';
export type { Check, CheckOutcome } from './checks/check.js';
export { IAM_TECHNIQUES, PASSROLE_TECHNIQUES, TECHNIQUES, type Technique, type PassRoleTechnique } from './escalation/techniques.js';
export type { AdministratorInfo, EscalationPath, EscalationStep, StepAction } from './escalation/paths.js';
export { accountModelOf, type AccountModel } from './accountModel.js';
