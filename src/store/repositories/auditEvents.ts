import { sql } from 'kysely';
import { CHAIN_ID, chainRows, GENESIS_HASH } from '../auditChain.js';
import type { NewAuditRecord } from '../auditChain.js';
import type { AuditEventsTable } from '../schema.js';
import type { RepositoryContext } from './context.js';
import { preparedQuery } from './prepared.js';

const intoInbox = preparedQuery((db, v: { frame: string }) => db.insertInto('audit_inbox').values({ frame: v.frame }));

/** A stored record with its place in the hash chain. */
export interface StoredAuditRecord extends NewAuditRecord {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** LookupEvents' lookup attribute keys (CloudTrail API reference, LookupAttribute). */
export type LookupAttributeKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';

/** The audit_events column each lookup key that names one value of the event compares with. */
const LOOKUP_COLUMNS = {
  EventId: 'event_id',
  EventName: 'event_name',
  EventSource: 'event_source',
  Username: 'username',
  AccessKeyId: 'access_key_id',
} as const satisfies Partial<Record<LookupAttributeKey, keyof AuditEventsTable>>;

export interface AuditLookup {
  readonly accountId: string;
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string };
  readonly startTime?: string;
  readonly endTime?: string;
  readonly maxResults: number;
  /** Resume below this sequence number (from a previous page). */
  readonly beforeSeq?: number;
}

export interface AuditEventsRepository {
  /** Appends records to the hash chain. Call inside a transaction: the chain head is locked until it commits. */
  append(records: readonly NewAuditRecord[]): Promise<void>;
  /** Puts one record (an `auditFrame`) in the inbox, to commit with the transaction it is written in. */
  enqueue(frame: string): Promise<void>;
  /** Takes every committed inbox frame out of the inbox. Call inside the transaction that appends them. */
  drainInbox(): Promise<string[]>;
  /** Newest first. `nextSeq` is set when more records match. */
  lookup(query: AuditLookup): Promise<{ items: StoredAuditRecord[]; nextSeq?: number }>;
  /** Records with `fromSeq <= seq <= toSeq`, in chain order, for verification and export (`resources` left empty). */
  range(fromSeq: number, toSeq?: number, limit?: number): Promise<StoredAuditRecord[]>;
  /** The resource rows of the records with `fromSeq <= seq <= toSeq`, by sequence number, for verification. */
  resourcesInRange(fromSeq: number, toSeq: number): Promise<Map<number, { type: string; name: string }[]>>;
  /** The chain head: the last sequence number and hash (0 and the genesis hash when empty). */
  head(): Promise<{ seq: number; hash: string }>;
  /** The sequence number of the first stored record whose event time is `time` (ISO 8601) or later. */
  firstSeqFrom(time: string): Promise<number | undefined>;
  /** Deletes the stored records up to and including `seq`, with the resources they name (retention); returns how many. */
  pruneThrough(seq: number): Promise<number>;
  /** How many records wait in the inbox: committed with their mutations, not yet chained. */
  inboxSize(): Promise<number>;
  /** Up to `limit` record texts after `afterSeq`, in chain order, of events within the window (ISO 8601, inclusive), for export. */
  texts(afterSeq: number, window: { start?: string; end?: string }, limit: number): Promise<{ seq: number; record: string }[]>;
}

/** Rows per INSERT statement (14 parameters each, well under SQLite's and PostgreSQL's limits). */
const INSERT_CHUNK = 200;

type Row = AuditEventsTable;

function fromRow(row: Row, resources: { type: string; name: string }[] = []): StoredAuditRecord {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    accountId: row.account_id,
    eventTime: row.event_time,
    eventName: row.event_name,
    eventSource: row.event_source,
    readOnly: Number(row.read_only) === 1,
    username: row.username,
    accessKeyId: row.access_key_id,
    errorCode: row.error_code,
    record: row.record,
    decision: row.decision,
    prevHash: row.prev_hash,
    hash: row.hash,
    resources,
  };
}

