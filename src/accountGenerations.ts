/** A moment in a cache's change history: what {@link AccountGenerations.stamp} returns. */
export type ChangeStamp = readonly [epoch: number, generation: number];

/**
 * The change counters of a cache kept per account: a generation per account, moved when that
 * account's entries are dropped, and an epoch, moved when everything is. A value read from the
 * store is kept only if neither moved while it was read, so a read that raced a change (and may
 * hold what the change replaced) is returned to its caller but never cached.
 */
export class AccountGenerations {
  readonly #generations = new Map<string, number>();
  #epoch = 0;

  /** Where the account's history stands now; take it before reading. */
  stamp(accountId: string): ChangeStamp {
    return [this.#epoch, this.#generations.get(accountId) ?? 0];
  }

  /** Whether nothing of the account changed since `stamp` was taken. */
  unchanged(accountId: string, [epoch, generation]: ChangeStamp): boolean {
    return epoch === this.#epoch && generation === (this.#generations.get(accountId) ?? 0);
  }

  /** The account's entries changed. */
  changed(accountId: string): void {
    this.#generations.set(accountId, (this.#generations.get(accountId) ?? 0) + 1);
  }

  /** Everything changed. */
  changedAll(): void {
    this.#epoch++;
  }
}
