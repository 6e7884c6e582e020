import type { Store } from '../../store/index.js';
import { WriteBehind } from '../../store/index.js';

interface Use {
  accessKeyId: string;
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
  readonly #uses: WriteBehind<Use>;

  constructor(store: Store, intervalMs = 1000) {
    this.#uses = new WriteBehind<Use>(store, intervalMs, async (tx, batch) => {
      for (const use of batch) {
        await tx.accessKeys.recordLastUsed(use.accessKeyId, { at: use.at.toISOString(), service: use.service, region: use.region });
      }
    });
  }

  record(accessKeyId: string, at: Date, service: string, region: string): void {
    this.#uses.set(accessKeyId, { accessKeyId, at, service, region });
  }

  flush(): Promise<void> {
    return this.#uses.flush();
  }

  close(): Promise<void> {
    return this.#uses.close();
  }
}
