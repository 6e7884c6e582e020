import { chainHash, GENESIS_HASH } from '../store/index.js';
import type { Store, StoredAuditRecord } from '../store/index.js';
import { readCheckpoint } from './retention.js';

/** One integrity problem, named as `gatehouse audit verify` prints it. */
export interface Finding {
  readonly kind: 'MODIFIED' | 'DELETED' | 'INSERTED' | 'REORDERED' | 'INVALID';
  /** `record` for stored records; `log file`, `digest file` for a trail's files. */
  readonly subject: string;
  readonly name: string;
  readonly detail: string;
}

/** A finding as one line: `MODIFIED record seq 12 (eventID …): …`. */
export function formatFinding(f: Finding): string {
  return `${f.kind} ${f.subject} ${f.name}: ${f.detail}`;
}

const PAGE = 5000;

function eventIdOf(r: StoredAuditRecord): string {
  try {
    return String((JSON.parse(r.record) as { eventID?: unknown }).eventID ?? r.eventId);
  } catch {
    return r.eventId;
  }
}

const label = (r: StoredAuditRecord) => `seq ${r.seq} (eventID ${eventIdOf(r)})`;

/**
 * Checks the stored records' hash chain over the records whose event time is in [start, end]
 * (all when absent): each record's hash covers its content and the previous record's hash, so
 * an edited record breaks its own hash, and a deleted, inserted or reordered one breaks the link
 * of the record after it. The chain starts at the genesis hash, at the retention checkpoint after
 * pruning, or (for a range) at the stored record before the range; a full check also compares
 * the last record with the chain head.
 */
export async function verifyRecords(store: Store, range: { start?: string; end?: string } = {}): Promise<{ findings: Finding[]; checked: number }> {
  const findings: Finding[] = [];
  const bounds = await seqBounds(store, range);
  if (bounds === undefined) return { findings, checked: 0 };
  const checkpoint = await readCheckpoint(store);
  let prev: { seq: number; hash: string };
  const before = bounds.from > 1 ? (await store.auditEvents.range(bounds.from - 1, bounds.from - 1, 1))[0] : undefined;
  if (before !== undefined) prev = { seq: before.seq, hash: before.hash };
  else if (checkpoint !== undefined && bounds.from > checkpoint.seq) prev = { seq: checkpoint.seq, hash: checkpoint.hash };
  else prev = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  let explained = false;
  let last: StoredAuditRecord | undefined;
  for (let from = bounds.from; from <= bounds.to; ) {
    const rows = await store.auditEvents.range(from, bounds.to, PAGE);
    if (rows.length === 0) break;
    const byHash = new Map(rows.map((r) => [r.hash, r]));
    for (const r of rows) {
      checked += 1;
      if (chainHash(r.prevHash, r.record, r.decision) !== r.hash || eventIdOf(r) !== r.eventId) {
        findings.push({ kind: 'MODIFIED', subject: 'record', name: label(r), detail: 'its content does not match its chain hash' });
      }
      if (r.prevHash !== prev.hash) {
        const target = byHash.get(r.prevHash);
        if (r.seq > prev.seq + 1 && (target === undefined || target.seq < r.seq)) {
          findings.push({ kind: 'DELETED', subject: 'record', name: `seq ${prev.seq + 1}${r.seq - 1 > prev.seq + 1 ? `..${r.seq - 1}` : ''}`, detail: `missing before seq ${r.seq}` });
        } else if (target !== undefined && target.seq > r.seq) {
          findings.push({ kind: 'REORDERED', subject: 'record', name: label(r), detail: `it chains after seq ${target.seq}, not seq ${prev.seq}` });
          explained = true;
        } else if (target !== undefined && target.seq < prev.seq && !explained) {
          const inserted = target.seq + 1 === prev.seq ? `seq ${prev.seq}` : `seq ${target.seq + 1}..${prev.seq}`;
          findings.push({ kind: 'INSERTED', subject: 'record', name: inserted, detail: `not part of the chain: seq ${r.seq} chains to seq ${target.seq}` });
        } else if (!explained) {
          findings.push({ kind: 'MODIFIED', subject: 'record', name: `seq ${prev.seq}`, detail: `seq ${r.seq} does not chain to it (the record was replaced or its hash rewritten)` });
        } else {
          explained = false;
        }
      } else {
        explained = false;
      }
      prev = { seq: r.seq, hash: r.hash };
      last = r;
    }
    from = rows[rows.length - 1]!.seq + 1;
  }
  if (range.start === undefined && range.end === undefined) {
    const head = await store.auditEvents.head();
    if (last !== undefined && last.seq > head.seq) {
      findings.push({ kind: 'INSERTED', subject: 'record', name: `seq ${head.seq + 1}..${last.seq}`, detail: `past the chain head (seq ${head.seq})` });
    } else if (head.seq > prev.seq || (last !== undefined && last.seq === head.seq && last.hash !== head.hash)) {
      findings.push({ kind: 'DELETED', subject: 'record', name: `seq ${prev.seq + 1}..${head.seq}`, detail: `the chain head is seq ${head.seq}` });
    }
  }
  return { findings, checked };
}

async function seqBounds(store: Store, range: { start?: string; end?: string }): Promise<{ from: number; to: number } | undefined> {
  let query = store.db.selectFrom('audit_events').select((eb) => [eb.fn.min('seq').as('from'), eb.fn.max('seq').as('to')]);
  if (range.start !== undefined) query = query.where('event_time', '>=', range.start);
  if (range.end !== undefined) query = query.where('event_time', '<=', range.end);
  const row = await query.executeTakeFirst();
  if (row === undefined || row.from === null || row.to === null) return undefined;
  return { from: Number(row.from), to: Number(row.to) };
}
