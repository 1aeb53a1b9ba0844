/** A counter of "something was appended" signals that subscribers can wait on without missing one. */
export interface ChangeNotifier {
  /** Current count; read it before a query, then wait for a change since that value. */
  version(): number;
  notify(): void;
  /** Resolves when `version() > since`, after `timeoutMs`, or when `signal` aborts, whichever first. */
  waitForChange(since: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
}

/** Creates a change notifier. */
export const createChangeNotifier = (): ChangeNotifier => {
  let current = 0;
  const waiters = new Set<() => void>();
  return {
    version: () => current,
    notify: () => {
      current += 1;
      for (const wake of [...waiters]) wake();
    },
    waitForChange: (since, timeoutMs, signal) =>
      new Promise<void>((resolve) => {
        if (current > since || signal.aborted) return resolve();
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      }),
  };
};
