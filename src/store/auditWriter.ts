import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { besideModule, moduleWorker } from '../moduleWorker.js';
import type { NewAuditRecord } from './auditChain.js';

/** A CloudTrail event's members that the stored record's columns hold. */
export interface EventColumns {
  readonly eventID: string;
  readonly recipientAccountId?: string | undefined;
  readonly eventTime: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly readOnly: boolean;
  readonly userIdentity?: { readonly accessKeyId?: string | undefined } | undefined;
  readonly errorCode?: string | undefined;
}

/** What the request thread hands over for one record. */
export interface AuditRecordText {
  /** The CloudTrail event whose JSON `record` is: its columns are read from here. */
  readonly event: EventColumns;
  /** The CloudTrail event, as JSON text. */
  readonly record: string;
  /** Gatehouse's decision record, as JSON text, when one was made. */
  readonly decision: string | null;
  /** LookupEvents' `Username`. */
  readonly username: string | null;
  /** The resources the event names. */
  readonly resources: readonly { readonly type: string; readonly name: string }[];
}

/** One field of a frame: `<length>:<text>` (length in UTF-16 code units), or `~` for null. */
export const frameField = (value: string | null): string => (value === null ? '~' : `${value.length}:${value}`);
const field = frameField;

/**
 * One record as a frame of a batch's text: fields (`frameField`) — the event's columns (event ID,
 * account, time, name, source, read-only as 1 or 0, access key ID, error code), the event JSON,
 * the decision JSON, the user name, then the resources as a count and type/name pairs. A batch is
 * its frames joined: one string crosses to the writer thread as a copy of its bytes, where an
 * array of objects is cloned member by member, and the writer reads the columns without parsing
 * the event.
 */
export function auditFrame(r: AuditRecordText): string {
  const e = r.event;
  let out =
    field(e.eventID) +
    field(e.recipientAccountId ?? '') +
    field(e.eventTime) +
    field(e.eventName) +
    field(e.eventSource) +
    (e.readOnly ? '1' : '0') +
    field(e.userIdentity?.accessKeyId ?? null) +
    field(e.errorCode ?? null) +
    field(r.record) +
    field(r.decision) +
    field(r.username) +
    field(String(r.resources.length));
  for (const res of r.resources) out += field(res.type) + field(res.name);
  return out;
}

/** Reads a text of `frameField`s and flags, in order; any malformation throws `malformed audit batch`. */
export class FrameReader {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  get done(): boolean {
    return this.#at >= this.#text.length;
  }

