import type { Store } from '../../store/index.js';

/** The window in which failed sign-ins are counted. */
const WINDOW_MS = 15 * 60_000;
/** Failed sign-ins of one account and name (or root email) within the window before it is refused. */
export const FAILURES_PER_NAME = 5;
/** Failed sign-ins from one address within the window before it is refused. */
export const FAILURES_PER_ADDRESS = 30;

/** The counters a sign-in attempt is held to: its name's and its address's. */
export interface ThrottleKeys {
  readonly name: string;
  readonly address: string;
}

/** The throttle keys of an attempt. Names are compared as IAM compares them, case-insensitively. */
export function throttleKeys(accountOrEmail: string, userName: string | null, sourceIp: string): ThrottleKeys {
  return { name: `name:${accountOrEmail.toLowerCase()}:${(userName ?? '<root>').toLowerCase()}`, address: `address:${sourceIp}` };
}

/**
 * Failed console sign-ins are rate-limited, per name and per address, with counters in the
 * database so that every node enforces the same limit. A refused attempt is not checked at all
 * (its password is not even hashed); it is answered with how long to wait.
 */
export class SignInThrottle {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Seconds to wait when the attempt is refused; undefined when it may go ahead. */
  async refusal(keys: ThrottleKeys, now: Date): Promise<number | undefined> {
    const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
    const byName = await this.#store.consoleSessions.failures(keys.name, windowStart);
    const byAddress = await this.#store.consoleSessions.failures(keys.address, windowStart);
    if (byName < FAILURES_PER_NAME && byAddress < FAILURES_PER_ADDRESS) return undefined;
    return Math.ceil(WINDOW_MS / 1000);
  }

  /** Counts a failure against both keys, inside the caller's transaction. */
  async failed(tx: Store, keys: ThrottleKeys, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
    await tx.consoleSessions.recordFailure(keys.name, windowStart, now.toISOString());
    await tx.consoleSessions.recordFailure(keys.address, windowStart, now.toISOString());
  }

  /** A successful sign-in forgets its name's failures (not its address's). */
  async succeeded(tx: Store, keys: ThrottleKeys): Promise<void> {
    await tx.consoleSessions.clearFailures(keys.name);
  }
}
