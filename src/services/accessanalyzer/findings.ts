import type { AnalyzerRecord, Criterion, FindingRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { analyzerErrors } from './analyzerErrors.js';
import { loadAnalyzerByArn } from './analyzerRecords.js';
import { isUnusedAccessAnalyzer } from './analyzerScope.js';
import { checkFilter, findingFields, matchesFilter } from './findingFilters.js';
import { externalDetails, findingDetailsList, findingSummaryV2, findingV1 } from './findingViews.js';
import { page } from './paging.js';
import { refreshUnusedFindings } from './unusedFindings.js';

/**
 * Findings through both APIs: ListFindings and GetFinding (external access analyzers only),
 * ListFindingsV2 and GetFindingV2 (every analyzer), UpdateFindings and GetFindingsStatistics.
 * Every finding operation is authorized on the analyzer (`access-analyzer:ListFindings` and
 * `access-analyzer:GetFinding` serve both APIs). An unused access analyzer's findings are brought
 * up to date with the audit trail and the clock before they are read.
 * AWS: Access Analyzer API reference, ListFindings ("supported only for external access
 * analyzers. You must use ListFindingsV2 for internal and unused access analyzers"), GetFinding,
 * ListFindingsV2, GetFindingV2, UpdateFindings, GetFindingsStatistics, SortCriteria.
 */

interface ListInput {
  analyzerArn: string;
  filter?: Record<string, Criterion>;
  sort?: { attributeName?: string; orderBy?: 'ASC' | 'DESC' };
  nextToken?: string;
  maxResults?: number;
}

/** The analyzer a findings call names, with its findings current. */
async function analyzerOf(ctx: OperationContext, arn: string): Promise<AnalyzerRecord> {
  const analyzer = await loadAnalyzerByArn(ctx, arn);
  if (isUnusedAccessAnalyzer(analyzer)) await refreshUnusedFindings(ctx.store, analyzer, ctx.now, ctx.flushAudit);
  return analyzer;
}

function onlyExternal(analyzer: AnalyzerRecord, operation: string): void {
  if (isUnusedAccessAnalyzer(analyzer)) {
    throw analyzerErrors.notSupported(`${operation} is supported only for external access analyzers. Use ${operation}V2 for unused access analyzers.`);
  }
}

/** A finding field's value for sorting (a list sorts by its first element). */
function sortValue(f: FindingRecord, attribute: string): string {
  const direct: Record<string, string> = { createdAt: f.createdAt, updatedAt: f.updatedAt, analyzedAt: f.analyzedAt };
  if (attribute in direct) return direct[attribute]!;
  const v = findingFields(f).get(attribute);
  return v === undefined ? '' : typeof v === 'string' ? v : (v[0] ?? '');
}

/** The analyzer's findings that pass the filter, sorted as asked (by creation time by default). */
async function listed(ctx: OperationContext, analyzer: AnalyzerRecord, input: ListInput): Promise<FindingRecord[]> {
  checkFilter(input.filter);
  const all = (await ctx.store.analyzerFindings.list(analyzer.arn)).filter((f) => matchesFilter(findingFields(f), input.filter));
  const attribute = input.sort?.attributeName;
  if (attribute === undefined) return all;
  const direction = input.sort?.orderBy === 'DESC' ? -1 : 1;
  return all
    .map((f, i) => ({ f, i, v: sortValue(f, attribute) }))
    .sort((a, b) => (a.v < b.v ? -direction : a.v > b.v ? direction : a.i - b.i))
    .map((x) => x.f);
}

const scopeOf = (operation: string, analyzer: AnalyzerRecord, input: ListInput) => [operation, analyzer.arn, input.filter ?? null, input.sort ?? null];

async function loadFinding(ctx: OperationContext, analyzer: AnalyzerRecord, id: string): Promise<FindingRecord> {
  const finding = await ctx.store.analyzerFindings.get(analyzer.arn, id);
  if (finding === undefined) throw analyzerErrors.notFound('Finding', id);
  return finding;
}

export const ListFindings = defineOperation<ListInput>({
  service: 'access-analyzer',
  name: 'ListFindings',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:ListFindings', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await analyzerOf(ctx, input.analyzerArn);
    onlyExternal(analyzer, 'ListFindings');
    const { items, nextToken } = page(await listed(ctx, analyzer, input), input, scopeOf('ListFindings', analyzer, input));
    return { findings: items.map(findingV1), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

export const ListFindingsV2 = defineOperation<ListInput>({
  service: 'access-analyzer',
  name: 'ListFindingsV2',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:ListFindings', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await analyzerOf(ctx, input.analyzerArn);
    const { items, nextToken } = page(await listed(ctx, analyzer, input), input, scopeOf('ListFindingsV2', analyzer, input));
    return { findings: items.map(findingSummaryV2), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

export const GetFinding = defineOperation<{ analyzerArn: string; id: string }>({
  service: 'access-analyzer',
  name: 'GetFinding',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:GetFinding', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await analyzerOf(ctx, input.analyzerArn);
    onlyExternal(analyzer, 'GetFinding');
    return { finding: findingV1(await loadFinding(ctx, analyzer, input.id)) };
  },
});

/** GetFindingV2: a finding with its details, paged (an unused permission finding has one detail per service). */
export const GetFindingV2 = defineOperation<{ analyzerArn: string; id: string; maxResults?: number; nextToken?: string }>({
  service: 'access-analyzer',
  name: 'GetFindingV2',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:GetFinding', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await analyzerOf(ctx, input.analyzerArn);
    const finding = await loadFinding(ctx, analyzer, input.id);
    const { items, nextToken } = page(findingDetailsList(finding), input, ['GetFindingV2', analyzer.arn, finding.id, finding.updatedAt]);
    return {
      analyzedAt: finding.analyzedAt,
      createdAt: finding.createdAt,
      ...(finding.error !== null ? { error: finding.error } : {}),
      id: finding.id,
      ...(nextToken !== undefined ? { nextToken } : {}),
      resource: finding.resource,
      resourceType: finding.resourceType,
      resourceOwnerAccount: finding.resourceOwnerAccount,
      status: finding.status,
      updatedAt: finding.updatedAt,
      findingDetails: items,
      findingType: finding.findingType,
    };
  },
});

/**
 * UpdateFindings: archives findings, or makes archived ones active again, by ID or by resource.
 * A resolved finding keeps its status (AWS: only ACTIVE and ARCHIVED can be set).
 */
export const UpdateFindings = defineOperation<{
  analyzerArn: string;
  status: 'ACTIVE' | 'ARCHIVED';
  ids?: string[];
  resourceArn?: string;
  clientToken?: string;
}>({
  service: 'access-analyzer',
  name: 'UpdateFindings',
  readOnly: false,
  authorize: (input) => [{ action: 'access-analyzer:UpdateFindings', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    if ((input.ids === undefined || input.ids.length === 0) && input.resourceArn === undefined) {
      throw analyzerErrors.invalid('Invalid UpdateFindingsRequest: specify ids or resourceArn');
    }
    const chosen: FindingRecord[] = [];
    for (const id of input.ids ?? []) chosen.push(await loadFinding(ctx, analyzer, id));
    if (input.resourceArn !== undefined) chosen.push(...(await ctx.store.analyzerFindings.list(analyzer.arn, { resources: [input.resourceArn] })));
    const ids = [...new Set(chosen.filter((f) => f.status !== 'RESOLVED' && f.status !== input.status).map((f) => f.id))];
    if (ids.length > 0) await ctx.store.analyzerFindings.setStatus(analyzer.arn, ids, input.status, ctx.now.toISOString());
    return {};
  },
});

/** GetFindingsStatistics: counts of the analyzer's findings by status, and per resource type (external) or unused access type. */
export const GetFindingsStatistics = defineOperation<{ analyzerArn: string }>({
  service: 'access-analyzer',
  name: 'GetFindingsStatistics',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:GetFindingsStatistics', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await analyzerOf(ctx, input.analyzerArn);
    const findings = await ctx.store.analyzerFindings.list(analyzer.arn);
    const totals = {
      totalActiveFindings: findings.filter((f) => f.status === 'ACTIVE').length,
      totalArchivedFindings: findings.filter((f) => f.status === 'ARCHIVED').length,
      totalResolvedFindings: findings.filter((f) => f.status === 'RESOLVED').length,
    };
    const active = findings.filter((f) => f.status === 'ACTIVE');
    const lastUpdatedAt = ctx.now.toISOString();
    if (isUnusedAccessAnalyzer(analyzer)) {
      const byType = new Map<string, number>();
      const byAccount = new Map<string, Map<string, number>>();
      for (const f of active) {
        byType.set(f.findingType, (byType.get(f.findingType) ?? 0) + 1);
        const account = byAccount.get(f.resourceOwnerAccount) ?? new Map<string, number>();
        account.set(f.findingType, (account.get(f.findingType) ?? 0) + 1);
        byAccount.set(f.resourceOwnerAccount, account);
      }
      const topAccounts = [...byAccount.entries()]
        .map(([account, details]) => ({
          account,
          numberOfActiveFindings: [...details.values()].reduce((a, b) => a + b, 0),
          details: Object.fromEntries(details),
        }))
        .sort((a, b) => b.numberOfActiveFindings - a.numberOfActiveFindings || (a.account < b.account ? -1 : 1))
        .slice(0, 10);
      const unusedAccessTypeStatistics = [...byType.entries()].sort().map(([unusedAccessType, total]) => ({ unusedAccessType, total }));
      return { findingsStatistics: [{ unusedAccessFindingsStatistics: { unusedAccessTypeStatistics, topAccounts, ...totals } }], lastUpdatedAt };
    }
    const resourceTypeStatistics: Record<string, { totalActivePublic: number; totalActiveCrossAccount: number; totalActiveErrors: number }> = {};
    for (const f of active) {
      const stats = (resourceTypeStatistics[f.resourceType] ??= { totalActivePublic: 0, totalActiveCrossAccount: 0, totalActiveErrors: 0 });
      if (f.error !== null) stats.totalActiveErrors++;
      else if (externalDetails(f)?.isPublic === true) stats.totalActivePublic++;
      else stats.totalActiveCrossAccount++;
    }
    return { findingsStatistics: [{ externalAccessFindingsStatistics: { resourceTypeStatistics, ...totals } }], lastUpdatedAt };
  },
});
