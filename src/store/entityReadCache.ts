import { AccountGenerations } from '../accountGenerations.js';
import type { ChangeBus } from './changeBus.js';
import type { EntityTag } from './repositories/index.js';
import { RESYNC_TOPIC } from './types.js';

const DEFAULT_CAPACITY = 10_000;

/**
 * Entities of one kind (roles, users, accounts) and their tags as this node last read them, for
 * reads outside transactions: every AssumeRole reads its role, the role's tags and the role's
 * account, every user operation its user and the user's tags, and those SQLite reads measured at
 * about a third of an AssumeRole's in-process cost and most of a GetUser's. (An account is kept
 * under its own id as its name.)
 *
 * The store's own repositories of that kind and its tags publish the kind's topic (`ROLES_TOPIC`,
 * `USERS_TOPIC`, `ACCOUNTS_TOPIC`) on every write, so no writer can forget to; the change is delivered to this node
 * when its transaction commits and to other nodes through PostgreSQL's NOTIFY. A read that raced a
 * change is returned but not kept. Cached records are frozen: they are shared by every caller.
 */
export class EntityReadCache<T extends object> {
  /** accountId → lower-cased name → the entity (null: no such entity). */
  readonly #entities = new Map<string, Map<string, T | null>>();
  /** accountId → every entity of the account, in name order (case-insensitive). */
  readonly #lists = new Map<string, readonly T[]>();
  /** accountId → entity id → its tags, by key. */
  readonly #tags = new Map<string, Map<string, readonly EntityTag[]>>();
  /** So that a read that raced a change is not kept. */
  readonly #generations = new AccountGenerations();
  #size = 0;
  readonly #capacity: number;
  readonly #unsubscribe: () => void;

  /** `topic` is the change feed's topic of this kind; its payload is an account id, or `*`. */
  constructor(bus: ChangeBus, topic: string, capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
    this.#unsubscribe = bus.subscribe((changed, payload) => {
      if (changed === RESYNC_TOPIC || (changed === topic && payload === '*')) this.clear();
      else if (changed === topic) this.#forget(payload);
    });
  }

  /** The entity named `name` (any case) in the account, read with `load` unless cached. */
  async entity(accountId: string, name: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const key = name.toLowerCase();
    const cached = this.#entities.get(accountId)?.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const stamp = this.#generations.stamp(accountId);
    const entity = await load();
    const kept = entity === undefined ? undefined : Object.freeze({ ...entity });
    if (this.#generations.unchanged(accountId, stamp)) this.#keep(this.#entities, accountId, key, kept ?? null);
    return kept;
  }

  /** Every entity of the account in name order, read with `load` unless cached (list pages are cut from it). */
  async list(accountId: string, load: () => Promise<T[]>): Promise<readonly T[]> {
    const cached = this.#lists.get(accountId);
    if (cached !== undefined) return cached;
    const stamp = this.#generations.stamp(accountId);
    const entities = Object.freeze((await load()).map((entity) => Object.freeze({ ...entity })));
    if (this.#generations.unchanged(accountId, stamp)) {
      if (this.#size + entities.length > this.#capacity) this.clear();
      // A list larger than the whole cache is served but not kept.
      if (entities.length <= this.#capacity) {
        this.#lists.set(accountId, entities);
        this.#size += entities.length;
      }
    }
    return entities;
  }

  /** The tags of the entity with unique ID `id` in the account, read with `load` unless cached. */
  async tags(accountId: string, id: string, load: () => Promise<EntityTag[]>): Promise<EntityTag[]> {
    const cached = this.#tags.get(accountId)?.get(id);
    if (cached !== undefined) return [...cached];
    const stamp = this.#generations.stamp(accountId);
    const tags = await load();
    if (this.#generations.unchanged(accountId, stamp)) this.#keep(this.#tags, accountId, id, Object.freeze(tags.map((tag) => Object.freeze({ ...tag }))));
    return tags;
  }

  /** Drops everything. */
  clear(): void {
    this.#entities.clear();
    this.#lists.clear();
    this.#tags.clear();
    this.#size = 0;
    this.#generations.changedAll();
  }

  close(): void {
    this.#unsubscribe();
  }

  #forget(accountId: string): void {
    this.#size -= (this.#entities.get(accountId)?.size ?? 0) + (this.#tags.get(accountId)?.size ?? 0) + (this.#lists.get(accountId)?.length ?? 0);
    this.#entities.delete(accountId);
    this.#lists.delete(accountId);
    this.#tags.delete(accountId);
    this.#generations.changed(accountId);
  }

  #keep<V>(maps: Map<string, Map<string, V>>, accountId: string, key: string, value: V): void {
    if (this.#size >= this.#capacity) this.clear();
    let forAccount = maps.get(accountId);
    if (forAccount === undefined) maps.set(accountId, (forAccount = new Map()));
    if (!forAccount.has(key)) this.#size++;
    forAccount.set(key, value);
  }
}
