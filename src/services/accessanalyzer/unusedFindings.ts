import { randomUUID } from 'node:crypto';
import { unusedAccessFindings, type ActionUse, type UnusedAccessEntity, type UnusedAccessFinding } from '../../analysis/unusedAccess/index.js';
import { StorePolicyReader } from '../../auth/index.js';
import { SERVICE_NAMES } from '../../protocol/index.js';
import type { AnalyzerRecord, FindingRecord, Store } from '../../store/index.js';
import { DEFAULT_UNUSED_ACCESS_AGE } from './analyzerRecords.js';
import { analyzerScope } from './analyzerScope.js';
import { archivedByRules } from './reconcile.js';

/**
 * Unused access findings of an unused access analyzer, from Gatehouse's own records: roles' last
 * use, access keys' last use, passwords' last use, and the service and action last-accessed data
 * the audit trail derives (src/audit/lastAccessed.ts). They are brought up to date when they are
 * read (ListFindingsV2, GetFindingV2, GetFindingsStatistics …) rather than on a timer: the
 * analysis depends on the clock as much as on changes, and a read after the clock moved, or after
 * any change the store announced, analyzes again; repeated reads within a second reuse the last
 * analysis. AWS: "IAM Access Analyzer re-evaluates all active findings every 24 hours" (Security
 * Hub User Guide, unused access findings); a finding no longer unused is RESOLVED.
 */

/** Every service Gatehouse speaks records each action's use: those are reported action by action. */
const ACTION_LEVEL_SERVICES: ReadonlySet<string> = new Set(SERVICE_NAMES);

/** When an analyzer's unused access was last analyzed, and what had been heard then. */
interface Refreshed {
  readonly wallMs: number;
  readonly clockMs: number;
  readonly heard: number;
}

/** Per store: a count of the changes heard (any topic), and each analyzer's last analysis. */
const trackers = new WeakMap<Store, { heard: number; refreshed: Map<string, Refreshed>; unsubscribe: () => void }>();

function trackerOf(store: Store) {
  let tracker = trackers.get(store);
  if (tracker === undefined) {
    const created = { heard: 0, refreshed: new Map<string, Refreshed>(), unsubscribe: () => {} };
    created.unsubscribe = store.changes.subscribe(() => {
      created.heard++;
    });
    trackers.set(store, created);
    tracker = created;
  }
  return tracker;
}

/** Reads within this long of the last analysis, with the clock and the store unchanged, reuse it. */
const REUSE_MS = 1000;

/**
 * Brings an unused access analyzer's findings up to date at `now`: `flush` first commits pending
 * last-used and last-accessed data, so that the calls just made count.
 */
export async function refreshUnusedFindings(store: Store, analyzer: AnalyzerRecord, now: Date, flush?: () => Promise<void>): Promise<void> {
  const tracker = trackerOf(store);
  const last = tracker.refreshed.get(analyzer.arn);
  if (last !== undefined && Date.now() - last.wallMs < REUSE_MS && Math.abs(now.getTime() - last.clockMs) < REUSE_MS && last.heard === tracker.heard) return;
  await flush?.();
  const heard = tracker.heard;
  const scope = await analyzerScope(store, analyzer);
  if (scope.zone === undefined) return;
  const configuration = (analyzer.configuration?.['unusedAccess'] ?? {}) as {
    unusedAccessAge?: number;
    analysisRule?: { exclusions?: { accountIds?: string[]; resourceTags?: Record<string, string>[] }[] };
  };
  const exclusions = configuration.analysisRule?.exclusions ?? [];
  const found: UnusedAccessFinding[] = [];
  for (const accountId of [...scope.zone.accounts].sort()) {
    const { entities, uses } = await accountEntities(store, accountId);
    const analyzed = entities.filter((e) => !excluded(e, exclusions));
    found.push(
      ...(await unusedAccessFindings(analyzed, new StorePolicyReader(store), (arn) => uses.get(arn) ?? [], {
        now,
        unusedAccessAge: configuration.unusedAccessAge ?? DEFAULT_UNUSED_ACCESS_AGE,
        actionLevelServices: ACTION_LEVEL_SERVICES,
      })),
    );
  }
  await reconcileUnused(store, analyzer, found, now.toISOString());
  tracker.refreshed.set(analyzer.arn, { wallMs: Date.now(), clockMs: now.getTime(), heard });
}

