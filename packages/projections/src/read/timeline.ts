import { decodeStoredEvent } from '@leadflow/contracts';
import type { EventStore, RecordedEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';

/** One entry of a customer's timeline: an event of its stream or of a stream merged into it. */
export interface TimelineEntry {
  readonly position: string;
  readonly streamName: string;
  readonly revision: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly metadata: unknown;
  /** The data upcast to the latest schema version (as stored when it cannot be decoded). */
  readonly data: unknown;
}

const entryOf = (event: RecordedEvent): TimelineEntry => {
  const decoded = decodeStoredEvent(event);
  return {
    position: event.globalPosition.toString(),
    streamName: event.streamName,
    revision: event.streamRevision.toString(),
    type: event.type,
    recordedAt: event.createdAt.toISOString(),
    metadata: E.isRight(decoded) ? decoded.right.metadata : event.metadata,
    data: E.isRight(decoded) ? decoded.right.data : event.data,
  };
};

/**
 * The timeline of a customer and every customer merged into it, in log order, after `after` (a position);
 * with `until`, only the events recorded at or before that instant.
 */
export const timeline = async (
  store: EventStore,
  customerIds: ReadonlyArray<string>,
  after: bigint | null,
  limit: number,
  until?: Date,
): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> => {
  const streams = await Promise.all(customerIds.map((id) => store.readStream(`customer-${id}`)));
  const events = streams
    .flat()
    .filter((e) => after === null || e.globalPosition > after)
    .filter((e) => until === undefined || e.createdAt.getTime() <= until.getTime())
    .sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1));
  const page = events.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(entryOf),
    nextCursor: events.length > limit && last ? last.globalPosition.toString() : null,
  };
};
