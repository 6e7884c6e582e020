import { ServiceError } from '../../errors.js';
import { DuplicateError, type AnalyzerRecord, type AnalyzerType, type Criterion } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import { findCallerScope, hasServiceAccess, isDelegatedAdministrator, requestTagContext } from '../shared/index.js';
import { analyzerErrors, SERVICE_NOT_ENABLED } from './analyzerErrors.js';
import {
  analyzerArn,
  analyzerConfiguration,
  analyzerSummary,
  checkAnalyzerTags,
  checkRuleFilter,
  loadAnalyzer,
  MAX_ARCHIVE_RULES,
  notDelegatedAdministrator,
} from './analyzerRecords.js';
import { ACCESS_ANALYZER_PRINCIPAL, isOrganizationAnalyzer, isUnusedAccessAnalyzer } from './analyzerScope.js';
import { page } from './paging.js';

/**
 * Analyzers: CreateAnalyzer, GetAnalyzer, ListAnalyzers, UpdateAnalyzer, DeleteAnalyzer.
 * AWS: Access Analyzer API reference; IAM User Guide, "IAM Access Analyzer quotas" (one
 * account-level analyzer of each type per account and Region, five organization-level ones).
 * An analyzer is ACTIVE from its creation; the findings engine analyzes its zone right after
 * (it hears the creation on the change feed).
 */

type Configuration = Parameters<typeof analyzerConfiguration>[2];

interface CreateAnalyzerInput {
  analyzerName: string;
  type: AnalyzerType;
  archiveRules?: { ruleName: string; filter: Record<string, Criterion> }[];
  tags?: Record<string, string>;
  clientToken?: string;
  configuration?: Configuration;
}

/** AWS: how many analyzers of one type an account may have (1 account-level, 5 organization-level). */
function quotaOf(type: AnalyzerType): number {
  return type.startsWith('ORGANIZATION') ? 5 : 1;
}

const tagList = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

export const CreateAnalyzer = defineOperation<CreateAnalyzerInput, { arn: string }>({
  service: 'access-analyzer',
  name: 'CreateAnalyzer',
  readOnly: false,
  authorize: (input, ctx) => [
    { action: 'access-analyzer:CreateAnalyzer', resource: analyzerArn(ctx, input.analyzerName), context: requestTagContext(tagList(input.tags)) },
  ],
  handle: async (input, ctx) => {
    const arn = analyzerArn(ctx, input.analyzerName);
    const accountId = ctx.principal.accountId;
    const existing = await ctx.store.analyzers.get(accountId, input.analyzerName);
    if (existing !== undefined) {
      // AWS: CreateAnalyzer is idempotent for one client token.
      if (input.clientToken !== undefined && existing.clientToken === input.clientToken) return { arn: existing.arn };
      throw analyzerErrors.conflict('Analyzer', input.analyzerName, `An analyzer named ${input.analyzerName} already exists`);
    }
    if (input.type.endsWith('_INTERNAL_ACCESS')) {
      throw new ServiceError('NotImplemented', `Gatehouse does not implement internal access analyzers (type ${input.type}) yet.`);
    }
    const configuration = analyzerConfiguration(input.type, accountId, input.configuration);
    checkAnalyzerTags(input.tags ?? {});
    const rules = input.archiveRules ?? [];
    if (rules.length > MAX_ARCHIVE_RULES)
      throw analyzerErrors.quota('ArchiveRule', input.analyzerName, `An analyzer has at most ${MAX_ARCHIVE_RULES} archive rules`);
    const names = new Set<string>();
    for (const rule of rules) {
      if (names.has(rule.ruleName)) throw analyzerErrors.invalid(`Invalid archiveRules: the rule name ${rule.ruleName} is used twice`);
      names.add(rule.ruleName);
      checkRuleFilter(rule.filter);
    }
    let organizationId: string | null = null;
    if (isOrganizationAnalyzer(input)) {
      const scope = await findCallerScope(ctx);
      if (scope === undefined) throw analyzerErrors.invalid(`Account ${accountId} is not a member of an organization`);
      if (!(await hasServiceAccess(ctx, scope.org, ACCESS_ANALYZER_PRINCIPAL))) throw analyzerErrors.invalid(SERVICE_NOT_ENABLED);
      if (!scope.isManagement && !(await isDelegatedAdministrator(ctx, scope.org, accountId, ACCESS_ANALYZER_PRINCIPAL))) {
        throw notDelegatedAdministrator(accountId);
      }
      organizationId = scope.org.id;
    }
    const sameType = (await ctx.store.analyzers.list(accountId)).filter((a) => a.type === input.type).length;
    if (sameType >= quotaOf(input.type)) {
      throw analyzerErrors.quota('Analyzer', input.analyzerName, `You have reached the maximum number of analyzers of type ${input.type} in this Region`);
    }
    const now = ctx.now.toISOString();
    const analyzer: AnalyzerRecord = {
      arn,
      accountId,
      name: input.analyzerName,
      type: input.type,
      status: 'ACTIVE',
      statusReason: null,
      organizationId,
      configuration,
      tags: input.tags ?? {},
      clientToken: input.clientToken ?? null,
      createdAt: now,
      lastResourceAnalyzed: null,
      lastResourceAnalyzedAt: null,
    };
    try {
      await ctx.store.analyzers.create(analyzer);
    } catch (err) {
      if (err instanceof DuplicateError)
        throw analyzerErrors.conflict('Analyzer', input.analyzerName, `An analyzer named ${input.analyzerName} already exists`);
      throw err;
    }
    for (const rule of rules)
      await ctx.store.analyzers.putRule({ analyzerArn: arn, ruleName: rule.ruleName, filter: rule.filter, createdAt: now, updatedAt: now });
    return { arn };
  },
});

