import type { Store } from './types.js';

/**
 * Write-behind for approximate, re-derivable data (last-used and last-accessed times): values
 * collect in memory by key, and every `intervalMs` (and on flush/close) the batch is written in
 * one relaxed transaction. Flushes are serialized; a failed write drops its batch (the store is
 * closing, or a row vanished meanwhile). A crash loses at most one interval of updates.
 */
export class WriteBehind<V> {
  readonly #store: Store;
  readonly #write: (tx: Store, batch: V[]) => Promise<void>;
  readonly #pending = new Map<string, V>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(store: Store, intervalMs: number, write: (tx: Store, batch: V[]) => Promise<void>) {
    this.#store = store;
    this.#write = write;
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  get(key: string): V | undefined {
    return this.#pending.get(key);
  }

  set(key: string, value: V): void {
    this.#pending.set(key, value);
  }

  /** Writes every pending value. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = [...this.#pending.values()];
      this.#pending.clear();
      try {
        await this.#store.transaction((tx) => this.#write(tx, batch), { durable: false });
      } catch {
        // Best effort by definition: see the class comment.
      }
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
