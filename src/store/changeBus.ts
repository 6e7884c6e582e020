import type { ChangeHandler } from './types.js';

/**
 * The handlers subscribed on this node. A handler that throws is reported to `onError` and does
 * not keep the others from running.
 */
export class ChangeBus {
  readonly #handlers = new Set<ChangeHandler>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  /** Adds a handler; returns a function that removes it. */
  subscribe(handler: ChangeHandler): () => void {
    const entry: ChangeHandler = (topic, payload) => handler(topic, payload);
    this.#handlers.add(entry);
    return () => {
      this.#handlers.delete(entry);
    };
  }

  /** Calls every handler with one change. */
  deliver(topic: string, payload: string): void {
    for (const handler of [...this.#handlers]) {
      try {
        handler(topic, payload);
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}
