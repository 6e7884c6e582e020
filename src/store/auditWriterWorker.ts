/**
 * Worker thread: appends audit batches, and the records waiting in the inbox, to the SQLite hash
 * chain on its own connection, so that a group commit's inserts never run on the request thread.
 * Messages: `{ id, batch, codec? }` in (`auditFrame`s joined, or text that the module `codec`
 * decodes: see `AuditBatchCodec`), `{ id, error? }` out, in order. Relaxed commits
 * (`synchronous=NORMAL`), as read-only batches allow.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { CHAIN_ID, chainRows, GENESIS_HASH } from './auditChain.js';
import { decodeAuditBatch, recordsToChain } from './auditWriter.js';
import type { NewAuditRecord } from './auditChain.js';

const { path } = workerData as { path: string };
const db = new SqliteDatabase(path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const insertEvent = db.prepare(
  `insert into audit_events (seq, event_id, account_id, event_time, event_name, event_source, read_only, username, access_key_id, error_code, record, decision, prev_hash, hash)
   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insertResource = db.prepare('insert into audit_event_resources (seq, resource_type, resource_name) values (?, ?, ?)');
const ensureHead = db.prepare('insert into audit_chain (id, seq, hash) values (?, 0, ?) on conflict (id) do nothing');
const readHead = db.prepare('select seq, hash from audit_chain where id = ?');
const writeHead = db.prepare('update audit_chain set seq = ?, hash = ? where id = ?');

const readInbox = db.prepare('select frame from audit_inbox order by rowid').pluck();
const clearInbox = db.prepare('delete from audit_inbox');

/** One group commit: the inbox's records and the batch's, chained in one transaction. */
const append = db.transaction((batch: string, decode: (text: string) => NewAuditRecord[]) => {
  const inbox = readInbox.all() as string[];
  if (inbox.length > 0) clearInbox.run();
  const records = recordsToChain(inbox, batch, decode);
  if (records.length === 0) return;
  ensureHead.run(CHAIN_ID, GENESIS_HASH);
  const head = readHead.get(CHAIN_ID) as { seq: number; hash: string };
  const rows = chainRows(records, { seq: Number(head.seq), hash: head.hash });
  // Bound by position: by name, each parameter is a property lookup from native code.
  for (const e of rows.events) {
    insertEvent.run(
      e.seq,
      e.event_id,
      e.account_id,
      e.event_time,
      e.event_name,
      e.event_source,
      e.read_only,
      e.username,
      e.access_key_id,
      e.error_code,
      e.record,
      e.decision,
      e.prev_hash,
      e.hash,
    );
  }
  for (const r of rows.resources) insertResource.run(r.seq, r.resource_type, r.resource_name);
  writeHead.run(rows.head.seq, rows.head.hash, CHAIN_ID);
});

type Decode = (text: string) => NewAuditRecord[];
/** The codecs' `decodeBatch`, by module URL, loaded once each. */
const codecs = new Map<string, Promise<Decode>>();
function decoderOf(module: string | undefined): Decode | Promise<Decode> {
  if (module === undefined) return decodeAuditBatch;
  let decode = codecs.get(module);
  if (decode === undefined) {
    decode = import(module).then((m: { decodeBatch?: Decode }) => {
      if (typeof m.decodeBatch !== 'function') throw new Error(`${module} exports no decodeBatch`);
      return m.decodeBatch;
    });
    codecs.set(module, decode);
  }
  return decode;
}

async function handle(message: { id: number; batch?: string; codec?: string; stop?: true }): Promise<void> {
  if (message.stop) {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    append.immediate(message.batch ?? '', await decoderOf(message.codec));
    parentPort!.postMessage({ id: message.id });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
}

// One message at a time, in order (loading a codec is asynchronous).
let turn: Promise<void> = Promise.resolve();
parentPort!.on('message', (message: { id: number; batch?: string; codec?: string; stop?: true }) => {
  turn = turn.then(() => handle(message));
});
