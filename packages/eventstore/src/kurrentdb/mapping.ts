import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedVersion } from '../errors';
import type { ExpectedRevision, JsonObject, RecordedEvent, SubscriptionFilter } from '../port';

/** Maps the port's expected revision to the client's. */
export const toClientExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
};

/** Maps the client's WrongExpectedVersionError fields to the port's error. */
export const toWrongExpectedVersion = (
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | typeof NO_STREAM | string,
): WrongExpectedVersion =>
  new WrongExpectedVersion(stream, expected, typeof actual === 'bigint' ? actual : 'no_stream');

/** An exclusive bigint checkpoint as a client position (commit and prepare set to the commit position). */
export const toClientPosition = (commit: bigint): Position => ({ commit, prepare: commit });

const asObject = (value: unknown): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? (value as JsonObject)
    : {};

/**
 * Maps a resolved event (JSON events only; links are not resolved). The global position is the
 * commit position; `fallbackPosition` is used where the server reports none (stream reads).
 */
export const toRecordedEvent = (
  resolved: ResolvedEvent | AllStreamResolvedEvent,
  fallbackPosition = -1n,
): RecordedEvent | undefined => {
  const event = resolved.event;
  if (event === undefined || !event.isJson) return undefined;
  return {
    id: event.id,
    type: event.type,
    data: asObject(event.data),
    metadata: asObject(event.metadata),
    streamName: event.streamId,
    streamRevision: event.revision,
    globalPosition: event.position?.commit ?? resolved.commitPosition ?? fallbackPosition,
    createdAt: event.created,
  };
};

/** The full-precision filter check, applied client-side after the (coarser) server-side filter. */
export const matchesFilter = (filter: SubscriptionFilter, event: RecordedEvent): boolean =>
  (filter.streamPrefixes === undefined ||
    filter.streamPrefixes.some((p) => event.streamName.startsWith(p))) &&
  (filter.eventTypes === undefined || filter.eventTypes.includes(event.type)) &&
  (!(filter.excludeSystemEvents ?? true) ||
    (!event.streamName.startsWith('$') && !event.type.startsWith('$')));
