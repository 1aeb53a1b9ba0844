import type { EventStore } from '@leadflow/eventstore';
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
/** The timeline of a customer and every customer merged into it, in log order, after `after` (a position). */
export declare const timeline: (
  store: EventStore,
  customerIds: ReadonlyArray<string>,
  after: bigint | null,
  limit: number,
) => Promise<{
  items: TimelineEntry[];
  nextCursor: string | null;
}>;
//# sourceMappingURL=timeline.d.ts.map
