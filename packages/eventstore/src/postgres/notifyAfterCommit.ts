import type { SqlExecutor } from './sqlExecutor';

/** Sends wake-up NOTIFYs after appends commit, at most one in flight. */
export interface CommitNotifier {
  /** Call after an append committed: guarantees one NOTIFY is sent after this call. */
  appended(): void;
  /** Resolves once no NOTIFY is in flight (call before closing the pool). */
  drain(): Promise<void>;
}

/**
 * NOTIFY inside the append transaction would take PostgreSQL's global notify lock at commit and
 * serialise all appends (measured: ~45% fewer appends/s), so it is sent after commit instead, and
 * coalesced: appends finishing while one NOTIFY is in flight, or within `gapMs` after it, share the
 * next one. The gap matches the subscribers' live read interval: closer wake-ups would share a read
 * anyway, and each NOTIFY is a round trip (at 200 leads/s: ~430 a second before the gap).
 */
export const createCommitNotifier = (executor: SqlExecutor, channel: string, gapMs = 0): CommitNotifier => {
  let inFlight: Promise<void> | undefined;
  let pending = false;
  const send = (): Promise<void> =>
    executor.query('SELECT pg_notify($1, $2)', [channel, '']).then(
      () => undefined,
      () => undefined, // a lost NOTIFY only delays subscribers until their next poll
    );
  const pump = async (): Promise<void> => {
    while (pending) {
      pending = false;
      await send();
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    inFlight = undefined;
  };
  return {
    appended: () => {
      pending = true;
      inFlight ??= pump();
    },
    drain: async () => {
      while (inFlight !== undefined) await inFlight;
    },
  };
};
