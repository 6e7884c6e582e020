import { ServiceError } from '../../errors.js';
import { PARTITION } from '../../model/index.js';
import type { AnalyzerRecord, Criterion } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { analyzerErrors } from './analyzerErrors.js';
import { checkFilter } from './findingFilters.js';

/** The ARN of an analyzer of the caller's account in the server's region. */
export function analyzerArn(ctx: Pick<OperationContext, 'region' | 'principal'>, name: string): string {
  return `arn:${PARTITION}:access-analyzer:${ctx.region}:${ctx.principal.accountId}:analyzer/${name}`;
}

/** The ARN of an archive rule (the resource its operations are authorized on). */
export function archiveRuleArn(ctx: Pick<OperationContext, 'region' | 'principal'>, analyzerName: string, ruleName: string): string {
  return `${analyzerArn(ctx, analyzerName)}/archive-rule/${ruleName}`;
}

/** The caller's analyzer of that name, or ResourceNotFoundException. */
export async function loadAnalyzer(ctx: OperationContext, name: string): Promise<AnalyzerRecord> {
  const analyzer = await ctx.store.analyzers.get(ctx.principal.accountId, name);
  if (analyzer === undefined) throw analyzerErrors.notFound('Analyzer', name);
  return analyzer;
}

/** The caller's analyzer of that ARN, or ResourceNotFoundException (another account's is not found either). */
export async function loadAnalyzerByArn(ctx: OperationContext, arn: string): Promise<AnalyzerRecord> {
  const analyzer = await ctx.store.analyzers.getByArn(arn);
  if (analyzer === undefined || analyzer.accountId !== ctx.principal.accountId) throw analyzerErrors.notFound('Analyzer', arn);
  return analyzer;
}

/** AWS's AnalyzerSummary of an analyzer (GetAnalyzer, ListAnalyzers). */
export function analyzerSummary(a: AnalyzerRecord): Record<string, unknown> {
  return {
    arn: a.arn,
    name: a.name,
    type: a.type,
    createdAt: a.createdAt,
    ...(a.lastResourceAnalyzed !== null ? { lastResourceAnalyzed: a.lastResourceAnalyzed } : {}),
    ...(a.lastResourceAnalyzedAt !== null ? { lastResourceAnalyzedAt: a.lastResourceAnalyzedAt } : {}),
    tags: a.tags,
    status: a.status,
    ...(a.statusReason !== null ? { statusReason: { code: a.statusReason } } : {}),
    ...(a.configuration !== null ? { configuration: a.configuration } : {}),
  };
}

/** AWS: the default tracking period of an unused access analyzer (UnusedAccessConfiguration). */
export const DEFAULT_UNUSED_ACCESS_AGE = 90;
/** AWS: "The list cannot include more than 2,000 account IDs" (AnalysisRuleCriteria). */
const MAX_EXCLUDED_ACCOUNTS = 2000;

interface UnusedAccessInput {
  unusedAccessAge?: number;
  analysisRule?: { exclusions?: { accountIds?: string[]; resourceTags?: Record<string, string>[] }[] };
}

/**
 * The configuration an analyzer keeps: for an unused access analyzer its unused access
 * configuration with the tracking period (1 to 365 days, 90 by default) and its exclusions (account
 * IDs for organization analyzers only, never the analyzer's own account; resource tags); external
 * access analyzers take none. AWS: API reference, AnalyzerConfiguration, UnusedAccessConfiguration,
 * AnalysisRuleCriteria.
 */
