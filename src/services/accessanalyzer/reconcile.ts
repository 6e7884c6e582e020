import { randomUUID } from 'node:crypto';
import {
  analyzeExternalAccess,
  type AnalyzedPolicy,
  type ExternalAccess,
  type ExternalAccessResult,
  type ZoneOfTrust,
} from '../../analysis/externalAccess/index.js';
import type { AnalyzedResourceRecord, AnalyzerRecord, ArchiveRuleRecord, FindingRecord, Store } from '../../store/index.js';
import { findingFields, matchesFilter } from './findingFilters.js';
import type { StoredDetails } from './findingViews.js';

/**
 * Bringing an external access analyzer's findings in line with its resources' policies: each
 * resource is analyzed (outside any transaction), then one transaction compares the accesses
 * found with the analyzer's open findings of those resources. A finding is the same finding when
 * its principal and condition are the same (its fingerprint): it is kept (its actions and
 * publicness updated, its analysis time renewed); an open finding no access matches any more is
 * RESOLVED; an access no finding matches is a new finding, ARCHIVED at once when one of the
 * analyzer's archive rules matches it, else ACTIVE. A resolved finding stays resolved: access
 * that comes back is a new finding.
 * AWS: IAM User Guide, "IAM Access Analyzer findings" (statuses), "Resolve IAM Access Analyzer
 * findings" ("If the access to the resource is removed, the status of the finding is changed to
 * Resolved"), "Archive rules" ("archive rules automatically archive new findings").
 */

/**
 * What to reconcile: some resources by ARN (each with its current entries, as its kind's `get`
 * gives them; none: deleted), or the complete listing of some kinds in some accounts.
 */
export type ReconcileTarget =
  | { readonly scope: 'resources'; readonly resources: readonly { readonly arn: string; readonly current: readonly AnalyzedPolicy[] }[] }
  | {
      readonly scope: 'accounts';
      readonly resourceTypes: readonly string[];
      readonly accounts: readonly string[];
      readonly resources: readonly AnalyzedPolicy[];
    };

/** Analyses already made, by resource type, owner, zone and policy text (bounded; most recent kept). */
export class AnalysisCache {
  readonly #entries = new Map<string, ExternalAccessResult>();

  constructor(private readonly capacity = 50_000) {}

