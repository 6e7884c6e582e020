import type { AnalyzedPolicy } from '../../analysis/externalAccess/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { analyzerErrors } from './analyzerErrors.js';
import { loadAnalyzerByArn } from './analyzerRecords.js';
import { analyzerScope, isUnusedAccessAnalyzer } from './analyzerScope.js';
import { page } from './paging.js';
import { AnalysisCache, reconcile } from './reconcile.js';
import { RESOURCE_KINDS, type ResourceKind } from './resourceKinds/index.js';

/**
 * The resources an external access analyzer has analyzed: StartResourceScan (analyze one now),
 * GetAnalyzedResource, ListAnalyzedResources. AWS: Access Analyzer API reference.
 */

/** The kind and current entries of a resource by ARN, if any kind holds it. */
async function locate(ctx: OperationContext, arn: string): Promise<{ kind: ResourceKind; current: AnalyzedPolicy[] } | undefined> {
  for (const kind of RESOURCE_KINDS) {
    const current = await kind.get(ctx.store, arn);
    if (current.length > 0) return { kind, current };
  }
  return undefined;
}

/** StartResourceScan: analyzes the resource now and brings its findings in line (a deleted one's are resolved). */
export const StartResourceScan = defineOperation<{ analyzerArn: string; resourceArn: string; resourceOwnerAccount?: string }>({
  service: 'access-analyzer',
  name: 'StartResourceScan',
  readOnly: false,
  authorize: (input) => [{ action: 'access-analyzer:StartResourceScan', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    if (isUnusedAccessAnalyzer(analyzer)) throw analyzerErrors.notSupported('StartResourceScan is supported only for external access analyzers');
    const scope = await analyzerScope(ctx.store, analyzer);
    if (scope.zone === undefined) throw analyzerErrors.conflict('Analyzer', analyzer.name, `Analyzer ${analyzer.name} is disabled (${scope.disabled})`);
    const found = await locate(ctx, input.resourceArn);
    const known = await ctx.store.analyzerFindings.getResource(analyzer.arn, input.resourceArn);
    if (found === undefined && known === undefined) throw analyzerErrors.notFound('Resource', input.resourceArn);
    if (found !== undefined && !scope.zone.accounts.has(found.current[0]!.ownerAccount)) throw analyzerErrors.notFound('Resource', input.resourceArn);
    await reconcile(
      ctx.store,
      analyzer,
      scope.zone,
      { scope: 'resources', resources: [{ arn: input.resourceArn, current: found?.current ?? [] }] },
      ctx.now.toISOString(),
      new AnalysisCache(1),
    );
    return {};
  },
});

export const GetAnalyzedResource = defineOperation<{ analyzerArn: string; resourceArn: string }>({
  service: 'access-analyzer',
  name: 'GetAnalyzedResource',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:GetAnalyzedResource', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    const r = await ctx.store.analyzerFindings.getResource(analyzer.arn, input.resourceArn);
    if (r === undefined) throw analyzerErrors.notFound('Resource', input.resourceArn);
    const open = (await ctx.store.analyzerFindings.list(analyzer.arn, { resources: [r.resourceArn] })).filter((f) => f.status !== 'RESOLVED');
    const status = open.some((f) => f.status === 'ACTIVE') ? 'ACTIVE' : open.length > 0 ? 'ARCHIVED' : undefined;
    return {
      resource: {
        resourceArn: r.resourceArn,
        resourceType: r.resourceType,
        createdAt: r.createdAt,
        analyzedAt: r.analyzedAt,
        updatedAt: r.updatedAt,
        isPublic: r.isPublic,
        ...(r.actions.length > 0 ? { actions: r.actions } : {}),
        ...(status !== undefined ? { status } : {}),
        resourceOwnerAccount: r.resourceOwnerAccount,
        ...(r.error !== null ? { error: r.error } : {}),
      },
    };
  },
});

export const ListAnalyzedResources = defineOperation<{ analyzerArn: string; resourceType?: string; nextToken?: string; maxResults?: number }>({
  service: 'access-analyzer',
  name: 'ListAnalyzedResources',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:ListAnalyzedResources', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    const all = await ctx.store.analyzerFindings.listResources(analyzer.arn, input.resourceType);
    const { items, nextToken } = page(all, input, ['ListAnalyzedResources', analyzer.arn, input.resourceType ?? null]);
    return {
      analyzedResources: items.map((r) => ({ resourceArn: r.resourceArn, resourceOwnerAccount: r.resourceOwnerAccount, resourceType: r.resourceType })),
      ...(nextToken !== undefined ? { nextToken } : {}),
    };
  },
});
