/**
 * Dev mode's `POST /_gatehouse/reset` against the API requests around it: a reset waits for the
 * requests in flight to finish (at most `drainMs`), requests that arrive meanwhile wait for the
 * reset, and so no request runs against storage that is being emptied under it (which failed
 * such a request with a 500: a foreign key of a row the reset had just deleted).
 */
export class ResetGate {
  #inFlight = 0;
  #resetting: Promise<void> | undefined;
  #drained: (() => void) | undefined;
  readonly #drainMs: number;

  constructor(drainMs = 10_000) {
    this.#drainMs = drainMs;
  }

  /** Runs one API request, after any reset in progress. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    while (this.#resetting !== undefined) await this.#resetting;
    this.#inFlight++;
    try {
      return await request();
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#drained?.();
    }
  }

  /** Runs `reset` once the requests in flight have finished; one reset at a time. */
  async reset<T>(reset: () => Promise<T>): Promise<T> {
    while (this.#resetting !== undefined) await this.#resetting;
    let done!: () => void;
    this.#resetting = new Promise<void>((resolve) => (done = resolve));
    try {
      if (this.#inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#drainMs);
          timer.unref();
          this.#drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return await reset();
    } finally {
      this.#drained = undefined;
      this.#resetting = undefined;
      done();
    }
  }
}
