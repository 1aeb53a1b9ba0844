import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';

/** The state of one request a page makes: loading, its answer, or a readable error. */
export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : `Something went wrong: ${(error as Error).message}`;

interface State<T> {
  key: string;
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Runs `load` whenever `key` changes (or on `reload`). An answer is only ever shown for the key it
 * was asked for: a late answer to an older key is dropped, and another key's data is never shown.
 */
export const useLoad = <T>(load: () => Promise<T>, key: string): Loaded<T> => {
  const [state, setState] = useState<State<T>>({ key, data: null, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) =>
      s.key === key ? { ...s, loading: true, error: null } : { key, data: null, error: null, loading: true },
    );
    load().then(
      (data) => current && setState({ key, data, error: null, loading: false }),
      (error: unknown) => current && setState({ key, data: null, error: messageOf(error), loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure every render: the key says when it means something new.
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  if (state.key !== key) return { data: null, error: null, loading: true, reload };
  return { data: state.data, error: state.error, loading: state.loading, reload };
};