export const GetAnalyzer = defineOperation<{ analyzerName: string }>({
  service: 'access-analyzer',
  name: 'GetAnalyzer',
  readOnly: true,
  authorize: (input, ctx) => [{ action: 'access-analyzer:GetAnalyzer', resource: analyzerArn(ctx, input.analyzerName) }],
  handle: async (input, ctx) => ({ analyzer: analyzerSummary(await loadAnalyzer(ctx, input.analyzerName)) }),
});

export const ListAnalyzers = defineOperation<{ maxResults?: number; nextToken?: string; type?: AnalyzerType }>({
  service: 'access-analyzer',
  name: 'ListAnalyzers',
  readOnly: true,
  authorize: () => [{ action: 'access-analyzer:ListAnalyzers', resource: '*' }],
  handle: async (input, ctx) => {
    const all = (await ctx.store.analyzers.list(ctx.principal.accountId)).filter((a) => input.type === undefined || a.type === input.type);
    const { items, nextToken } = page(all, input, ['ListAnalyzers', ctx.principal.accountId, input.type ?? null]);
    return { analyzers: items.map(analyzerSummary), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

/**
 * UpdateAnalyzer: a new configuration for an unused access analyzer (its tracking period and
 * exclusions). AWS: "This action is not supported for external access analyzers."
 */
export const UpdateAnalyzer = defineOperation<{ analyzerName: string; configuration?: Configuration }>({
  service: 'access-analyzer',
  name: 'UpdateAnalyzer',
  readOnly: false,
  authorize: (input, ctx) => [{ action: 'access-analyzer:UpdateAnalyzer', resource: analyzerArn(ctx, input.analyzerName) }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzer(ctx, input.analyzerName);
    if (!isUnusedAccessAnalyzer(analyzer)) {
      throw analyzerErrors.notSupported(
        `UpdateAnalyzer is not supported for external access analyzers (analyzer ${analyzer.name} is of type ${analyzer.type})`,
      );
    }
    const configuration = analyzerConfiguration(analyzer.type, analyzer.accountId, input.configuration);
    await ctx.store.analyzers.update(analyzer.arn, { configuration });
    return configuration === null ? {} : { configuration };
  },
});

export const DeleteAnalyzer = defineOperation<{ analyzerName: string; clientToken?: string }>({
  service: 'access-analyzer',
  name: 'DeleteAnalyzer',
  readOnly: false,
  authorize: (input, ctx) => [{ action: 'access-analyzer:DeleteAnalyzer', resource: analyzerArn(ctx, input.analyzerName) }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzer(ctx, input.analyzerName);
    await ctx.store.analyzers.delete(analyzer.arn);
    return {};
  },
});
