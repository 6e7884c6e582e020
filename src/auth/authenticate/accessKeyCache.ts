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
 * Every node drops its cached entry when any node publishes a change for that key, for its IAM
 * user (the user's unique ID: a rename, a move, a tag, a deletion), or `*`.
 */
export class AccessKeyCache {
  readonly #store: Store;
  readonly #cache = new Map<string, ResolvedCredential>();
  /** Counts the changes heard, so that a read that raced one is returned but not kept. */
  #changesHeard = 0;
  /** An IAM user's unique ID → the IDs of its keys in the cache. */
  readonly #keysOfUser = new Map<string, Set<string>>();
  readonly #maxEntries: number;
  readonly #unsubscribe: () => void;

  constructor(store: Store, maxEntries = 10_000) {
    this.#store = store;
    this.#maxEntries = maxEntries;
    this.#unsubscribe = store.changes.subscribe((topic, payload) => {
      if (topic === RESYNC_TOPIC || topic === CREDENTIALS_TOPIC) this.#changesHeard++;
      if (topic === RESYNC_TOPIC || (topic === CREDENTIALS_TOPIC && payload === '*')) this.clear();
      else if (topic === CREDENTIALS_TOPIC) {
        this.#forget(payload);
        for (const accessKeyId of this.#keysOfUser.get(payload) ?? []) this.#forget(accessKeyId);
      }
    });
  }

  /** The credential for a long-term access key ID, or undefined when no such key exists. */
  async resolve(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const cached = this.#cache.get(accessKeyId);
    if (cached !== undefined) return cached;
    const heard = this.#changesHeard;
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
    if (heard !== this.#changesHeard) return resolved;
    if (this.#cache.size >= this.#maxEntries) this.#forget(this.#cache.keys().next().value as string);
    this.#cache.set(accessKeyId, resolved);
    if (principal.type === 'IAMUser') {
      let keys = this.#keysOfUser.get(principal.userId);
      if (keys === undefined) this.#keysOfUser.set(principal.userId, (keys = new Set()));
      keys.add(accessKeyId);
    }
    return resolved;
  }

  clear(): void {
    this.#cache.clear();
    this.#keysOfUser.clear();
  }

  #forget(accessKeyId: string): void {
    const entry = this.#cache.get(accessKeyId);
    if (entry === undefined) return;
    this.#cache.delete(accessKeyId);
    const keys = this.#keysOfUser.get(entry.principal.userId);
    keys?.delete(accessKeyId);
    if (keys?.size === 0) this.#keysOfUser.delete(entry.principal.userId);
  }

  close(): void {
    this.#unsubscribe();
  }
}