/** The audit trail over one database handle. `postgres` locks the chain head row for the transaction. */
export function auditEventsRepository({ db }: RepositoryContext, kind: 'sqlite' | 'postgres'): AuditEventsRepository {
  async function lockHead(): Promise<{ seq: number; hash: string }> {
    let query = db.selectFrom('audit_chain').select(['seq', 'hash']).where('id', '=', CHAIN_ID);
    if (kind === 'postgres') query = query.forUpdate();
    // The head row exists after the first append: one query per append, the insert only once.
    let head = await query.executeTakeFirst();
    if (head === undefined) {
      await db
        .insertInto('audit_chain')
        .values({ id: CHAIN_ID, seq: 0, hash: GENESIS_HASH })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      head = await query.executeTakeFirstOrThrow();
    }
    return { seq: Number(head.seq), hash: head.hash };
  }

  return {
    async append(records) {
      if (records.length === 0) return;
      const { events, resources, head } = chainRows(records, await lockHead());
      // Multi-row inserts: one statement per chunk keeps a group commit cheap.
      for (let i = 0; i < events.length; i += INSERT_CHUNK)
        await db
          .insertInto('audit_events')
          .values(events.slice(i, i + INSERT_CHUNK))
          .execute();
      for (let i = 0; i < resources.length; i += INSERT_CHUNK)
        await db
          .insertInto('audit_event_resources')
          .values(resources.slice(i, i + INSERT_CHUNK))
          .execute();
      await db.updateTable('audit_chain').set(head).where('id', '=', CHAIN_ID).execute();
    },

    async enqueue(frame) {
      await intoInbox(db, { frame });
    },

    async drainInbox() {
      if (kind === 'postgres') return (await db.deleteFrom('audit_inbox').returning('frame').execute()).map((r) => r.frame);
      // SQLite: the transaction holds the write lock, so nothing enters the inbox between the two.
      const rows = await db.selectFrom('audit_inbox').select('frame').orderBy(sql`rowid`).execute();
      if (rows.length > 0) await db.deleteFrom('audit_inbox').execute();
      return rows.map((r) => r.frame);
    },

    async lookup(q) {
      let query = db.selectFrom('audit_events').selectAll().where('account_id', '=', q.accountId);
      // AWS: the event history holds management events; data events go only to the trails that ask.
      query = query.where('record', 'not like', '%"managementEvent":false%');
      if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
      if (q.startTime !== undefined) query = query.where('event_time', '>=', q.startTime);
      if (q.endTime !== undefined) query = query.where('event_time', '<=', q.endTime);
      const attr = q.attribute;
      if (attr !== undefined) {
        if (attr.key === 'ResourceType' || attr.key === 'ResourceName') {
          const column = attr.key === 'ResourceType' ? 'resource_type' : 'resource_name';
          query = query.where('seq', 'in', db.selectFrom('audit_event_resources').select('seq').where(column, '=', attr.value));
        } else if (attr.key === 'ReadOnly') {
          query = query.where('read_only', '=', attr.value === 'true' ? 1 : 0);
        } else {
          query = query.where(LOOKUP_COLUMNS[attr.key], '=', attr.value);
        }
      }
      const rows = (await query
        .orderBy('seq', 'desc')
        .limit(q.maxResults + 1)
        .execute()) as Row[];
      const page = rows.slice(0, q.maxResults);
      const seqs = page.map((r) => Number(r.seq));
      const resources = new Map<number, { type: string; name: string }[]>();
      if (seqs.length > 0) {
        for (const res of await db.selectFrom('audit_event_resources').selectAll().where('seq', 'in', seqs).execute()) {
          const list = resources.get(Number(res.seq)) ?? [];
          list.push({ type: res.resource_type, name: res.resource_name });
          resources.set(Number(res.seq), list);
        }
      }
      const items = page.map((r) => fromRow(r, resources.get(Number(r.seq))));
      return rows.length > q.maxResults ? { items, nextSeq: seqs[seqs.length - 1]! } : { items };
    },

    async range(fromSeq, toSeq, limit = 10_000) {
      let query = db.selectFrom('audit_events').selectAll().where('seq', '>=', fromSeq);
      if (toSeq !== undefined) query = query.where('seq', '<=', toSeq);
      return ((await query.orderBy('seq', 'asc').limit(limit).execute()) as Row[]).map((r) => fromRow(r));
    },

    async resourcesInRange(fromSeq, toSeq) {
      const bySeq = new Map<number, { type: string; name: string }[]>();
      const rows = await db.selectFrom('audit_event_resources').selectAll().where('seq', '>=', fromSeq).where('seq', '<=', toSeq).execute();
      for (const row of rows) {
        const list = bySeq.get(Number(row.seq)) ?? [];
        list.push({ type: row.resource_type, name: row.resource_name });
        bySeq.set(Number(row.seq), list);
      }
      return bySeq;
    },

    async head() {
      const head = await db.selectFrom('audit_chain').select(['seq', 'hash']).where('id', '=', CHAIN_ID).executeTakeFirst();
      return head === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: Number(head.seq), hash: head.hash };
    },

    async firstSeqFrom(time) {
      const first = await db.selectFrom('audit_events').select('seq').where('event_time', '>=', time).orderBy('seq').limit(1).executeTakeFirst();
      return first === undefined ? undefined : Number(first.seq);
    },

    async pruneThrough(seq) {
      await db.deleteFrom('audit_event_resources').where('seq', '<=', seq).execute();
      const result = await db.deleteFrom('audit_events').where('seq', '<=', seq).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async inboxSize() {
      const { count } = await db
        .selectFrom('audit_inbox')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    async texts(afterSeq, window, limit) {
      let query = db.selectFrom('audit_events').select(['seq', 'record']).where('seq', '>', afterSeq);
      if (window.start !== undefined) query = query.where('event_time', '>=', window.start);
      if (window.end !== undefined) query = query.where('event_time', '<=', window.end);
      const rows = await query.orderBy('seq').limit(limit).execute();
      return rows.map((r) => ({ seq: Number(r.seq), record: r.record }));
    },
  };
}
