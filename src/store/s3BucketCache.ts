import type { ChangeBus } from './changeBus.js';
import { S3_BUCKETS_TOPIC } from './changeTopics.js';
import type { BucketRecord } from './repositories/index.js';
import { RESYNC_TOPIC } from './types.js';

const DEFAULT_CAPACITY = 10_000;

/**
 * S3 buckets as this node last read them, for reads outside transactions: every S3 call reads its
 * bucket (its owner, policy and Block Public Access), which measured at a fifth of a small
 * GetObject's in-process cost. The store's bucket repository announces every write on
 * {@link S3_BUCKETS_TOPIC}, delivered to this node at commit and to others by NOTIFY; a read that
 * raced a change is returned but not kept. Cached records are frozen.
 */
export class BucketReadCache {
  readonly #buckets = new Map<string, BucketRecord | null>();
  #generation = 0;
  readonly #capacity: number;
  readonly #unsubscribe: () => void;

  constructor(bus: ChangeBus, capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
    this.#unsubscribe = bus.subscribe((topic, payload) => {
      if (topic === RESYNC_TOPIC || (topic === S3_BUCKETS_TOPIC && payload === '*')) this.clear();
      else if (topic === S3_BUCKETS_TOPIC) {
        this.#generation++;
        this.#buckets.delete(payload);
      }
    });
  }

  /** The bucket named `name`, read with `load` unless cached. */
  async bucket(name: string, load: () => Promise<BucketRecord | undefined>): Promise<BucketRecord | undefined> {
    const cached = this.#buckets.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const generation = this.#generation;
    const bucket = await load();
    const kept = bucket === undefined ? undefined : Object.freeze({ ...bucket });
    if (generation === this.#generation) {
      if (this.#buckets.size >= this.#capacity) this.#buckets.clear();
      this.#buckets.set(name, kept ?? null);
    }
    return kept;
  }

  clear(): void {
    this.#generation++;
    this.#buckets.clear();
  }

  close(): void {
    this.#unsubscribe();
  }
}
