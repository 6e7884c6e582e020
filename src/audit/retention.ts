import type { Store } from '../store/index.js';

/** The kv key of the retention checkpoint: the last pruned record's seq and chain hash. */
export const CHECKPOINT_KEY = 'audit:checkpoint';

/** Where the stored chain begins after pruning: verification anchors the first kept record here. */
export interface ChainCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly prunedAt: string;
}

/** The retention checkpoint, if records were ever pruned. */
export async function readCheckpoint(store: Store): Promise<ChainCheckpoint | undefined> {
  const text = await store.kv.get(CHECKPOINT_KEY);
  return text === undefined ? undefined : (JSON.parse(text) as ChainCheckpoint);
}

/**
 * Deletes the stored records older than `retentionDays`, as a prefix of the chain: every record
 * up to (not including) the first one inside the period, so no record inside it is lost even
 * though group-committed records are not in time order. The last pruned record's seq and hash
 * become the checkpoint, in the same transaction. Returns how many records were pruned.
 *
 * AWS: CloudTrail event history keeps 90 days of management events (cloudtrail-event-history).
 */
export async function pruneAudit(store: Store, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return store.transaction(async (tx) => {
    const first = await tx.auditEvents.firstSeqFrom(cutoff);
    const bound = first === undefined ? (await tx.auditEvents.head()).seq : first - 1;
    const checkpoint = await readCheckpoint(tx);
    if (bound <= (checkpoint?.seq ?? 0)) return 0;
    const [last] = await tx.auditEvents.range(bound, bound, 1);
    if (last === undefined) return 0;
    const pruned = await tx.auditEvents.pruneThrough(bound);
    const next: ChainCheckpoint = { seq: bound, hash: last.hash, prunedAt: now.toISOString() };
    await tx.kv.set(CHECKPOINT_KEY, JSON.stringify(next));
    return pruned;
  });
}
