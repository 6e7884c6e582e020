import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NewAuditRecord } from './repositories/auditEvents.js';

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

  append(records: readonly NewAuditRecord[]): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const id = this.#next++;
    this.#worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, records });
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