  analyze(resource: AnalyzedPolicy, zone: ZoneOfTrust, zoneKey: string): ExternalAccessResult {
    const source = resource.source === undefined ? '' : JSON.stringify(resource.source);
    const key = `${resource.resourceType}\u0000${resource.resourceArn}\u0000${resource.ownerAccount}\u0000${source}\u0000${zoneKey}\u0000${resource.policy}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const result = analyzeExternalAccess(resource, zone);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, result);
    return result;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** A zone's identity for the cache: its accounts and organization. */
export function zoneKey(zone: ZoneOfTrust): string {
  return `${zone.organizationId ?? ''}:${[...zone.accounts].sort().join(',')}`;
}

/** A finding's identity within its resource: the principal, the condition, and how the access is granted (its sources). */
export function fingerprintOf(access: ExternalAccess): string {
  const print = [Object.entries(access.principal).sort(), Object.entries(access.condition).sort()];
  return JSON.stringify(access.sources === undefined ? print : [...print, access.sources]);
}

const ERROR_FINGERPRINT = 'error';

interface Desired {
  readonly fingerprint: string;
  readonly details: StoredDetails;
  readonly error: string | null;
}

/** The findings a resource's analyses call for: one per access, and one error finding when an entry could not be analyzed. */
function desiredOf(results: readonly ExternalAccessResult[]): Desired[] {
  const out: Desired[] = [];
  for (const result of results) {
    if ('accesses' in result)
      out.push(...result.accesses.map((a) => ({ fingerprint: fingerprintOf(a), details: { kind: 'external' as const, ...a }, error: null })));
  }
  const failed = results.find((r) => 'error' in r);
  if (failed !== undefined && 'error' in failed) {
    // AWS's error findings carry empty external access details.
    out.push({ fingerprint: ERROR_FINGERPRINT, details: { kind: 'external', principal: {}, action: [], condition: {}, isPublic: false }, error: failed.error });
  }
  return out;
}

/** One resource's entries (its policy, and for S3 its ACL and access points) and their analyses. */
interface Analyzed {
  readonly entries: readonly AnalyzedPolicy[];
  readonly results: readonly ExternalAccessResult[];
}

/** Whether one of the rules archives a new finding. */
export function archivedByRules(finding: FindingRecord, rules: readonly ArchiveRuleRecord[]): boolean {
  if (rules.length === 0) return false;
  const fields = findingFields(finding);
  return rules.some((r) => matchesFilter(fields, r.filter));
}

/** What one reconciliation changed. */
export interface ReconcileOutcome {
  readonly created: number;
  readonly resolved: number;
  readonly updated: number;
}

/**
 * Reconciles the analyzer's findings for the target. `reread`, for single resources, reads each
 * resource again inside the transaction and analyzes it anew if its policy changed meanwhile, so
 * that two nodes reconciling the same change never leave the older result last.
 */
export async function reconcile(
  store: Store,
  analyzer: AnalyzerRecord,
  zone: ZoneOfTrust,
  target: ReconcileTarget,
  now: string,
  cache: AnalysisCache,
  reread?: (tx: Store, arn: string) => Promise<readonly AnalyzedPolicy[]>,
): Promise<ReconcileOutcome> {
  const key = zoneKey(zone);
  const analyze = (entries: readonly AnalyzedPolicy[]): Analyzed => ({ entries, results: entries.map((e) => cache.analyze(e, zone, key)) });
  const analyzed = new Map<string, Analyzed>();
  const gone = new Set<string>();
  const byArn = new Map<string, AnalyzedPolicy[]>();
  if (target.scope === 'resources') for (const r of target.resources) byArn.set(r.arn, [...r.current]);
  else for (const r of target.resources) byArn.set(r.resourceArn, [...(byArn.get(r.resourceArn) ?? []), r]);
  for (const [arn, entries] of byArn) {
    if (entries.length === 0) gone.add(arn);
    else analyzed.set(arn, analyze(entries));
  }
  return store.transaction(async (tx) => {
    if (reread !== undefined) {
      const same = (a: readonly AnalyzedPolicy[], b: readonly AnalyzedPolicy[]) => JSON.stringify(a) === JSON.stringify(b);
      for (const arn of [...analyzed.keys(), ...gone]) {
        const fresh = await reread(tx, arn);
        const known = analyzed.get(arn);
        if (fresh.length === 0) {
          analyzed.delete(arn);
          gone.add(arn);
        } else if (known === undefined || !same(known.entries, fresh)) {
          gone.delete(arn);
          analyzed.set(arn, analyze(fresh));
        }
      }
    }
    let existing: FindingRecord[];
    let storedResources: Set<string> | undefined;
    if (target.scope === 'resources') {
      existing = await tx.analyzerFindings.list(analyzer.arn, { resources: [...analyzed.keys(), ...gone] });
    } else {
      const types = new Set(target.resourceTypes);
      const accounts = new Set(target.accounts);
      const inScope = (type: string, owner: string) => types.has(type) && accounts.has(owner);
      existing = (await tx.analyzerFindings.list(analyzer.arn, { statuses: ['ACTIVE', 'ARCHIVED'] })).filter((f) =>
        inScope(f.resourceType, f.resourceOwnerAccount),
      );
      storedResources = new Set(
        (await tx.analyzerFindings.listResources(analyzer.arn)).filter((r) => inScope(r.resourceType, r.resourceOwnerAccount)).map((r) => r.resourceArn),
      );
      for (const f of existing) if (!analyzed.has(f.resource)) gone.add(f.resource);
      for (const arn of storedResources) if (!analyzed.has(arn)) gone.add(arn);
    }
    const open = new Map<string, Map<string, FindingRecord>>();
    for (const f of existing) {
      if (f.status === 'RESOLVED') continue;
      let byPrint = open.get(f.resource);
      if (byPrint === undefined) open.set(f.resource, (byPrint = new Map()));
      byPrint.set(f.fingerprint, f);
    }
    const rules = await tx.analyzers.listRules(analyzer.arn);
    const inserts: FindingRecord[] = [];
    const resolves: string[] = [];
    const touches: string[] = [];
    let updated = 0;
    const analyzedRows: AnalyzedResourceRecord[] = [];
    for (const [arn, { entries, results }] of analyzed) {
      const resource = entries[0]!;
      const have = open.get(arn) ?? new Map<string, FindingRecord>();
      for (const want of desiredOf(results)) {
        const found = have.get(want.fingerprint);
        if (found !== undefined) {
          have.delete(want.fingerprint);
          if (JSON.stringify(found.details) !== JSON.stringify(want.details) || found.error !== want.error) {
            await tx.analyzerFindings.update(analyzer.arn, found.id, { details: want.details, error: want.error, updatedAt: now, analyzedAt: now });
            updated++;
          } else touches.push(found.id);
          continue;
        }
        const finding: FindingRecord = {
          analyzerArn: analyzer.arn,
          id: randomUUID(),
          findingType: 'ExternalAccess',
          resourceType: resource.resourceType,
          resource: arn,
          resourceOwnerAccount: resource.ownerAccount,
          status: 'ACTIVE',
          fingerprint: want.fingerprint,
          details: want.details,
          error: want.error,
          createdAt: now,
          updatedAt: now,
          analyzedAt: now,
        };
        inserts.push(archivedByRules(finding, rules) ? { ...finding, status: 'ARCHIVED' } : finding);
      }
      for (const stale of have.values()) resolves.push(stale.id);
      const accesses = results.flatMap((r) => ('accesses' in r ? r.accesses : []));
      const failed = results.find((r) => 'error' in r);
      analyzedRows.push({
        analyzerArn: analyzer.arn,
        resourceArn: arn,
        resourceType: resource.resourceType,
        resourceOwnerAccount: resource.ownerAccount,
        isPublic: accesses.some((a) => a.isPublic),
        actions: [...new Set(accesses.flatMap((a) => a.action))].sort(),
        error: failed !== undefined && 'error' in failed ? failed.error : null,
        createdAt: now,
        updatedAt: now,
        analyzedAt: now,
      });
    }
    for (const arn of gone) for (const f of open.get(arn)?.values() ?? []) resolves.push(f.id);
    if (inserts.length > 0) await tx.analyzerFindings.insert(inserts);
    if (resolves.length > 0) await tx.analyzerFindings.setStatus(analyzer.arn, resolves, 'RESOLVED', now);
    if (touches.length > 0) await tx.analyzerFindings.touch(analyzer.arn, touches, now);
    if (analyzedRows.length > 0) await tx.analyzerFindings.putResources(analyzedRows);
    if (gone.size > 0) await tx.analyzerFindings.deleteResources(analyzer.arn, [...gone]);
    const last = analyzedRows[analyzedRows.length - 1];
    if (last !== undefined) await tx.analyzers.update(analyzer.arn, { lastResourceAnalyzed: last.resourceArn, lastResourceAnalyzedAt: now });
    return { created: inserts.length, resolved: resolves.length, updated };
  });
}