export function analyzerConfiguration(
  type: AnalyzerRecord['type'],
  accountId: string,
  configuration: { unusedAccess?: UnusedAccessInput; internalAccess?: unknown } | undefined,
): Record<string, unknown> | null {
  const unused = type.endsWith('_UNUSED_ACCESS');
  if (configuration?.internalAccess !== undefined) {
    throw analyzerErrors.invalid(`Invalid AnalyzerConfiguration: internalAccess is not supported for analyzer type ${type}`);
  }
  if (!unused) {
    if (configuration?.unusedAccess !== undefined)
      throw analyzerErrors.invalid(`Invalid AnalyzerConfiguration: unusedAccess is not supported for analyzer type ${type}`);
    return null;
  }
  const given = configuration?.unusedAccess ?? {};
  const age = given.unusedAccessAge ?? DEFAULT_UNUSED_ACCESS_AGE;
  if (!Number.isInteger(age) || age < 1 || age > 365) {
    throw analyzerErrors.invalid(`Invalid UnusedAccessConfiguration: unusedAccessAge must be between 1 and 365 days, got ${age}`);
  }
  const exclusions = given.analysisRule?.exclusions ?? [];
  let accounts = 0;
  for (const exclusion of exclusions) {
    const ids = exclusion.accountIds ?? [];
    const tags = exclusion.resourceTags ?? [];
    if (ids.length === 0 && tags.length === 0) throw analyzerErrors.invalid('Invalid AnalysisRuleCriteria: a criterion must list accountIds or resourceTags');
    if (ids.length > 0 && type !== 'ORGANIZATION_UNUSED_ACCESS') {
      throw analyzerErrors.invalid('Invalid AnalysisRuleCriteria: accountIds can only be used by organization-level analyzers');
    }
    for (const id of ids) {
      if (!/^\d{12}$/.test(id)) throw analyzerErrors.invalid(`Invalid AnalysisRuleCriteria: ${id} is not an AWS account ID`);
      if (id === accountId) throw analyzerErrors.invalid('Invalid AnalysisRuleCriteria: accountIds cannot include the organization analyzer owner account');
    }
    accounts += ids.length;
    for (const map of tags) {
      for (const [key, value] of Object.entries(map)) {
        if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith('aws:') || value.length > 256) {
          throw analyzerErrors.invalid(`Invalid AnalysisRuleCriteria: resource tag ${key} is not a valid tag`);
        }
      }
    }
  }
  if (accounts > MAX_EXCLUDED_ACCOUNTS) throw analyzerErrors.invalid(`Invalid AnalysisRule: exclusions list more than ${MAX_EXCLUDED_ACCOUNTS} account IDs`);
  return { unusedAccess: { unusedAccessAge: age, ...(given.analysisRule !== undefined ? { analysisRule: given.analysisRule } : {}) } };
}

/** AWS: at most 50 tags on an analyzer (TagsMap), keys 1–128 characters not starting `aws:`, values up to 256. */
export function checkAnalyzerTags(tags: Readonly<Record<string, string>>): void {
  const entries = Object.entries(tags);
  if (entries.length > 50) throw analyzerErrors.invalid('Invalid tags: an analyzer has at most 50 tags');
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || value.length > 256) throw analyzerErrors.invalid(`Invalid tags: ${key} is not a valid tag`);
    if (key.toLowerCase().startsWith('aws:')) throw analyzerErrors.invalid(`Invalid tags: the aws: prefix is reserved (${key})`);
  }
}

/** AWS: at most 100 archive rules per analyzer (IAM Access Analyzer quotas). */
export const MAX_ARCHIVE_RULES = 100;
/** AWS: "Each archive rule can have up to 20 values per criterion" (IAM Access Analyzer quotas). */
const MAX_CRITERION_VALUES = 20;

/** Checks an archive rule's filter (keys, criteria, at most 20 values per criterion). */
export function checkRuleFilter(filter: Readonly<Record<string, Criterion>>): void {
  if (Object.keys(filter).length === 0) throw analyzerErrors.invalid('Invalid filter: an archive rule needs at least one criterion');
  checkFilter(filter);
  for (const [key, c] of Object.entries(filter)) {
    for (const op of ['eq', 'neq', 'contains'] as const) {
      if ((c[op]?.length ?? 0) > MAX_CRITERION_VALUES)
        throw analyzerErrors.invalid(`Invalid filter criterion for ${key}: at most ${MAX_CRITERION_VALUES} values`);
    }
  }
}

/** A ServiceError for an ORGANIZATION analyzer whose caller may not create one. */
export function notDelegatedAdministrator(accountId: string): ServiceError {
  // AWS (observed through CloudFormation): "Account <id> is not a delegated administrator" (403).
  return new ServiceError('AccessDeniedException', `Account ${accountId} is not a delegated administrator`);
}
