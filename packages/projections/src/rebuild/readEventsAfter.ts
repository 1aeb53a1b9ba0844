import {
  EVENT_COLUMNS,
  toRecordedEvent,
  type EventRow,
  type EventStore,
  type RecordedEvent,
  type SqlEventStore,
  type SqlExecutor,
} from '@leadflow/eventstore';

const CUSTOMER_STREAMS = 'customer-';

/**
 * Reads customer events after `after` on a given executor (a rebuild's own transaction), below the stable
 * horizon as the event store's readAll does, so a late commit is never skipped.
 */
export const readEventsAfter = async (
  executor: SqlExecutor,
  eventSchema: string,
  after: bigint | 'start',
  maxCount: number,
): Promise<RecordedEvent[]> => {
  const rows = await executor.query<EventRow>(
    `SELECT ${EVENT_COLUMNS}
       FROM ${eventSchema}.events e
      WHERE e.global_position > $1::bigint
        AND e.global_position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
        AND e.stream_name LIKE 'customer-%'
      ORDER BY e.global_position ASC LIMIT $2::bigint`,
    [after === 'start' ? '-1' : after.toString(), maxCount],
  );
  return rows.map(toRecordedEvent);
};

/** Customer events in the log (the total of a rebuild's progress bar). */
export const countCustomerEvents = async (executor: SqlExecutor, eventSchema: string): Promise<number> => {
  const rows = await executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${eventSchema}.events WHERE stream_name LIKE 'customer-%'`,
  );
  return rows[0]?.n ?? 0;
};

/**
 * Customer events after `after` through the port (events not in SQL): `readAll` pages, other streams
 * skipped, until `maxCount` are collected or the log ends.
 */
export const readCustomerEventsFromPort = async (
  store: Pick<EventStore, 'readAll'>,
  after: bigint | 'start',
  maxCount: number,
): Promise<RecordedEvent[]> => {
  const found: RecordedEvent[] = [];
  let position = after;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, maxCount });
    for (const event of page) {
      if (!event.streamName.startsWith(CUSTOMER_STREAMS)) continue;
      found.push(event);
      if (found.length === maxCount) return found;
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < maxCount) return found;
    position = last.globalPosition;
  }
};

/**
 * Customer events after `after`: by SQL on `executor` (the caller's transaction, if any) when the
 * events are in SQL, else through the port.
 */
export const customerEventsAfter = async (
  store: SqlEventStore,
  executor: SqlExecutor,
  after: bigint | 'start',
  maxCount: number,
): Promise<RecordedEvent[]> => {
  if (!store.eventsInSql) return readCustomerEventsFromPort(store, after, maxCount);
  const events = await readEventsAfter(executor, store.schema, after, maxCount);
  // Read past the port: the store opens sealed personal fields (one key query for the page).
  return store.openRecorded === undefined ? events : [...(await store.openRecorded(events, executor))];
};

/** Customer events in the log, or 0 when only a full read would tell (events not in SQL). */
export const customerEventTotal = (store: SqlEventStore): Promise<number> =>
  store.eventsInSql ? countCustomerEvents(store.executor, store.schema) : Promise.resolve(0);
