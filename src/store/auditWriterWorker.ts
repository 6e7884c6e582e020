/**
 * Worker thread: appends audit batches, and the records waiting in the inbox, to the SQLite hash
 * chain on its own connection, so that a group commit's inserts never run on the request thread.
 * Messages: `{ id, batch }` in (`auditFrame`s joined), `{ id, error? }` out. Relaxed commits
 * (`synchronous=NORMAL`), as read-only batches allow.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { CHAIN_ID, chainRows, GENESIS_HASH } from './auditChain.js';
import { recordsToChain } from './auditWriter.js';

const { path } = workerData as { path: string };
const db = new SqliteDatabase(path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const insertEvent = db.prepare(
  `insert into audit_events (seq, event_id, account_id, event_time, event_name, event_source, read_only, username, access_key_id, error_code, record, decision, prev_hash, hash)
   values (@seq, @event_id, @account_id, @event_time, @event_name, @event_source, @read_only, @username, @access_key_id, @error_code, @record, @decision, @prev_hash, @hash)`,
);
const insertResource = db.prepare('insert into audit_event_resources (seq, resource_type, resource_name) values (@seq, @resource_type, @resource_name)');
const ensureHead = db.prepare('insert into audit_chain (id, seq, hash) values (?, 0, ?) on conflict (id) do nothing');
const readHead = db.prepare('select seq, hash from audit_chain where id = ?');
const writeHead = db.prepare('update audit_chain set seq = ?, hash = ? where id = ?');

const readInbox = db.prepare('select frame from audit_inbox order by rowid').pluck();
const clearInbox = db.prepare('delete from audit_inbox');

/** One group commit: the inbox's records and the batch's, chained in one transaction. */
const append = db.transaction((batch: string) => {
  const inbox = readInbox.all() as string[];
  if (inbox.length > 0) clearInbox.run();
  const records = recordsToChain(inbox, batch);
  if (records.length === 0) return;
  ensureHead.run(CHAIN_ID, GENESIS_HASH);
  const head = readHead.get(CHAIN_ID) as { seq: number; hash: string };
  const rows = chainRows(records, { seq: Number(head.seq), hash: head.hash });
  for (const event of rows.events) insertEvent.run(event);
  for (const resource of rows.resources) insertResource.run(resource);
  writeHead.run(rows.head.seq, rows.head.hash, CHAIN_ID);
});

parentPort!.on('message', (message: { id: number; batch?: string; stop?: true }) => {
  if (message.stop) {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    append.immediate(message.batch ?? '');
    parentPort!.postMessage({ id: message.id });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
