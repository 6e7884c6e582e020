import { chainHash, GENESIS_HASH } from '../store/index.js';
import type { Store, StoredAuditRecord } from '../store/index.js';
import { readCheckpoint } from './retention.js';
import { columnsOfRecord } from './recordColumns.js';
import type { RecordColumns } from './recordColumns.js';

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
 * (all when absent). Each record's hash covers its content and the previous record's hash, so an
 * edited record breaks its own hash (MODIFIED); walking the chain by hashes from its anchor (the
 * genesis hash, the retention checkpoint after pruning, or the stored record before the range)
 * puts every record where the chain says it belongs: records out of `seq` order are REORDERED,
 * a link to a missing predecessor is DELETED (or a replaced record), and a record the chain
 * never reaches is INSERTED. A full check also compares the last record with the chain head.
 * Each intact record's lookup columns (account, time, event name and source, read-only, user
 * name, access key, error code) and resource rows are derived from it again (`recordColumns.ts`)
 * and compared with what is stored: a column that disagrees is MODIFIED, naming the column.
 */
export async function verifyRecords(store: Store, range: { start?: string; end?: string } = {}): Promise<{ findings: Finding[]; checked: number }> {
  const findings: Finding[] = [];
  const bounds = await seqBounds(store, range);
  if (bounds === undefined) return { findings, checked: 0 };
  const labels = new Map<number, string>();
  let checked = 0;
  for (let from = bounds.from; from <= bounds.to; ) {
    const rows = await store.auditEvents.range(from, bounds.to, PAGE);
    if (rows.length === 0) break;
    const first = rows[0]!.seq,
      last = rows[rows.length - 1]!.seq;
    const resources = await store.auditEvents.resourcesInRange(first, last);
    // read_only as stored: a value other than 0 or 1 matches neither ReadOnly lookup.
    const readOnly = new Map(
      (await store.db.selectFrom('audit_events').select(['seq', 'read_only']).where('seq', '>=', first).where('seq', '<=', last).execute()).map((row) => [
        Number(row.seq),
        Number(row.read_only),
      ]),
    );
    for (const r of rows) {
      checked += 1;
      labels.set(r.seq, label(r));
      if (chainHash(r.prevHash, r.record, r.decision) !== r.hash || eventIdOf(r) !== r.eventId) {
        findings.push({ kind: 'MODIFIED', subject: 'record', name: label(r), detail: 'its content does not match its chain hash' });
        continue;
      }
      // The record is the chain's: every column derived from it must say what it says.
      const expected = columnsOfRecord(r.record);
      if (expected === undefined) continue;
      for (const mismatch of columnMismatches(expected, { ...r, resources: resources.get(r.seq) ?? [] }, readOnly.get(r.seq))) {
        findings.push({ kind: 'MODIFIED', subject: 'record', name: label(r), detail: mismatch });
      }
    }
    from = rows[rows.length - 1]!.seq + 1;
  }
  const links = (
    await store.db
      .selectFrom('audit_events')
      .select(['seq', 'prev_hash', 'hash'])
      .where('seq', '>=', bounds.from)
      .where('seq', '<=', bounds.to)
      .orderBy('seq')
      .execute()
  ).map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash }));
  const anchor = await anchorOf(store, bounds.from);
  const name = (seq: number) => labels.get(seq) ?? `seq ${seq}`;
  findings.push(...walkChain(links, anchor, name));
  if (range.start === undefined && range.end === undefined) {
    const head = await store.auditEvents.head();
    const last = links[links.length - 1];
    if (last !== undefined && last.seq > head.seq) {
      findings.push({ kind: 'INSERTED', subject: 'record', name: `seq ${head.seq + 1}..${last.seq}`, detail: `past the chain head (seq ${head.seq})` });
    } else if (last !== undefined && (head.seq > last.seq || last.hash !== head.hash)) {
      findings.push({ kind: 'DELETED', subject: 'record', name: `seq ${last.seq + 1}..${head.seq}`, detail: `the chain head is seq ${head.seq}` });
    }
  }
  return { findings, checked };
}

/** The stored columns, named as the table names them, and how each is shown. */
const COLUMNS: readonly [keyof RecordColumns, string][] = [
  ['accountId', 'account_id'],
  ['eventTime', 'event_time'],
  ['eventName', 'event_name'],
  ['eventSource', 'event_source'],
  ['readOnly', 'read_only'],
  ['username', 'username'],
  ['accessKeyId', 'access_key_id'],
  ['errorCode', 'error_code'],
];

const shown = (value: unknown): string => (value === null ? 'null' : JSON.stringify(value));

