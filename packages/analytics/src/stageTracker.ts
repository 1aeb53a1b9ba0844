import { upcast, type CustomerEvent } from '@leadflow/contracts';
import { emptySummary, evolve, initialState, type CustomerState } from '@leadflow/domain';
import type { EventStore, RecordedEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';

/**
 * A stored customer event lifted to the latest schema, or null for other streams and unknown types.
 * Not validated again: the write path validated it with the codecs before appending, and here it costs
 * more than reading it (a third of an export's time); `evolve` failing on a malformed one is caught.
 */
export const decodeRecorded = (event: RecordedEvent): CustomerEvent | null => {
  if (!event.streamName.startsWith('customer-')) return null;
  const version = event.metadata['schemaVersion'];
  const lifted = upcast(event.type, typeof version === 'number' ? version : 0, event.data);
  return E.isRight(lifted)
    ? ({
        type: lifted.right.type,
        data: lifted.right.data,
        metadata: event.metadata,
      } as unknown as CustomerEvent)
    : null;
};

/** `evolve`, with an event it cannot apply leaving the state as it was. */
const evolveSafely = (state: CustomerState, event: CustomerEvent): CustomerState => {
  try {
    return evolve(state, event);
  } catch {
    return state;
  }
};

/**
 * The state an export keeps per stream: the domain's own state with what never affects a stage
 * dropped (identity keys, lead ids, stage history, task context), so thousands of streams fit in little memory.
 */
const slim = (state: CustomerState): CustomerState =>
  state.aliases.length === 0 &&
  state.identity === emptySummary &&
  state.leadIds.length === 0 &&
  state.stageHistory.length === 0 &&
  state.tasks.every((task) => task.context.length === 0)
    ? state
    : {
        ...state,
        aliases: [],
        identity: emptySummary,
        leadIds: [],
        stageHistory: [],
        tasks: state.tasks.map((task) => (task.context.length === 0 ? task : { ...task, context: [] })),
      };

interface Entry {
  readonly revision: bigint;
  readonly state: CustomerState;
}

/** Streams whose state is kept between their events; past it the least recently seen is dropped. */
export const DEFAULT_TRACKED_STREAMS = 20_000;

/** Folds each stream's events with the domain's `evolve`, as an export meets them in log order. */
export interface StageTracker {
  /**
   * Before a page is applied: reads and folds, for each stream of the page, the events the tracker does
   * not hold (resolves at once when it holds them all, as it does through a whole export from the start).
   */
  prepare(page: ReadonlyArray<RecordedEvent>): Promise<void>;
  /** The stream's state after `event` (null for events that are not customer events); in page order. */
  apply(event: RecordedEvent, decoded: CustomerEvent | null): CustomerState | null;
  /** Streams whose earlier events had to be read from the store (export started later, or the state was dropped). */
  readonly refolds: () => number;
}

/** Streams caught up at once when a page needs several (an export continued after a position). */
const CATCH_UP_CONCURRENCY = 4;

/**
 * A stage tracker over a bounded cache: a stream met at a revision the cache does not hold (an export
 * continued after a position, a stream dropped from the cache) has its missing events read with
 * `readStream` and folded first, so the stage is the same whatever the export's start and the cache's size.
 * The streams of the page being applied are held beside the cache, so eviction never loses them mid-page.
 */
export const createStageTracker = (
  store: Pick<EventStore, 'readStream'>,
  capacity: number = DEFAULT_TRACKED_STREAMS,
): StageTracker => {
  const cache = new Map<string, Entry>();
  let page = new Map<string, Entry>();
  let refolds = 0;

  const held = (stream: string): Entry | undefined => page.get(stream) ?? cache.get(stream);

  const catchUp = async (stream: string, upTo: bigint): Promise<void> => {
    const entry = held(stream);
    const usable = entry !== undefined && entry.revision < upTo ? entry : undefined;
    const from = usable === undefined ? 0n : usable.revision + 1n;
    let state = usable?.state ?? initialState();
    refolds += 1;
    const missing = await store.readStream(stream, { from, maxCount: Number(upTo - from) });
    for (const earlier of missing) {
      if (earlier.streamRevision >= upTo) break;
      const decoded = decodeRecorded(earlier);
      if (decoded !== null) state = slim(evolveSafely(state, decoded));
    }
    page.set(stream, { revision: upTo - 1n, state });
  };

  return {
    prepare: async (events) => {
      page = new Map();
      const first = new Map<string, bigint>();
      for (const event of events)
        if (!first.has(event.streamName)) first.set(event.streamName, event.streamRevision);
      const behind: Array<[string, bigint]> = [];
      for (const [stream, revision] of first) {
        const entry = cache.get(stream);
        // Pinned for the page: applying its other streams may evict it from the cache.
        if (entry !== undefined && entry.revision === revision - 1n) page.set(stream, entry);
        else if (revision !== 0n && stream.startsWith('customer-')) behind.push([stream, revision]);
      }
      for (let i = 0; i < behind.length; i += CATCH_UP_CONCURRENCY)
        await Promise.all(
          behind.slice(i, i + CATCH_UP_CONCURRENCY).map(([stream, rev]) => catchUp(stream, rev)),
        );
    },
    apply: (event, decoded) => {
      if (decoded === null) return null;
      const stream = event.streamName;
      const entry = held(stream);
      const follows = entry !== undefined && entry.revision === event.streamRevision - 1n;
      if (!follows && event.streamRevision !== 0n)
        throw new Error(`stage tracker: ${stream} at revision ${event.streamRevision} was not prepared`);
      const before = follows ? entry.state : initialState();
      const after = slim(evolveSafely(before, decoded));
      const next = { revision: event.streamRevision, state: after };
      page.set(stream, next);
      cache.delete(stream);
      cache.set(stream, next);
      if (cache.size > capacity) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      return after;
    },
    refolds: () => refolds,
  };
};
