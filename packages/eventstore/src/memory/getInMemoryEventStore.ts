import * as E from 'fp-ts/Either';
import { EventIdConflict, WrongExpectedVersion } from '../errors';
import type {
  AppendError,
  AppendResult,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  SubscriptionFilter,
} from '../port';
import { catchUpSubscription } from '../subscription/catchUpSubscription';
import { createChangeNotifier } from '../subscription/changeNotifier';
import { validateBatch } from '../validateBatch';

interface MemoryStream {
  events: RecordedEvent[];
  truncateBefore?: bigint;
  deleted: boolean;
  custom?: JsonObject;
}

const satisfies = (expected: ExpectedRevision, revision: bigint | undefined): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return revision === undefined;
  if (expected === 'stream_exists') return revision !== undefined;
  return revision === expected;
};

const matches = (filter: SubscriptionFilter, event: RecordedEvent): boolean =>
  (filter.streamPrefixes === undefined ||
    filter.streamPrefixes.some((p) => event.streamName.startsWith(p))) &&
  (filter.eventTypes === undefined || filter.eventTypes.includes(event.type)) &&
  (!(filter.excludeSystemEvents ?? true) ||
    (!event.streamName.startsWith('$') && !event.type.startsWith('$')));

// Deep copy so callers cannot mutate stored events (and to mimic a JSON round trip).
const copyJson = (value: JsonObject): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

/** An in-memory event store with the same semantics as the SQL adapters; for unit tests only. */
export const getInMemoryEventStore = (): EventStore => {
  const streams = new Map<string, MemoryStream>();
  const log: RecordedEvent[] = [];
  const changes = createChangeNotifier();

  const lastRevision = (stream: MemoryStream | undefined): bigint | undefined =>
    stream === undefined || stream.events.length === 0 ? undefined : BigInt(stream.events.length - 1);

  const append = (
    name: string,
    batch: readonly NewEvent[],
    expected: ExpectedRevision,
  ): E.Either<AppendError, AppendResult> => {
    const valid = validateBatch(name, batch);
    if (E.isLeft(valid)) return valid;
    const stream = streams.get(name);
    const byId = new Map((stream?.events ?? []).map((event) => [event.id, event]));
    const stored = batch.flatMap((event) => byId.get(event.id.toLowerCase()) ?? []);
    if (stored.length === batch.length) {
      return E.right({
        nextExpectedRevision: stored.reduce(
          (max, e) => (e.streamRevision > max ? e.streamRevision : max),
          -1n,
        ),
        positions: stored.map((event) => event.globalPosition),
      });
    }
    if (stored.length > 0)
      return E.left(
        new EventIdConflict(
          name,
          stored.map((event) => event.id),
        ),
      );
    const revision = lastRevision(stream);
    if (!satisfies(expected, revision))
      return E.left(new WrongExpectedVersion(name, expected, revision ?? 'no_stream'));
    const target = stream ?? { events: [], deleted: false };
    streams.set(name, target);
    target.deleted = false;
    const createdAt = new Date();
    const recorded = batch.map((event, index): RecordedEvent => ({
      id: event.id.toLowerCase(),
      type: event.type,
      data: copyJson(event.data),
      metadata: copyJson(event.metadata ?? {}),
      streamName: name,
      streamRevision: BigInt(target.events.length + index),
      globalPosition: BigInt(log.length + index + 1),
      createdAt,
    }));
    for (const event of recorded) {
      target.events.push(event);
      log.push(event);
    }
    changes.notify();
    return E.right({
      nextExpectedRevision: BigInt(target.events.length - 1),
      positions: recorded.map((event) => event.globalPosition),
    });
  };

  const read = (name: string, options: ReadStreamOptions = {}): RecordedEvent[] => {
    const stream = streams.get(name);
    if (stream === undefined) return [];
    const floor = Number(stream.truncateBefore ?? 0n);
    const backwards = options.direction === 'backwards';
    const from = options.from ?? (backwards ? 'end' : 'start');
    const start = from === 'start' ? 0 : from === 'end' ? Number.MAX_SAFE_INTEGER : Number(from);
    const visible = stream.events.filter(
      (e, index) => index >= floor && (backwards ? index <= start : index >= start),
    );
    const ordered = backwards ? visible.reverse() : visible;
    return ordered.slice(0, options.maxCount ?? ordered.length);
  };

  const readAfter = (
    after: bigint | 'start',
    limit: number,
    filter: SubscriptionFilter = {},
  ): RecordedEvent[] => {
    const start = after === 'start' ? 0 : Math.max(0, Number(after));
    const page: RecordedEvent[] = [];
    for (let index = start; index < log.length && page.length < limit; index += 1) {
      const event = log[index];
      if (event !== undefined && matches(filter, event)) page.push(event);
    }
    return page;
  };

  return {
    appendToStream: async (name, batch, expected = 'any') => append(name, batch, expected),
    readStream: async (name, options) => read(name, options),
    readAll: async (options = {}) => readAfter(options.fromPosition ?? 'start', options.maxCount ?? 1000),
    subscribeToAll: (options = {}) =>
      catchUpSubscription(
        {
          readPage: async (after, limit) => readAfter(after, limit, options.filter),
          changes,
          minPollMs: 1000,
        },
        options,
      ),
    getStreamMetadata: async (name) => {
      const stream = streams.get(name);
      if (stream === undefined) return { deleted: false };
      return {
        deleted: stream.deleted,
        ...(stream.truncateBefore === undefined ? {} : { truncateBefore: stream.truncateBefore }),
        ...(stream.custom === undefined ? {} : { custom: stream.custom }),
      };
    },
    setStreamMetadata: async (name, metadata) => {
      const stream = streams.get(name) ?? { events: [], deleted: false };
      streams.set(name, stream);
      const floor = stream.deleted ? (stream.truncateBefore ?? 0n) : 0n;
      const wanted = metadata.truncateBefore;
      stream.truncateBefore =
        wanted === undefined ? (stream.deleted ? floor : undefined) : wanted > floor ? wanted : floor;
      stream.custom = metadata.custom;
    },
    deleteStream: async (name, expected = 'any') => {
      const stream = streams.get(name);
      const revision = lastRevision(stream);
      if (!satisfies(expected, revision))
        return E.left(new WrongExpectedVersion(name, expected, revision ?? 'no_stream'));
      if (stream !== undefined && revision !== undefined) {
        stream.deleted = true;
        stream.truncateBefore = revision + 1n;
      }
      return E.right(undefined);
    },
    close: async () => undefined,
  };
};
