import { AccountGenerations } from '../accountGenerations.js';
import type { ChangeBus } from './changeBus.js';
import type { EntityTag, RoleRecord } from './repositories/index.js';
import { ROLES_TOPIC } from './changeTopics.js';
import { RESYNC_TOPIC } from './types.js';

const DEFAULT_CAPACITY = 10_000;

/**
 * Roles and role tags as this node last read them, for reads outside transactions: every
 * AssumeRole reads its role and the role's tags, and two SQLite reads measured at about a third
 * of an AssumeRole's in-process cost.
 *
 * The store's own role and tag repositories publish {@link ROLES_TOPIC} on every write, so no
 * writer can forget to; the change is delivered to this node when its transaction commits and to
 * other nodes through PostgreSQL's NOTIFY. A read that raced a change is returned but not kept.
 * Cached records are frozen: they are shared by every caller.
 */
export class RoleReadCache {
  /** accountId → lower-cased role name → the role (null: no such role). */
  readonly #roles = new Map<string, Map<string, RoleRecord | null>>();
  /** accountId → role id → its tags, by key. */
  readonly #tags = new Map<string, Map<string, readonly EntityTag[]>>();
  /** So that a read that raced a change is not kept. */
  readonly #generations = new AccountGenerations();
  #size = 0;
  readonly #capacity: number;
  readonly #unsubscribe: () => void;

  constructor(bus: ChangeBus, capacity = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
    this.#unsubscribe = bus.subscribe((topic, payload) => {
      if (topic === RESYNC_TOPIC || (topic === ROLES_TOPIC && payload === '*')) this.clear();
      else if (topic === ROLES_TOPIC) this.#forget(payload);
    });
  }

  /** The role named `name` (any case) in the account, read with `load` unless cached. */
  async role(accountId: string, name: string, load: () => Promise<RoleRecord | undefined>): Promise<RoleRecord | undefined> {
    const key = name.toLowerCase();
    const cached = this.#roles.get(accountId)?.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const stamp = this.#generations.stamp(accountId);
    const role = await load();
    const kept = role === undefined ? undefined : Object.freeze({ ...role });
    if (this.#generations.unchanged(accountId, stamp)) this.#keep(this.#roles, accountId, key, kept ?? null);
    return kept;
  }

  /** The tags of role `roleId` in the account, read with `load` unless cached. */
  async tags(accountId: string, roleId: string, load: () => Promise<EntityTag[]>): Promise<EntityTag[]> {
    const cached = this.#tags.get(accountId)?.get(roleId);
    if (cached !== undefined) return [...cached];
    const stamp = this.#generations.stamp(accountId);
    const tags = await load();
    if (this.#generations.unchanged(accountId, stamp)) this.#keep(this.#tags, accountId, roleId, Object.freeze(tags.map((tag) => Object.freeze({ ...tag }))));
    return tags;
  }

  /** Drops everything. */
  clear(): void {
    this.#roles.clear();
    this.#tags.clear();
    this.#size = 0;
    this.#generations.changedAll();
  }

  close(): void {
    this.#unsubscribe();
  }

  #forget(accountId: string): void {
    this.#size -= (this.#roles.get(accountId)?.size ?? 0) + (this.#tags.get(accountId)?.size ?? 0);
    this.#roles.delete(accountId);
    this.#tags.delete(accountId);
    this.#generations.changed(accountId);
  }

  #keep<T>(maps: Map<string, Map<string, T>>, accountId: string, key: string, value: T): void {
    if (this.#size >= this.#capacity) this.clear();
    let forAccount = maps.get(accountId);
    if (forAccount === undefined) maps.set(accountId, (forAccount = new Map()));
    if (!forAccount.has(key)) this.#size++;
    forAccount.set(key, value);
  }
}