/** An account's IAM users and roles as the unused access analysis reads them, with their last-accessed data. */
export async function accountEntities(store: Store, accountId: string): Promise<{ entities: UnusedAccessEntity[]; uses: Map<string, ActionUse[]> }> {
  const entities: UnusedAccessEntity[] = [];
  const tagsOf = async (kind: 'user' | 'role', id: string) => Object.fromEntries((await store.tags.list(accountId, kind, id)).map((t) => [t.Key, t.Value]));
  for (const role of await store.roles.listAll(accountId)) {
    entities.push({
      kind: 'role',
      accountId,
      name: role.name,
      arn: role.arn,
      path: role.path,
      createdAt: role.createdAt,
      lastUsedAt: role.lastUsedAt,
      tags: await tagsOf('role', role.roleId),
    });
  }
  const keys = await store.accessKeys.listForAccount(accountId);
  const passwords = new Map((await store.loginProfiles.listForAccount(accountId)).map((p) => [p.userName.toLowerCase(), p]));
  for (const user of await store.users.listAll(accountId)) {
    const password = passwords.get(user.name.toLowerCase());
    entities.push({
      kind: 'user',
      accountId,
      name: user.name,
      arn: user.arn,
      createdAt: user.createdAt,
      tags: await tagsOf('user', user.userId),
      ...(password !== undefined ? { password: { createdAt: password.createdAt, lastUsedAt: user.passwordLastUsed } } : {}),
      accessKeys: keys
        .filter((k) => k.userName !== null && k.userName.toLowerCase() === user.name.toLowerCase())
        .map((k) => ({ accessKeyId: k.accessKeyId, status: k.status, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt })),
    });
  }
  const uses = new Map<string, ActionUse[]>();
  for (const a of await store.auditLastAccessed.forAccounts([accountId])) {
    const list = uses.get(a.entityArn) ?? [];
    list.push({ service: a.service, action: a.action, at: a.at });
    uses.set(a.entityArn, list);
  }
  return { entities, uses };
}

/** AWS: an analysis rule's exclusion matches an entity of a listed account, or one carrying every tag of one listed tag set (an empty value: any value). */
function excluded(entity: UnusedAccessEntity, exclusions: readonly { accountIds?: string[]; resourceTags?: Record<string, string>[] }[]): boolean {
  return exclusions.some((e) => {
    const byAccount = e.accountIds === undefined || e.accountIds.length === 0 || e.accountIds.includes(entity.accountId);
    const byTags =
      e.resourceTags === undefined ||
      e.resourceTags.length === 0 ||
      e.resourceTags.some((set) => Object.entries(set).every(([k, v]) => entity.tags[k] !== undefined && (v === '' || entity.tags[k] === v)));
    return byAccount && byTags && ((e.accountIds?.length ?? 0) > 0 || (e.resourceTags?.length ?? 0) > 0);
  });
}

/** Compares the analysis with the analyzer's findings: same entity, type and key is the same finding. */
async function reconcileUnused(store: Store, analyzer: AnalyzerRecord, found: readonly UnusedAccessFinding[], now: string): Promise<void> {
  await store.transaction(async (tx) => {
    const open = new Map<string, FindingRecord>();
    for (const f of await tx.analyzerFindings.list(analyzer.arn, { statuses: ['ACTIVE', 'ARCHIVED'] })) open.set(`${f.resource}\u0000${f.fingerprint}`, f);
    const rules = await tx.analyzers.listRules(analyzer.arn);
    const inserts: FindingRecord[] = [];
    const touches: string[] = [];
    for (const u of found) {
      const fingerprint = `${u.findingType}:${u.key}`;
      const details = { kind: 'unused', findingDetails: u.findingDetails };
      const known = open.get(`${u.resource}\u0000${fingerprint}`);
      if (known !== undefined) {
        open.delete(`${u.resource}\u0000${fingerprint}`);
        if (JSON.stringify(known.details) !== JSON.stringify(details)) {
          await tx.analyzerFindings.update(analyzer.arn, known.id, { details, updatedAt: now, analyzedAt: now });
        } else touches.push(known.id);
        continue;
      }
      const finding: FindingRecord = {
        analyzerArn: analyzer.arn,
        id: randomUUID(),
        findingType: u.findingType,
        resourceType: u.resourceType,
        resource: u.resource,
        resourceOwnerAccount: u.resourceOwnerAccount,
        status: 'ACTIVE',
        fingerprint,
        details,
        error: null,
        createdAt: now,
        updatedAt: now,
        analyzedAt: now,
      };
      inserts.push(archivedByRules(finding, rules) ? { ...finding, status: 'ARCHIVED' } : finding);
    }
    if (inserts.length > 0) await tx.analyzerFindings.insert(inserts);
    if (open.size > 0)
      await tx.analyzerFindings.setStatus(
        analyzer.arn,
        [...open.values()].map((f) => f.id),
        'RESOLVED',
        now,
      );
    if (touches.length > 0) await tx.analyzerFindings.touch(analyzer.arn, touches, now);
  });
}