function resourceList(list: RecordColumns['resources']): string {
  return list
    .map((r) => `${r.type} ${r.name}`)
    .sort()
    .join(', ');
}

/** Each column (and the resource rows) whose stored value differs from what the chained record says, as a finding's detail. */
function columnMismatches(expected: RecordColumns, stored: RecordColumns, storedReadOnly: number | undefined): string[] {
  const found: string[] = [];
  for (const [key, column] of COLUMNS) {
    if (key === 'readOnly') {
      const want = expected.readOnly ? 1 : 0;
      if (storedReadOnly !== want) found.push(`its read_only column says ${storedReadOnly ?? 'null'} where its record says ${want}`);
    } else if (stored[key] !== expected[key]) {
      found.push(`its ${column} column says ${shown(stored[key])} where its record says ${shown(expected[key])}`);
    }
  }
  const storedResources = resourceList(stored.resources);
  const recordResources = resourceList(expected.resources);
  if (storedResources !== recordResources) {
    found.push(`its audit_event_resources rows say [${storedResources}] where its record says [${recordResources}]`);
  }
  return found;
}

interface Link {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

async function anchorOf(store: Store, fromSeq: number): Promise<Link> {
  const before = fromSeq > 1 ? (await store.auditEvents.range(fromSeq - 1, fromSeq - 1, 1))[0] : undefined;
  if (before !== undefined) return { seq: before.seq, prevHash: before.prevHash, hash: before.hash };
  const checkpoint = await readCheckpoint(store);
  if (checkpoint !== undefined && fromSeq > checkpoint.seq) return { seq: checkpoint.seq, prevHash: '', hash: checkpoint.hash };
  return { seq: 0, prevHash: '', hash: GENESIS_HASH };
}

/** Follows the chain by hashes from `anchor` and reports every record not where its seq puts it. */
function walkChain(links: readonly Link[], anchor: Link, name: (seq: number) => string): Finding[] {
  const findings: Finding[] = [];
  const successors = new Map<string, Link[]>();
  for (const l of links) successors.set(l.prevHash, [...(successors.get(l.prevHash) ?? []), l]);
  const hashes = new Set(links.map((l) => l.hash));
  const visited = new Set<number>();
  const order: Link[] = [];
  const follow = (from: Link) => {
    let current = from;
    for (;;) {
      const next = (successors.get(current.hash) ?? []).filter((l) => !visited.has(l.seq));
      if (next.length === 0) return current;
      // Of two records claiming the same predecessor, the chain continues through the one with a successor.
      const chosen = next.find((l) => successors.has(l.hash)) ?? next[0]!;
      visited.add(chosen.seq);
      order.push(chosen);
      current = chosen;
    }
  };
  let end = follow(anchor);
  for (const l of links) {
    if (visited.has(l.seq)) continue;
    const predecessorKnown = l.prevHash === anchor.hash || hashes.has(l.prevHash);
    if (predecessorKnown) {
      visited.add(l.seq);
      findings.push({ kind: 'INSERTED', subject: 'record', name: name(l.seq), detail: 'the chain does not pass through it' });
      continue;
    }
    const gapFrom = end.seq + 1;
    if (l.seq > gapFrom) {
      findings.push({
        kind: 'DELETED',
        subject: 'record',
        name: `seq ${gapFrom}${l.seq - 1 > gapFrom ? `..${l.seq - 1}` : ''}`,
        detail: `missing before seq ${l.seq}`,
      });
    } else {
      findings.push({
        kind: 'MODIFIED',
        subject: 'record',
        name: name(end.seq),
        detail: `seq ${l.seq} does not chain to it (the record was replaced or its hash rewritten)`,
      });
    }
    visited.add(l.seq);
    order.push(l);
    end = follow(l);
  }
  const sorted = order.map((l) => l.seq).sort((a, b) => a - b);
  order.forEach((l, i) => {
    if (l.seq !== sorted[i]) findings.push({ kind: 'REORDERED', subject: 'record', name: name(l.seq), detail: `the chain puts it at seq ${sorted[i]}` });
  });
  return findings;
}

async function seqBounds(store: Store, range: { start?: string; end?: string }): Promise<{ from: number; to: number } | undefined> {
  let query = store.db.selectFrom('audit_events').select((eb) => [eb.fn.min('seq').as('from'), eb.fn.max('seq').as('to')]);
  if (range.start !== undefined) query = query.where('event_time', '>=', range.start);
  if (range.end !== undefined) query = query.where('event_time', '<=', range.end);
  const row = await query.executeTakeFirst();
  if (row === undefined || row.from === null || row.to === null) return undefined;
  return { from: Number(row.from), to: Number(row.to) };
}
