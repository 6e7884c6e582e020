import { analyzeExternalAccess, type AnalyzedPolicy, type ExternalAccessResult, type ZoneOfTrust } from '../../analysis/externalAccess/index.js';
import { unusedAccessFindings, type UnusedAccessFinding } from '../../analysis/unusedAccess/index.js';
import { StorePolicyReader } from '../../auth/index.js';
import { SERVICE_NAMES } from '../../protocol/index.js';
import type { Store } from '../../store/index.js';
import { DEFAULT_UNUSED_ACCESS_AGE } from './analyzerRecords.js';
import { RESOURCE_KINDS } from './resourceKinds/index.js';
import { accountEntities } from './unusedFindings.js';

/**
 * Access Analyzer's analyses of one of the server's own accounts, without an analyzer and without
 * storing findings: for the console and posture checks. The pure analyses behind them
 * (src/analysis/externalAccess/, src/analysis/unusedAccess/) run on a snapshot offline as well.
 */

/** Every resource of the account that holds a resource policy, with the external accesses it grants (zone: the account by default). */
export async function externalAccessOfAccount(
  store: Store,
  accountId: string,
  zone: ZoneOfTrust = { accounts: new Set([accountId]) },
): Promise<{ resource: AnalyzedPolicy; result: ExternalAccessResult }[]> {
  const out: { resource: AnalyzedPolicy; result: ExternalAccessResult }[] = [];
  for (const kind of RESOURCE_KINDS) {
    for (const resource of await kind.list(store, accountId)) out.push({ resource, result: analyzeExternalAccess(resource, zone) });
  }
  return out;
}

/** The account's unused access findings at `now` (AWS's default tracking period of 90 days unless given). */
export async function unusedAccessOfAccount(store: Store, accountId: string, options: { now: Date; unusedAccessAge?: number }): Promise<UnusedAccessFinding[]> {
  const { entities, uses } = await accountEntities(store, accountId);
  return unusedAccessFindings(entities, new StorePolicyReader(store), (arn) => uses.get(arn) ?? [], {
    now: options.now,
    unusedAccessAge: options.unusedAccessAge ?? DEFAULT_UNUSED_ACCESS_AGE,
    actionLevelServices: new Set(SERVICE_NAMES),
  });
}
