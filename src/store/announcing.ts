/**
 * A repository method that announces its change: `write`, then `announce` with the same arguments
 * and the write's result, once the write has succeeded. Inside a transaction the announcement is
 * delivered when it commits, and never if it rolls back (see `ChangeFeed`).
 */
export function announcing<A extends unknown[], R>(
  write: (...args: A) => Promise<R>,
  announce: (result: R, ...args: A) => Promise<void>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const result = await write(...args);
    await announce(result, ...args);
    return result;
  };
}
