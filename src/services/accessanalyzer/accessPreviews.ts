import { randomUUID } from 'node:crypto';
import { analyzeExternalAccess, type ExternalAccess } from '../../analysis/externalAccess/index.js';
import type { AccessPreviewRecord, Criterion, FindingRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { analyzerErrors } from './analyzerErrors.js';
import { loadAnalyzerByArn } from './analyzerRecords.js';
import { analyzerScope, isUnusedAccessAnalyzer } from './analyzerScope.js';
import { addExternalFields, checkFilter, matchesFilter } from './findingFilters.js';
import { externalDetails } from './findingViews.js';
import { page } from './paging.js';
import { archivedByRules, fingerprintOf } from './reconcile.js';
import { RESOURCE_KINDS } from './resourceKinds/index.js';

/**
 * Access previews: what findings proposed policies would produce before they are applied
 * (CreateAccessPreview, GetAccessPreview, ListAccessPreviews, ListAccessPreviewFindings). Each
 * configuration is read by the resource kind whose preview member it sets (IAM roles' `iamRole`;
 * S3 adds `s3Bucket`), analyzed as the analyzer would analyze it, and compared with the
 * analyzer's findings of that resource: a new access is NEW (ACTIVE, or ARCHIVED when an archive
 * rule would archive it), one an open finding already reports is UNCHANGED with that finding's
 * status, and an open finding the proposal removes is CHANGED to RESOLVED. The preview is
 * COMPLETED when created; a configuration its kind cannot read (a trust policy that is not a
 * policy) makes it FAILED with INVALID_CONFIGURATION.
 * AWS: Access Analyzer API reference, CreateAccessPreview, AccessPreviewFinding (changeType,
 * existingFindingId, existingFindingStatus), AccessPreviewStatusReason; IAM User Guide, "Previewing
 * access with IAM Access Analyzer APIs" and "IAM Access Analyzer quotas" (1,000 previews per
 * analyzer per hour).
 */

/** AWS: "Maximum number of access previews per analyzer per hour: 1,000". */
const PREVIEWS_PER_HOUR = 1000;

type Configurations = Record<string, Record<string, Record<string, unknown>>>;

function previewFinding(base: Record<string, unknown>, access: ExternalAccess, resourceControlPolicyRestriction = 'NOT_APPLICABLE'): Record<string, unknown> {
  return {
    ...base,
    principal: access.principal,
    action: access.action,
    condition: access.condition,
    isPublic: access.isPublic,
    ...(access.sources !== undefined ? { sources: access.sources } : {}),
    resourceControlPolicyRestriction,
  };
}

export const CreateAccessPreview = defineOperation<{ analyzerArn: string; configurations: Configurations; clientToken?: string }, { id: string }>({
  service: 'access-analyzer',
  name: 'CreateAccessPreview',
  readOnly: false,
  authorize: (input) => [{ action: 'access-analyzer:CreateAccessPreview', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    if (isUnusedAccessAnalyzer(analyzer)) throw analyzerErrors.notSupported('Access previews are supported only for external access analyzers');
    const previews = await ctx.store.accessPreviews.list(analyzer.arn);
    if (input.clientToken !== undefined) {
      const same = previews.find((p) => p.clientToken === input.clientToken);
      if (same !== undefined) return { id: same.id };
    }
    const hourAgo = new Date(ctx.now.getTime() - 3600 * 1000).toISOString();
    if ((await ctx.store.accessPreviews.countSince(analyzer.arn, hourAgo)) >= PREVIEWS_PER_HOUR) {
      throw analyzerErrors.quota('AccessPreview', analyzer.arn, `An analyzer can make at most ${PREVIEWS_PER_HOUR} access previews per hour`);
    }
    const scope = await analyzerScope(ctx.store, analyzer);
    if (scope.zone === undefined) throw analyzerErrors.conflict('Analyzer', analyzer.name, `Analyzer ${analyzer.name} is disabled (${scope.disabled})`);
    const entries = Object.entries(input.configurations);
    if (entries.length === 0) throw analyzerErrors.invalid('Invalid configurations: at least one configuration is needed');
    const now = ctx.now.toISOString();
    const rules = await ctx.store.analyzers.listRules(analyzer.arn);
    const findings: Record<string, unknown>[] = [];
    let failed = false;
    for (const [arn, configuration] of entries) {
      const members = Object.keys(configuration);
      if (members.length !== 1) throw analyzerErrors.invalid(`Invalid Configuration for ${arn}: exactly one resource type must be set`);
      const member = members[0]!;
      const kind = RESOURCE_KINDS.find((k) => k.preview?.member === member);
      if (kind?.preview === undefined)
        throw analyzerErrors.invalid(`Invalid Configuration for ${arn}: Gatehouse holds no resources of the kind ${member} configures`);
      if (!kind.preview.matches(arn)) throw analyzerErrors.invalid(`Invalid Configuration for ${arn}: the ARN is not a resource of type ${kind.resourceType}`);
      const existing = await kind.get(ctx.store, arn);
      const proposed = kind.preview.proposed(arn, configuration[member]!, existing, analyzer.accountId);
      if (typeof proposed === 'string' || proposed.length === 0) {
        failed = true;
        break;
      }
      const ownerAccount = proposed[0]!.ownerAccount;
      if (!scope.zone.accounts.has(ownerAccount)) {
        throw analyzerErrors.invalid(`Invalid Configuration for ${arn}: the resource is not in the analyzer's zone of trust`);
      }
      const results = proposed.map((entry) => analyzeExternalAccess(entry, scope.zone));
      const accesses = results.flatMap((r) => ('accesses' in r ? r.accesses : []));
      if (results.some((r) => 'error' in r)) {
        failed = true;
        break;
      }
      const open = new Map<string, FindingRecord>();
      for (const f of await ctx.store.analyzerFindings.list(analyzer.arn, { resources: [arn], statuses: ['ACTIVE', 'ARCHIVED'] })) open.set(f.fingerprint, f);
      const base = { resource: arn, resourceType: kind.resourceType, resourceOwnerAccount: ownerAccount, createdAt: now };
      for (const access of accesses) {
        const known = open.get(fingerprintOf(access));
        if (known !== undefined) {
          open.delete(fingerprintOf(access));
          findings.push(
            previewFinding(
              { id: randomUUID(), ...base, changeType: 'UNCHANGED', status: known.status, existingFindingId: known.id, existingFindingStatus: known.status },
              access,
            ),
          );
          continue;
        }
        const candidate: FindingRecord = {
          analyzerArn: analyzer.arn,
          id: '',
          findingType: 'ExternalAccess',
          resourceType: kind.resourceType,
          resource: arn,
          resourceOwnerAccount: ownerAccount,
          status: 'ACTIVE',
          fingerprint: fingerprintOf(access),
          details: { kind: 'external', ...access },
          error: null,
          createdAt: now,
          updatedAt: now,
          analyzedAt: now,
        };
        const status = archivedByRules(candidate, rules) ? 'ARCHIVED' : 'ACTIVE';
        findings.push(previewFinding({ id: randomUUID(), ...base, changeType: 'NEW', status }, access));
      }
      for (const gone of open.values()) {
        const access = externalDetails(gone);
        if (access === undefined) continue;
        findings.push(
          previewFinding(
            { id: randomUUID(), ...base, changeType: 'CHANGED', status: 'RESOLVED', existingFindingId: gone.id, existingFindingStatus: gone.status },
            access,
          ),
        );
      }
    }
    const id = randomUUID();
    await ctx.store.accessPreviews.create({
      id,
      analyzerArn: analyzer.arn,
      status: failed ? 'FAILED' : 'COMPLETED',
      statusReason: failed ? 'INVALID_CONFIGURATION' : null,
      clientToken: input.clientToken ?? null,
      configurations: input.configurations,
      findings: failed ? [] : findings,
      createdAt: now,
    });
    return { id };
  },
});

async function loadPreview(ctx: OperationContext, analyzerArn: string, id: string): Promise<AccessPreviewRecord> {
  const analyzer = await loadAnalyzerByArn(ctx, analyzerArn);
  const preview = await ctx.store.accessPreviews.get(id);
  if (preview === undefined || preview.analyzerArn !== analyzer.arn) throw analyzerErrors.notFound('AccessPreview', id);
  return preview;
}

function previewSummary(p: AccessPreviewRecord): Record<string, unknown> {
  return {
    id: p.id,
    analyzerArn: p.analyzerArn,
    createdAt: p.createdAt,
    status: p.status,
    ...(p.statusReason !== null ? { statusReason: { code: p.statusReason } } : {}),
  };
}

export const GetAccessPreview = defineOperation<{ accessPreviewId: string; analyzerArn: string }>({
  service: 'access-analyzer',
  name: 'GetAccessPreview',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:GetAccessPreview', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const preview = await loadPreview(ctx, input.analyzerArn, input.accessPreviewId);
    return { accessPreview: { ...previewSummary(preview), configurations: preview.configurations } };
  },
});

export const ListAccessPreviews = defineOperation<{ analyzerArn: string; nextToken?: string; maxResults?: number }>({
  service: 'access-analyzer',
  name: 'ListAccessPreviews',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:ListAccessPreviews', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const analyzer = await loadAnalyzerByArn(ctx, input.analyzerArn);
    const { items, nextToken } = page(await ctx.store.accessPreviews.list(analyzer.arn), input, ['ListAccessPreviews', analyzer.arn]);
    return { accessPreviews: items.map(previewSummary), ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});

/** The filterable fields of a preview finding: a finding's, and changeType, existingFindingId, existingFindingStatus. */
function previewFields(f: Record<string, unknown>): Map<string, string | readonly string[]> {
  const fields = new Map<string, string | readonly string[]>();
  for (const key of ['id', 'resource', 'resourceType', 'resourceOwnerAccount', 'status', 'error', 'changeType', 'existingFindingId', 'existingFindingStatus']) {
    if (typeof f[key] === 'string') fields.set(key, f[key] as string);
  }
  addExternalFields(fields, f as Parameters<typeof addExternalFields>[1]);
  return fields;
}

export const ListAccessPreviewFindings = defineOperation<{
  accessPreviewId: string;
  analyzerArn: string;
  filter?: Record<string, Criterion>;
  nextToken?: string;
  maxResults?: number;
}>({
  service: 'access-analyzer',
  name: 'ListAccessPreviewFindings',
  readOnly: true,
  authorize: (input) => [{ action: 'access-analyzer:ListAccessPreviewFindings', resource: input.analyzerArn }],
  handle: async (input, ctx) => {
    const preview = await loadPreview(ctx, input.analyzerArn, input.accessPreviewId);
    if (preview.status === 'FAILED') {
      throw analyzerErrors.conflict('AccessPreview', preview.id, `Access preview ${preview.id} failed (${preview.statusReason}): it has no findings`);
    }
    checkFilter(input.filter);
    const matching = preview.findings.filter((f) => matchesFilter(previewFields(f), input.filter));
    const { items, nextToken } = page(matching, input, ['ListAccessPreviewFindings', preview.id, input.filter ?? null]);
    return { findings: items, ...(nextToken !== undefined ? { nextToken } : {}) };
  },
});
