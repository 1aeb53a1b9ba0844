import { decodeStoredEvent, type CustomerEvent, type CustomerEventType } from '@leadflow/contracts';
import type { EventStore, RecordedEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';

const CUSTOMER_STREAM = 'customer-';

/** Where an event sits in the log, beside its decoded (upcast, validated) content. */
export interface ReplayEnvelope {
  /** The stored event's id (what later events name as their `causationId`). */
  readonly eventId: string;
  /** Global position: the log's order (sparse, as a decimal string so it survives JSON). */
  readonly position: string;
  readonly streamName: string;
  readonly revision: number;
  /** The customer whose stream holds the event (not resolved through later merges). */
  readonly customerId: string;
  /** When the event was recorded in the log. */
  readonly recordedAt: Date;
}

/** An event as a projection receives it: the customer event at its latest schema version plus its envelope. */
export type ReplayEvent = CustomerEvent & ReplayEnvelope;

/** A question asked of the log: a fold from `init()` through `apply` for each event, then `result`. */
export interface Projection<S, R = S> {
  init(): S;
  apply(state: S, event: ReplayEvent): S;
  result(state: S): R;
}

/** Which events reach the projection; every condition given must hold. */
export interface ReplayFilter {
  readonly types?: ReadonlyArray<CustomerEventType>;
  readonly customerIds?: ReadonlyArray<string>;
  readonly where?: (event: ReplayEvent) => boolean;
}

export interface ReplayOptions {
  /** Only reads go through it: `readAll` in pages. */
  readonly store: Pick<EventStore, 'readAll'>;
  /** Events recorded at or after this instant (ISO-8601 or Date). */
  readonly from?: Date | string;
  /** Events recorded at or before this instant. */
  readonly until?: Date | string;
  readonly filter?: ReplayFilter;
  /** Events read per page (default 1,000): the bound on what is held in memory besides the state. */
  readonly pageSize?: number;
  /** Called after each page with the events read so far. */
  readonly onProgress?: (read: number) => void;
}

/** What a replay gives back: the projection's result and what was read to get it. */
export interface ReplayOutcome<R> {
  readonly result: R;
  /** Events read from the log. */
  readonly read: number;
  /** Events the projection was given (after the time window and the filter). */
  readonly applied: number;
  /** Customer events that could not be decoded (the projections park the same ones). */
  readonly undecodable: number;
  /** Position of the last event read (null for an empty log). */
  readonly lastPosition: string | null;
}

const toTime = (value: Date | string | undefined, name: string): number | null => {
  if (value === undefined) return null;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`replay: ${name} is not a date: ${String(value)}`);
  return time;
};

/** The replay event of a stored customer event, or null when it cannot be decoded. */
export const toReplayEvent = (recorded: RecordedEvent): ReplayEvent | null => {
  const decoded = decodeStoredEvent(recorded);
  if (E.isLeft(decoded)) return null;
  return {
    ...decoded.right,
    eventId: recorded.id,
    position: recorded.globalPosition.toString(),
    streamName: recorded.streamName,
    revision: Number(recorded.streamRevision),
    customerId: recorded.streamName.slice(CUSTOMER_STREAM.length),
    recordedAt: recorded.createdAt,
  };
};

const accepts = (filter: ReplayFilter | undefined, ids: ReadonlySet<string> | null) => {
  const types = filter?.types === undefined ? null : new Set<string>(filter.types);
  return (event: ReplayEvent): boolean =>
    (types === null || types.has(event.type)) &&
    (ids === null || ids.has(event.customerId)) &&
    (filter?.where === undefined || filter.where(event));
};

/**
 * Replays the customer events of the log, in log order, through `projection`: an ad-hoc question
 * without a new read model. Reads through the event store port in pages, so memory holds one page
 * and the projection's state. Events come decoded and upcast, as the read models see them.
 *
 * ```ts
 * const leadsPerOffer = await replay({ store, from: '2026-01-01' }, {
 *   init: () => new Map<string, number>(),
 *   apply: (m, e) => (e.type === 'LeadReceived' ? m.set(e.data.offer.offerId ?? '?', (m.get(e.data.offer.offerId ?? '?') ?? 0) + 1) : m),
 *   result: (m) => Object.fromEntries(m),
 * });
 * ```
 */
export const replay = async <S, R>(
  options: ReplayOptions,
  projection: Projection<S, R>,
): Promise<ReplayOutcome<R>> => {
  const from = toTime(options.from, 'from');
  const until = toTime(options.until, 'until');
  const ids = options.filter?.customerIds === undefined ? null : new Set(options.filter.customerIds);
  const keep = accepts(options.filter, ids);
  const pageSize = options.pageSize ?? 1000;
  let state = projection.init();
  let position: bigint | 'start' = 'start';
  let read = 0;
  let applied = 0;
  let undecodable = 0;
  for (;;) {
    const page = await options.store.readAll({ fromPosition: position, maxCount: pageSize });
    for (const recorded of page) {
      read += 1;
      if (!recorded.streamName.startsWith(CUSTOMER_STREAM)) continue;
      const time = recorded.createdAt.getTime();
      // The window is checked before decoding: most of a long log is usually outside it.
      if ((from !== null && time < from) || (until !== null && time > until)) continue;
      const event = toReplayEvent(recorded);
      if (event === null) {
        undecodable += 1;
        continue;
      }
      if (!keep(event)) continue;
      state = projection.apply(state, event);
      applied += 1;
    }
    const last = page[page.length - 1];
    if (last === undefined) break;
    position = last.globalPosition;
    options.onProgress?.(read);
  }
  return {
    result: projection.result(state),
    read,
    applied,
    undecodable,
    lastPosition: position === 'start' ? null : position.toString(),
  };
};
