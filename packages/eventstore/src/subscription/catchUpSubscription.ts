import type { EventSubscription, RecordedEvent, SubscribeToAllOptions } from '../port';
import type { ChangeNotifier } from './changeNotifier';
import { pause } from './pause';

/** Reads at most `limit` events strictly after `after`, in increasing global position. */
export type ReadPage = (after: bigint | 'start', limit: number) => Promise<readonly RecordedEvent[]>;

export interface CatchUpDeps {
  readonly readPage: ReadPage;
  readonly changes: ChangeNotifier;
  /** Called once when the subscription ends, however it ends. */
  readonly onClose?: () => void;
  /** Poll interval bounds when no notification arrives (the fallback when LISTEN is unavailable). */
  readonly minPollMs?: number;
  readonly maxPollMs?: number;
  /**
   * Once caught up, reads at most once per this many ms (default 0): wake-ups that arrive closer
   * together share one read. Bounds a live subscriber's reads per second whatever the append rate.
   */
  readonly liveIntervalMs?: number;
}

/**
 * A pull-based subscription over a paged reader: catches up page by page, then waits for a change
 * notification (or a backed-off poll) and reads again. It reads a page only when the consumer has
 * drained the previous one, so buffering is bounded by `batchSize`.
 */
export const catchUpSubscription = (
  deps: CatchUpDeps,
  options: SubscribeToAllOptions = {},
): EventSubscription => {
  const batchSize = options.batchSize ?? 256;
  const minPollMs = deps.minPollMs ?? 20;
  const maxPollMs = deps.maxPollMs ?? 1000;
  const liveIntervalMs = deps.liveIntervalMs ?? 0;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let cleanedUp = false;
  const cleanUp = (): void => {
    if (cleanedUp) return;
    cleanedUp = true;
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
    deps.onClose?.();
  };

  async function* iterate(): AsyncGenerator<RecordedEvent, void, undefined> {
    let after = options.fromPosition ?? 'start';
    let pollMs = minPollMs;
    let live = false;
    let lastRead = 0;
    try {
      while (!stop.signal.aborted) {
        if (live) await pause(lastRead + liveIntervalMs - Date.now(), stop.signal);
        if (stop.signal.aborted) return;
        const seen = deps.changes.version();
        lastRead = Date.now();
        const page = await deps.readPage(after, batchSize);
        live = page.length < batchSize;
        if (page.length === 0) {
          await deps.changes.waitForChange(seen, pollMs, stop.signal);
          pollMs = Math.min(pollMs * 2, maxPollMs);
          continue;
        }
        pollMs = minPollMs;
        for (const event of page) {
          if (stop.signal.aborted) return;
          after = event.globalPosition;
          yield event;
        }
      }
    } finally {
      cleanUp();
    }
  }

  const iterator = iterate();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      stop.abort();
      await iterator.return(undefined);
      cleanUp(); // the generator's finally does not run if it never started
    },
  };
};
