import { recommendedSteps, unusedPermissionsOf, type EntityPolicy } from '../../analysis/unusedAccess/index.js';
import { StorePolicyReader } from '../../auth/index.js';
import type { RecommendationRecord, Store } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import { analyzerErrors } from './analyzerErrors.js';
import { loadAnalyzerByArn } from './analyzerRecords.js';
import { unusedDetails } from './findingViews.js';
import { page } from './paging.js';

/**
 * GenerateFindingRecommendation and GetFindingRecommendation: for an UnusedPermission finding,
 * one step per identity policy attached to the user or role (inline or managed) that allows
 * something unused: DETACH_POLICY when it allows nothing used, CREATE_POLICY with the narrower
 * policy to replace it otherwise (src/analysis/unusedAccess/recommendations.ts). The
 * recommendation is made at once (status SUCCEEDED). AWS: Access Analyzer API reference,
 * GenerateFindingRecommendation ("Creates a recommendation for an unused permissions finding"),
 * GetFindingRecommendation, UnusedPermissionsRecommendedStep.
 */

const ENTITY_ARN = /^arn:[^:]+:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/;

/** The identity policies attached to the entity itself, as recommendation steps name them. */
async function entityPolicies(store: Store, arn: string): Promise<EntityPolicy[] | undefined> {
  const m = ENTITY_ARN.exec(arn);
  if (m === null) return undefined;
  const [, accountId, kind, name] = m as unknown as [string, string, 'user' | 'role', string];
  const reader = new StorePolicyReader(store);
  const exists = kind === 'user' ? await reader.user(accountId, name) : await reader.role(accountId, name);
  if (exists === undefined) return undefined;
  const out: EntityPolicy[] = [];
  for (const p of await reader.inlinePolicies(accountId, kind, name)) out.push({ id: p.policyName, document: p.document });
  for (const policyArn of await reader.attachedPolicies(accountId, kind, name)) {
    const managed = await reader.managedPolicy(policyArn);
    if (managed === undefined) continue;
    const record = await store.managedPolicies.get(policyArn);
    out.push({ id: policyArn, document: managed.document, ...(record !== undefined ? { updatedAt: record.updatedAt } : {}) });
  }
  return out;
}

export const GenerateFindingRecommendation = defineOperation<{ analyzerArn: string; id: string }>({
  service: 'access-analyzer',
  name: 'GenerateFindingRecommendation',
  readOnly: false,
  authorize: (input) => [{ action: 'access-analyzer:GenerateFindingRecommendation', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    const finding = await ctx.store.analyzerFindings.get(analyzer.arn, input.id);
    if (finding === undefined) throw analyzerErrors.notFound('Finding', input.id);
    if (finding.findingType !== 'UnusedPermission') {
      throw analyzerErrors.notSupported(`Recommendations are supported only for UnusedPermission findings; finding ${finding.id} is ${finding.findingType}`);
    }
    const now = ctx.now.toISOString();
    const policies = await entityPolicies(ctx.store, finding.resource);
    const recommendation: RecommendationRecord =
      policies === undefined
        ? {
            analyzerArn: analyzer.arn,
            findingId: finding.id,
            resourceArn: finding.resource,
            status: 'FAILED',
            steps: [],
            error: { code: 'RESOURCE_NOT_FOUND', message: `${finding.resource} no longer exists` },
            startedAt: now,
            completedAt: now,
          }
        : {
            analyzerArn: analyzer.arn,
            findingId: finding.id,
            resourceArn: finding.resource,
            status: 'SUCCEEDED',
            steps: recommendedSteps(policies, unusedPermissionsOf(unusedDetails(finding))).map((step) => ({ unusedPermissionsRecommendedStep: step })),
            error: null,
            startedAt: now,
            completedAt: now,
          };
    await ctx.store.analyzerFindings.putRecommendation(recommendation);
    return {};
  },
});

export const GetFindingRecommendation = defineOperation<{ analyzerArn: string; id: string; maxResults?: number; nextToken?: string }>({
  service: 'access-analyzer',
  name: 'GetFindingRecommendation',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:GetFindingRecommendation', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    const r = await ctx.store.analyzerFindings.getRecommendation(analyzer.arn, input.id);
    if (r === undefined) throw analyzerErrors.notFound('Recommendation', input.id);
    const { items, nextToken } = page(r.steps, input, ['GetFindingRecommendation', analyzer.arn, r.findingId, r.startedAt]);
    return {
      startedAt: r.startedAt,
      ...(r.completedAt !== null ? { completedAt: r.completedAt } : {}),
      ...(nextToken !== undefined ? { nextToken } : {}),
      ...(r.error !== null ? { error: r.error } : {}),
      resourceArn: r.resourceArn,
      recommendedSteps: items,
      recommendationType: 'UnusedPermissionRecommendation',
      status: r.status,
    };
  },
});
