import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';

/** The state of one request a page makes: loading, its answer, or a readable error. */
export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : `Something went wrong: ${(error as Error).message}`;

/** Runs `load` when a key changes; a late answer to an older key is dropped. */
export const useLoad = <T>(load: () => Promise<T>, key: string): Loaded<T> => {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error: messageOf(error), loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure every render: the key says when it means something new.
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
};

export { messageOf };