  /** The next character's code, consumed (a frame's kind or a flag). */
  code(): number {
    if (this.#at >= this.#text.length) throw new Error('malformed audit batch');
    return this.#text.charCodeAt(this.#at++);
  }

  optional(): string | null {
    const text = this.#text;
    let at = this.#at;
    if (text.charCodeAt(at) === TILDE) {
      this.#at = at + 1;
      return null;
    }
    // The length: decimal digits, then `:` (read by code, not by slicing a number out).
    let length = 0;
    const start = at;
    for (let c = text.charCodeAt(at); c !== COLON; c = text.charCodeAt(++at)) {
      if (c < ZERO || c > NINE || at - start > 15) throw new Error('malformed audit batch');
      length = length * 10 + (c - ZERO);
    }
    if (at === start || at + 1 + length > text.length) throw new Error('malformed audit batch');
    this.#at = at + 1 + length;
    return text.slice(at + 1, this.#at);
  }

  required(): string {
    const value = this.optional();
    if (value === null) throw new Error('malformed audit batch');
    return value;
  }

  /** A non-negative integer field. */
  count(): number {
    const n = Number(this.required());
    if (!Number.isSafeInteger(n) || n < 0) throw new Error('malformed audit batch');
    return n;
  }

  flag(): boolean {
    const c = this.code();
    if (c !== ZERO && c !== ONE) throw new Error('malformed audit batch');
    return c === ONE;
  }
}

const TILDE = 0x7e,
  COLON = 0x3a,
  ZERO = 0x30,
  ONE = 0x31,
  NINE = 0x39;

/** The records of a batch of `auditFrame`s, each with the columns it is stored and looked up by. */
export function decodeAuditBatch(text: string): NewAuditRecord[] {
  const read = new FrameReader(text);
  const records: NewAuditRecord[] = [];
  while (!read.done) {
    const eventId = read.required(),
      accountId = read.required(),
      eventTime = read.required(),
      eventName = read.required(),
      eventSource = read.required();
    const readOnly = read.flag();
    const accessKeyId = read.optional(),
      errorCode = read.optional();
    const record = read.required(),
      decision = read.optional(),
      username = read.optional();
    const resources: { type: string; name: string }[] = [];
    for (let n = read.count(); n > 0; n--) resources.push({ type: read.required(), name: read.required() });
    records.push({ eventId, accountId, eventTime, eventName, eventSource, readOnly, username, accessKeyId, errorCode, record, decision, resources });
  }
  return records;
}

/**
 * How the text handed to `appendAuditBatch` becomes records, when it is not `auditFrame`s: the
 * writer thread loads `module` and calls its `decodeBatch`; appending on the calling thread calls
 * `decode`, the same function. This lets the audit trail build its records on the writer thread.
 */
export interface AuditBatchCodec {
  /** File URL of an ES module that exports `decodeBatch(text: string): NewAuditRecord[]`. */
  readonly module: string;
  readonly decode: (text: string) => NewAuditRecord[];
}

/**
 * The records one group commit chains: the inbox's first (mutations' records, already committed,
 * in the order the inbox returns them: commit order on SQLite), then the batch's.
 */
export function recordsToChain(inbox: readonly string[], batch: string, decode: (text: string) => NewAuditRecord[] = decodeAuditBatch): NewAuditRecord[] {
  if (inbox.length === 0) return decode(batch);
  return [...decodeAuditBatch(inbox.join('')), ...decode(batch)];
}

/**
 * The request thread's handle on the audit writer worker (`auditWriterWorker.ts`): `append`
 * hands a batch over and resolves once it is committed. One batch at a time, in order.
 */
export class AuditBatchWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  #next = 1;
  #failed: Error | undefined;
  #closing = false;
  /** Told, once, of the first batch the worker fails or of the worker's end (callers then append inline). */
  readonly #report: ((reason: string) => void) | undefined;
  #reported = false;

  private constructor(worker: Worker, report: ((reason: string) => void) | undefined) {
    this.#worker = worker;
    this.#report = report;
    worker.unref();
    worker.on('message', (reply: { id: number; error?: string }) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error === undefined) waiter?.resolve();
      else {
        this.#tell(reply.error);
        waiter?.reject(new Error(reply.error));
      }
    });
    worker.on('error', (err) => this.#fail(err));
    worker.on('exit', () => this.#fail(new Error('the audit writer stopped')));
  }

  /**
   * Starts the worker on the database file; undefined when it cannot run here (callers append
   * inline). `report` hears, once, why a batch could not be appended there.
   */
  static start(path: string, report?: (reason: string) => void): AuditBatchWriter | undefined {
    const file = besideModule(import.meta.url, 'auditWriterWorker');
    if (!existsSync(file)) return undefined;
    try {
      return new AuditBatchWriter(moduleWorker(file, { workerData: { path } }), report);
    } catch {
      return undefined;
    }
  }

  /** Appends a batch's text: `auditFrame`s joined, or what `codec` decodes. */
  append(batch: string, codec?: AuditBatchCodec): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const id = this.#next++;
    this.#worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, batch, codec: codec?.module });
    }).finally(() => {
      if (this.#pending.size === 0) this.#worker.unref();
    });
  }

  async close(): Promise<void> {
    if (this.#failed !== undefined) return;
    this.#closing = true;
    this.#worker.ref();
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage({ id: 0, stop: true });
    await exited;
  }

  #tell(reason: string): void {
    if (this.#reported || this.#closing) return;
    this.#reported = true;
    this.#report?.(reason);
  }

  #fail(err: Error): void {
    this.#tell(err.message);
    this.#failed ??= err;
    for (const waiter of this.#pending.values()) waiter.reject(err);
    this.#pending.clear();
  }
}
