import type { Principal } from '../../model/index.js';
import { rootArn } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { CREDENTIALS_TOPIC, RESYNC_TOPIC } from '../../store/index.js';

/** A verified long-term credential: the secret to check the signature with and whose it is. */
export interface ResolvedCredential {
  readonly secretAccessKey: string;
  readonly principal: Principal;
  readonly active: boolean;
}

/**
 * Access key ID → secret and principal, cached so that a known key costs no database read.
 * Every node drops its cached entry when any node publishes a change for that key (or `*`).
 */
export class AccessKeyCache {
  readonly #store: Store;
  readonly #cache = new Map<string, ResolvedCredential>();
  readonly #maxEntries: number;
  readonly #unsubscribe: () => void;

  constructor(store: Store, maxEntries = 10_000) {
    this.#store = store;
    this.#maxEntries = maxEntries;
    this.#unsubscribe = store.changes.subscribe((topic, payload) => {
      if (topic === RESYNC_TOPIC || (topic === CREDENTIALS_TOPIC && payload === '*')) this.#cache.clear();
      else if (topic === CREDENTIALS_TOPIC) this.#cache.delete(payload);
    });
  }

  /** The credential for a long-term access key ID, or undefined when no such key exists. */
  async resolve(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const cached = this.#cache.get(accessKeyId);
    if (cached !== undefined) return cached;
    const key = await this.#store.accessKeys.get(accessKeyId);
    if (key === undefined) return undefined;
    // AWS: the principals of a closed (suspended) account can no longer sign in or call APIs.
    const account = await this.#store.accounts.get(key.accountId);
    if (account === undefined || account.status !== 'ACTIVE') return undefined;
    let principal: Principal;
    if (key.userName === null) {
      principal = { type: 'Root', accountId: key.accountId, arn: rootArn(key.accountId), userId: key.accountId, accessKeyId };
    } else {
      const user = await this.#store.users.get(key.accountId, key.userName);
      if (user === undefined) return undefined;
      // AWS: an IAM user's tags are its aws:PrincipalTag/… keys (id_tags, "Controlling access for IAM principals").
      const tags = Object.fromEntries((await this.#store.tags.list(key.accountId, 'user', user.userId)).map((t) => [t.Key, t.Value]));
      principal = { type: 'IAMUser', accountId: key.accountId, arn: user.arn, userId: user.userId, userName: user.name, accessKeyId, tags };
    }
    const resolved: ResolvedCredential = { secretAccessKey: key.secretAccessKey, principal, active: key.status === 'Active' };
    if (this.#cache.size >= this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(accessKeyId, resolved);
    return resolved;
  }

  clear(): void {
    this.#cache.clear();
  }

  close(): void {
    this.#unsubscribe();
  }
}
