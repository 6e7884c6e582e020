import type { Store } from '../store/index.js';

interface Use {
  at: Date;
  service: string;
  region: string;
}

/**
 * Records when, where and for which service each access key was last used, without a database
 * write on the request path: uses collect in memory and are written in one batch at most every
 * `intervalMs` (and on close). A crash loses at most that interval of last-used updates, never a
 * mutation. AWS itself documents last-used data as approximate (it may lag by hours).
 */
export class LastUsedTracker {
  readonly #store: Store;
  readonly #pending = new Map<string, Use>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(store: Store, intervalMs = 1000) {
    this.#store = store;
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  record(accessKeyId: string, at: Date, service: string, region: string): void {
    this.#pending.set(accessKeyId, { at, service, region });
  }

  /** Writes every pending use; concurrent calls are serialized. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = [...this.#pending];
      this.#pending.clear();
      try {
        await this.#store.transaction(async (tx) => {
          for (const [keyId, use] of batch) await tx.accessKeys.recordLastUsed(keyId, { ...use, at: use.at.toISOString() });
        }, { durable: false });
      } catch {
        // The store is closing or the key was deleted meanwhile; last-used data is best effort.
      }
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
