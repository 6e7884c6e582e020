import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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

const field = (value: string | null): string => (value === null ? '~' : `${value.length}:${value}`);

/**
 * One record as a frame of a batch's text: fields `<length>:<text>` (length in UTF-16 code units)
 * or `~` for null — the event's columns (event ID, account, time, name, source, read-only as 1 or
 * 0, access key ID, error code), the event JSON, the decision JSON, the user name, then the
 * resources as a count and type/name pairs. A batch is its frames joined: one string crosses to
 * the writer thread as a copy of its bytes, where an array of objects is cloned member by member,
 * and the writer reads the columns without parsing the event.
 */
export function auditFrame(r: AuditRecordText): string {
  const e = r.event;
  let out =
    field(e.eventID) + field(e.recipientAccountId ?? '') + field(e.eventTime) + field(e.eventName) + field(e.eventSource) + (e.readOnly ? '1' : '0') +
    field(e.userIdentity?.accessKeyId ?? null) + field(e.errorCode ?? null) +
    field(r.record) + field(r.decision) + field(r.username) + field(String(r.resources.length));
  for (const res of r.resources) out += field(res.type) + field(res.name);
  return out;
}

/** The records of a batch's text, each with the columns it is stored and looked up by. */
export function decodeAuditBatch(text: string): NewAuditRecord[] {
  let at = 0;
  const optional = (): string | null => {
    if (text[at] === '~') {
      at += 1;
      return null;
    }
    const colon = text.indexOf(':', at);
    const length = Number(text.slice(at, colon));
    if (colon < 0 || !Number.isInteger(length) || length < 0 || colon + 1 + length > text.length) throw new Error('malformed audit batch');
    at = colon + 1 + length;
    return text.slice(colon + 1, at);
  };
  const required = (): string => {
    const value = optional();
    if (value === null) throw new Error('malformed audit batch');
    return value;
  };
  const flag = (): boolean => {
    const c = text[at++];
    if (c !== '0' && c !== '1') throw new Error('malformed audit batch');
    return c === '1';
  };
  const records: NewAuditRecord[] = [];
  while (at < text.length) {
    const eventId = required(), accountId = required(), eventTime = required(), eventName = required(), eventSource = required(), readOnly = flag();
    const accessKeyId = optional(), errorCode = optional();
    const record = required(), decision = optional(), username = optional();
    const resources: { type: string; name: string }[] = [];
    for (let n = Number(required()); n > 0; n--) resources.push({ type: required(), name: required() });
    records.push({ eventId, accountId, eventTime, eventName, eventSource, readOnly, username, accessKeyId, errorCode, record, decision, resources });
  }
  return records;
}

/**
 * The records one group commit chains: the inbox's first (mutations' records, already committed,
 * in the order the inbox returns them: commit order on SQLite), then the batch's.
 */
export function recordsToChain(inbox: readonly string[], batch: string): NewAuditRecord[] {
  if (inbox.length === 0) return decodeAuditBatch(batch);
  return [...decodeAuditBatch(inbox.join('')), ...decodeAuditBatch(batch)];
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

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.unref();
    worker.on('message', (reply: { id: number; error?: string }) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(reply.error));
    });
    worker.on('error', (err) => this.#fail(err));
    worker.on('exit', () => this.#fail(new Error('the audit writer stopped')));
  }

  /** Starts the worker on the database file; undefined when it cannot run here (callers append inline). */
  static start(path: string): AuditBatchWriter | undefined {
    const here = fileURLToPath(import.meta.url);
    const file = here.replace(/auditWriter\.(ts|js)$/, (_m, ext: string) => `auditWriterWorker.${ext}`);
    if (!existsSync(file)) return undefined;
    try {
      if (file.endsWith('.js')) return new AuditBatchWriter(new Worker(file, { workerData: { path } }));
      // Running from TypeScript sources (tsx): a worker's entry needs tsx registered in that thread.
      const tsx = import.meta.resolve('tsx/esm/api');
      const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
      return new AuditBatchWriter(new Worker(bootstrap, { eval: true, workerData: { path } }));
    } catch {
      return undefined;
    }
  }

  /** Appends a batch's text (`auditFrame`s joined). */
  append(batch: string): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const id = this.#next++;
    this.#worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, batch });
    }).finally(() => {
      if (this.#pending.size === 0) this.#worker.unref();
    });
  }

  async close(): Promise<void> {
    if (this.#failed !== undefined) return;
    this.#worker.ref();
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage({ id: 0, stop: true });
    await exited;
  }

  #fail(err: Error): void {
    this.#failed ??= err;
    for (const waiter of this.#pending.values()) waiter.reject(err);
    this.#pending.clear();
  }
}
