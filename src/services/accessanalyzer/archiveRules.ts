import type { ArchiveRuleRecord, Criterion } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import { requestTagContext } from '../shared/index.js';
import { analyzerErrors } from './analyzerErrors.js';
import { analyzerArn, archiveRuleArn, checkAnalyzerTags, checkRuleFilter, loadAnalyzer, loadAnalyzerByArn, MAX_ARCHIVE_RULES } from './analyzerRecords.js';
import { findingFields, matchesFilter } from './findingFilters.js';
import { page } from './paging.js';

/**
 * Archive rules (Create/Get/List/Update/Delete/ApplyArchiveRule) and analyzer tags
 * (TagResource, UntagResource, ListTagsForResource). A rule archives the new findings its filter
 * matches as the findings engine makes them; ApplyArchiveRule archives the existing active ones.
 * AWS: Access Analyzer API reference; IAM User Guide, "Archive rules".
 */

type Filter = Record<string, Criterion>;

function ruleView(r: ArchiveRuleRecord): Record<string, unknown> {
  return { ruleName: r.ruleName, filter: r.filter, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

const ruleNotFound = (ruleName: string) => analyzerErrors.notFound('ArchiveRule', ruleName);

export const CreateArchiveRule = defineOperation<{ analyzerName: string; ruleName: string; filter: Filter; clientToken?: string }>({
  service: 'access-analyzer',
  name: 'CreateArchiveRule',
  readOnly: false,
  authorize: (input, ctx) => [{ action: 'access-analyzer:CreateArchiveRule', resource: archiveRuleArn(ctx, input.analyzerName, input.ruleName) }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzer(ctx, input.analyzerName);
    checkRuleFilter(input.filter);
    const rules = await ctx.store.analyzers.listRules(analyzer.arn);
    if (rules.some((r) => r.ruleName === input.ruleName)) {
      throw analyzerErrors.conflict('ArchiveRule', input.ruleName, `An archive rule named ${input.ruleName} already exists`);
    }
    if (rules.length >= MAX_ARCHIVE_RULES)
      throw analyzerErrors.quota('ArchiveRule', input.ruleName, `An analyzer has at most ${MAX_ARCHIVE_RULES} archive rules`);
    const now = ctx.now.toISOString();
    await ctx.store.analyzers.putRule({ analyzerArn: analyzer.arn, ruleName: input.ruleName, filter: input.filter, createdAt: now, updatedAt: now });
    return {};
  },
});

export const GetArchiveRule = defineOperation<{ analyzerName: string; ruleName: string }>({
  service: 'access-analyzer',
  name: 'GetArchiveRule',
  readOnly: true,
  authorize: (input, ctx) => [{ action: 'access-analyzer:GetArchiveRule', resource: archiveRuleArn(ctx, input.analyzerName, input.ruleName) }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzer(ctx, input.analyzerName);
    const rule = await ctx.store.analyzers.getRule(analyzer.arn, input.ruleName);
    if (rule === undefined) throw ruleNotFound(input.ruleName);
    return { archiveRule: ruleView(rule) };
  },
});

export const ListArchiveRules = defineOperation<{ analyzerName: string; nextToken?: string; maxResults?: number }>({
  service: 'access-analyzer',
  name: 'ListArchiveRules',
  readOnly: true,
  authorize: (input, ctx) => [{ action: 'access-analyzer:ListArchiveRules', resource: analyzerArn(ctx, input.analyzerName) }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzer(ctx, input.analyzerName);
    const { items, nextToken } = page(await ctx.store.analyzers.listRules(analyzer.arn), input, ['ListArchiveRules', analyzer.arn]);
    return { archiveRules: items.map(ruleView), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

export const UpdateArchiveRule = defineOperation<{ analyzerName: string; ruleName: string; filter: Filter; clientToken?: string }>({
  service: 'access-analyzer',
  name: 'UpdateArchiveRule',
  readOnly: false,
  authorize: (input, ctx) => [{ action: 'access-analyzer:UpdateArchiveRule', resource: archiveRuleArn(ctx, input.analyzerName, input.ruleName) }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzer(ctx, input.analyzerName);
    const rule = await ctx.store.analyzers.getRule(analyzer.arn, input.ruleName);
    if (rule === undefined) throw ruleNotFound(input.ruleName);
    checkRuleFilter(input.filter);
    await ctx.store.analyzers.putRule({ ...rule, filter: input.filter, updatedAt: ctx.now.toISOString() });
    return {};
  },
});

export const DeleteArchiveRule = defineOperation<{ analyzerName: string; ruleName: string; clientToken?: string }>({
  service: 'access-analyzer',
  name: 'DeleteArchiveRule',
  readOnly: false,
  authorize: (input, ctx) => [{ action: 'access-analyzer:DeleteArchiveRule', resource: archiveRuleArn(ctx, input.analyzerName, input.ruleName) }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzer(ctx, input.analyzerName);
    if (!(await ctx.store.analyzers.deleteRule(analyzer.arn, input.ruleName))) throw ruleNotFound(input.ruleName);
    return {};
  },
});

/** ApplyArchiveRule: archives the analyzer's active findings that match the rule. AWS: "Retroactively applies the archive rule to existing findings". */
export const ApplyArchiveRule = defineOperation<{ analyzerArn: string; ruleName: string; clientToken?: string }>({
  service: 'access-analyzer',
  name: 'ApplyArchiveRule',
  readOnly: false,
  authorize: (input) => [{ action: 'access-analyzer:ApplyArchiveRule', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    const rule = await ctx.store.analyzers.getRule(analyzer.arn, input.ruleName);
    if (rule === undefined) throw ruleNotFound(input.ruleName);
    const active = await ctx.store.analyzerFindings.list(analyzer.arn, { statuses: ['ACTIVE'] });
    const matching = active.filter((f) => matchesFilter(findingFields(f), rule.filter)).map((f) => f.id);
    if (matching.length > 0) await ctx.store.analyzerFindings.setStatus(analyzer.arn, matching, 'ARCHIVED', ctx.now.toISOString());
    return {};
  },
});

/** The analyzer a tagging call names by ARN (analyzers are Access Analyzer's taggable resource). */
const taggedAnalyzer = loadAnalyzerByArn;

export const TagResource = defineOperation<{ resourceArn: string; tags: Record<string, string> }>({
  service: 'access-analyzer',
  name: 'TagResource',
  readOnly: false,
  authorize: (input) => [
    {
      action: 'access-analyzer:TagResource',
      resource: input.resourceArn,
      context: requestTagContext(Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }))),
    },
  ],
  handle: async (input, ctx) => {
    const analyzer = await taggedAnalyzer(ctx, input.resourceArn);
    const tags = { ...analyzer.tags, ...input.tags };
    checkAnalyzerTags(tags);
    await ctx.store.analyzers.update(analyzer.arn, { tags });
    return {};
  },
});

export const UntagResource = defineOperation<{ resourceArn: string; tagKeys: string[] }>({
  service: 'access-analyzer',
  name: 'UntagResource',
  readOnly: false,
  authorize: (input) => [{ action: 'access-analyzer:UntagResource', resource: input.resourceArn, context: { 'aws:TagKeys': input.tagKeys } }],
  handle: async (input, ctx) => {
    const analyzer = await taggedAnalyzer(ctx, input.resourceArn);
    const gone = new Set(input.tagKeys);
    await ctx.store.analyzers.update(analyzer.arn, { tags: Object.fromEntries(Object.entries(analyzer.tags).filter(([k]) => !gone.has(k))) });
    return {};
  },
});

export const ListTagsForResource = defineOperation<{ resourceArn: string }>({
  service: 'access-analyzer',
  name: 'ListTagsForResource',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:ListTagsForResource', resource: input.resourceArn }],
  handle: async (input, ctx) => ({ tags: (await taggedAnalyzer(ctx, input.resourceArn)).tags }),
});
