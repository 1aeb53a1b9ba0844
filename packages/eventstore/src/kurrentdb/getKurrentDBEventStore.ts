import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type ReadStreamOptions as ClientReadStreamOptions,
} from '@eventstore/db-client';
import * as E from 'fp-ts/Either';
import type { WrongExpectedVersion } from '../errors';
import type { EventStore, ExpectedRevision, JsonObject, RecordedEvent, SubscriptionFilter } from '../port';
import { validateBatch } from '../validateBatch';
import {
  matchesFilter,
  toClientExpectedRevision,
  toClientPosition,
  toRecordedEvent,
  toWrongExpectedVersion,
} from './mapping';
import { DEFAULT_RECONNECT, subscribeToAll, type ReconnectPolicy } from './subscribeToAll';

export interface KurrentDBEventStoreOptions {
  /** Use this client (not disposed by `close()`), or give a connection string to own one. */
  readonly client?: EventStoreDBClient;
  readonly connectionString?: string;
  /** Filter for subscriptions that pass none. Default: streams starting `customer-`, no system events. */
  readonly defaultFilter?: SubscriptionFilter;
  readonly reconnect?: ReconnectPolicy;
}

// Soft delete sets $tb to Int64.MaxValue, which the client hands over as an (imprecise) number.
const isDeletedMarker = (truncateBefore: unknown): boolean =>
  truncateBefore === END || (typeof truncateBefore === 'number' && truncateBefore >= Number.MAX_SAFE_INTEGER);

const isMissing = (error: unknown): boolean =>
  error instanceof StreamNotFoundError || error instanceof StreamDeletedError;

/** Opens the KurrentDB (EventStoreDB) event store over `@eventstore/db-client`. */
export const getKurrentDBEventStore = (options: KurrentDBEventStoreOptions): EventStore => {
  const ownsClient = options.client === undefined;
  if (options.client === undefined && options.connectionString === undefined)
    throw new TypeError('getKurrentDBEventStore needs a client or a connectionString');
  const client = options.client ?? EventStoreDBClient.connectionString(options.connectionString ?? '');
  const defaultFilter = options.defaultFilter ?? { streamPrefixes: ['customer-'], excludeSystemEvents: true };

  const collect = async (
    read: AsyncIterable<Parameters<typeof toRecordedEvent>[0]>,
  ): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event !== undefined) events.push(event);
      }
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    return events;
  };

  const lastRevision = async (stream: string): Promise<bigint | undefined> =>
    (await collect(client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })))[0]
      ?.streamRevision;

  const deleteStream = async (
    stream: string,
    expected: ExpectedRevision,
  ): Promise<E.Either<WrongExpectedVersion, void>> => {
    // The server has no stream_exists for deletes: resolve it to the current revision first.
    const resolved = expected === 'stream_exists' ? ((await lastRevision(stream)) ?? 'missing') : expected;
    if (resolved === 'missing') return E.left(toWrongExpectedVersion(stream, expected, 'no_stream'));
    try {
      await client.deleteStream(stream, { expectedRevision: resolved });
      return E.right(undefined);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        return E.left(toWrongExpectedVersion(stream, expected, error.actualVersion));
      if (isMissing(error) && (expected === 'any' || expected === 'no_stream')) return E.right(undefined);
      if (isMissing(error)) return E.left(toWrongExpectedVersion(stream, expected, 'no_stream'));
      throw error;
    }
  };

  return {
    appendToStream: async (stream, events, expected = 'any') => {
      const valid = validateBatch(stream, events);
      if (E.isLeft(valid)) return valid;
      try {
        const result = await client.appendToStream(
          stream,
          events.map((event) =>
            jsonEvent({
              id: event.id,
              type: event.type,
              data: event.data as Record<string, unknown>,
              metadata: event.metadata ?? {},
            }),
          ),
          { expectedRevision: toClientExpectedRevision(expected) },
        );
        // The server reports one position per append: the events of a batch share its commit position.
        const commit = result.position?.commit ?? -1n;
        return E.right({
          nextExpectedRevision: result.nextExpectedRevision,
          positions: events.map(() => commit),
        });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError)
          return E.left(toWrongExpectedVersion(stream, expected, error.actualVersion));
        throw error;
      }
    },
    readStream: (stream, options = {}) => {
      const backwards = options.direction === 'backwards';
      const from = options.from ?? (backwards ? 'end' : 'start');
      const read: ClientReadStreamOptions = {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from === 'start' ? START : from === 'end' ? END : from,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      };
      return collect(client.readStream(stream, read));
    },
    readAll: async (options = {}) => {
      const after =
        options.fromPosition === undefined || options.fromPosition === 'start'
          ? undefined
          : options.fromPosition;
      const maxCount = options.maxCount ?? 1000;
      // The server's fromPosition is inclusive; ours is exclusive, so over-read by one and drop it.
      const events = await collect(
        client.readAll({
          direction: FORWARDS,
          fromPosition: after === undefined ? START : toClientPosition(after),
          maxCount: maxCount + 1,
        }),
      );
      return events
        .filter((event) => (after === undefined || event.globalPosition > after) && matchesFilter({}, event))
        .slice(0, maxCount);
    },
    subscribeToAll: (subscribeOptions = {}) =>
      subscribeToAll(client, subscribeOptions, defaultFilter, options.reconnect ?? DEFAULT_RECONNECT),
    getStreamMetadata: async (stream) => {
      const { metadata } = await client.getStreamMetadata(stream);
      if (metadata === undefined) return { deleted: false };
      const deleted = isDeletedMarker(metadata.truncateBefore);
      const truncateBefore =
        typeof metadata.truncateBefore === 'number' && !deleted ? BigInt(metadata.truncateBefore) : undefined;
      const custom = metadata.custom as JsonObject | undefined;
      return {
        deleted,
        ...(truncateBefore === undefined ? {} : { truncateBefore }),
        ...(custom === undefined ? {} : { custom }),
      };
    },
    setStreamMetadata: async (stream, metadata) => {
      // Metadata is replaced whole; keep a soft delete's marker so the stream stays deleted.
      const current = (await client.getStreamMetadata(stream)).metadata?.truncateBefore;
      const truncateBefore = isDeletedMarker(current)
        ? current
        : metadata.truncateBefore === undefined
          ? undefined
          : Number(metadata.truncateBefore);
      await client.setStreamMetadata(stream, {
        ...(truncateBefore === undefined ? {} : { truncateBefore }),
        ...(metadata.custom === undefined ? {} : { custom: metadata.custom }),
      });
    },
    deleteStream: (stream, expected = 'any') => deleteStream(stream, expected),
    close: async () => {
      if (ownsClient) await client.dispose();
    },
  };
};
