import type { Operation } from '../operation.js';
import { CreateAccessPreview, GetAccessPreview, ListAccessPreviewFindings, ListAccessPreviews } from './accessPreviews.js';
import { ListAnalyzedResources, GetAnalyzedResource, StartResourceScan } from './analyzedResources.js';
import { CreateAnalyzer, DeleteAnalyzer, GetAnalyzer, ListAnalyzers, UpdateAnalyzer } from './analyzers.js';
import {
  ApplyArchiveRule,
  CreateArchiveRule,
  DeleteArchiveRule,
  GetArchiveRule,
  ListArchiveRules,
  ListTagsForResource,
  TagResource,
  UntagResource,
  UpdateArchiveRule,
} from './archiveRules.js';
import { CheckAccessNotGranted, CheckNoNewAccess, CheckNoPublicAccess } from './customChecks.js';
import { GetFinding, GetFindingsStatistics, GetFindingV2, ListFindings, ListFindingsV2, UpdateFindings } from './findings.js';
import { CancelPolicyGeneration, GetGeneratedPolicy, ListPolicyGenerations, StartPolicyGeneration } from './policyGeneration.js';
import { GenerateFindingRecommendation, GetFindingRecommendation } from './recommendations.js';
import { ValidatePolicy } from './validatePolicy.js';

/** IAM Access Analyzer's operations Gatehouse implements. */
export const accessAnalyzerOperations: readonly Operation[] = [
  ValidatePolicy,
  CheckNoNewAccess,
  CheckAccessNotGranted,
  CheckNoPublicAccess,
  CreateAnalyzer,
  GetAnalyzer,
  ListAnalyzers,
  UpdateAnalyzer,
  DeleteAnalyzer,
  CreateArchiveRule,
  GetArchiveRule,
  ListArchiveRules,
  UpdateArchiveRule,
  DeleteArchiveRule,
  ApplyArchiveRule,
  TagResource,
  UntagResource,
  ListTagsForResource,
  ListFindings,
  ListFindingsV2,
  GetFinding,
  GetFindingV2,
  UpdateFindings,
  GetFindingsStatistics,
  StartResourceScan,
  GetAnalyzedResource,
  ListAnalyzedResources,
  GenerateFindingRecommendation,
  GetFindingRecommendation,
  StartPolicyGeneration,
  GetGeneratedPolicy,
  ListPolicyGenerations,
  CancelPolicyGeneration,
  CreateAccessPreview,
  GetAccessPreview,
  ListAccessPreviews,
  ListAccessPreviewFindings,
];
export { ACCESS_ANALYZER_DESCRIPTOR } from './descriptor.js';
export { FindingsEngine } from './findingsEngine.js';
export { externalAccessOfAccount, unusedAccessOfAccount } from './accountAnalysis.js';
export { RESOURCE_KINDS, type KindChange, type PreviewReader, type ResourceKind } from './resourceKinds/index.js';
