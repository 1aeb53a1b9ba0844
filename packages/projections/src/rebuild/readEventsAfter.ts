import {
  EVENT_COLUMNS,
  toRecordedEvent,
  type EventRow,
  type RecordedEvent,
  type SqlExecutor,
} from '@leadflow/eventstore';

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
