import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeFailure, reportFailure, type AwsFailure } from '../api/aws.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: AwsFailure | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** Runs an AWS call when `deps` change; its result, its failure (explained), and whether it is running. */
export function useAws<T>(call: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: AwsFailure; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    call().then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) => live && setState({ error: reportFailure(describeFailure(err)), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Runs a mutation on demand: `run` resolves to its result, or undefined after a failure (kept in `error`). */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [error, setError] = useState<AwsFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action(...args);
    } catch (err) {
      setError(reportFailure(describeFailure(err)));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, error, busy, clear: () => setError(undefined) };
}
