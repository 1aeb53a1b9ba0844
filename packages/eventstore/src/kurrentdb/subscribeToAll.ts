import {
  AccessDeniedError,
  InvalidArgumentError,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import type { EventSubscription, RecordedEvent, SubscribeToAllOptions, SubscriptionFilter } from '../port';
import { pause } from '../subscription/pause';
import { matchesFilter, toClientPosition, toRecordedEvent } from './mapping';

export interface ReconnectPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Consecutive failed attempts before the subscription throws (the server is considered lost). */
  readonly maxAttempts: number;
}

/** Reconnect defaults: 100 ms doubling to 10 s, give up after 30 failures in a row. */
export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  maxAttempts: 30,
};

// The server filters on one criterion; the others are re-checked client-side by matchesFilter.
const toServerFilter = (filter: SubscriptionFilter, onCheckpoint: (position: Position) => void): Filter => {
  const checkpointReached = (_: unknown, position: Position): void => onCheckpoint(position);
  if (filter.streamPrefixes)
    return streamNameFilter({ prefixes: [...filter.streamPrefixes], checkpointReached });
  if (filter.eventTypes) return eventTypeFilter({ prefixes: [...filter.eventTypes], checkpointReached });
  return excludeSystemEvents({ checkpointReached });
};

const isPermanent = (error: unknown): boolean =>
  error instanceof AccessDeniedError || error instanceof InvalidArgumentError;

/**
 * A catch-up subscription to `$all` that survives dropped connections: it resubscribes with bounded
 * exponential backoff from the last position it received (event or filter checkpoint). Pull-based:
 * the client's subscription is a Readable with a bounded buffer and gRPC flow control.
 */
export const subscribeToAll = (
  client: EventStoreDBClient,
  options: SubscribeToAllOptions,
  defaultFilter: SubscriptionFilter,
  reconnect: ReconnectPolicy = DEFAULT_RECONNECT,
): EventSubscription => {
  const filter = options.filter ?? defaultFilter;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Events of one multi-event append share a commit position: the exclusive checkpoint skips them all.
  const checkpoint =
    options.fromPosition === undefined || options.fromPosition === 'start' ? undefined : options.fromPosition;
  let resumeFrom: Position | undefined = checkpoint === undefined ? undefined : toClientPosition(checkpoint);
  let current: { unsubscribe(): Promise<void> } | undefined;
  stop.signal.addEventListener('abort', () => void current?.unsubscribe().catch(() => undefined), {
    once: true,
  });

  async function* iterate(): AsyncGenerator<RecordedEvent, void, undefined> {
    let failures = 0;
    try {
      while (!stop.signal.aborted) {
        const subscription = client.subscribeToAll(
          {
            fromPosition: resumeFrom ?? START,
            resolveLinkTos: false,
            filter: toServerFilter(filter, (position) => (resumeFrom = position)),
          },
          { highWaterMark: options.batchSize ?? 256 },
        );
        current = subscription;
        try {
          for await (const resolved of subscription) {
            failures = 0;
            const position = resolved.event?.position;
            if (position === undefined) continue;
            resumeFrom = position;
            if (checkpoint !== undefined && position.commit <= checkpoint) continue;
            const event = toRecordedEvent(resolved);
            if (event !== undefined && matchesFilter(filter, event)) yield event;
            if (stop.signal.aborted) return;
          }
        } catch (error) {
          if (stop.signal.aborted) return;
          if (isPermanent(error) || failures + 1 >= reconnect.maxAttempts) throw error;
        } finally {
          await subscription.unsubscribe().catch(() => undefined);
        }
        if (stop.signal.aborted) return;
        const delay = Math.min(reconnect.maxDelayMs, reconnect.initialDelayMs * 2 ** failures);
        failures += 1;
        await pause(delay * (0.5 + Math.random() / 2), stop.signal);
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  const iterator = iterate();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      stop.abort();
      await iterator.return(undefined);
    },
  };
};
