import type { RecordedEvent, SqlExecutor } from '@leadflow/eventstore';

interface Row {
  id: string;
  type: string;
  data: RecordedEvent['data'];
  metadata: RecordedEvent['metadata'];
  stream_name: string;
  stream_revision: string;
  global_position: string;
  created_at: Date | string;
}

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
  const rows = await executor.query<Row>(
    `SELECT e.event_id::text AS id, e.event_type AS type, e.data, e.metadata, e.stream_name,
            e.stream_revision::text AS stream_revision, e.global_position::text AS global_position, e.created_at
       FROM ${eventSchema}.events e
      WHERE e.global_position > $1::bigint
        AND e.global_position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
        AND e.stream_name LIKE 'customer-%'
      ORDER BY e.global_position ASC LIMIT $2::bigint`,
    [after === 'start' ? '-1' : after.toString(), maxCount],
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    streamRevision: BigInt(row.stream_revision),
    globalPosition: BigInt(row.global_position),
    createdAt: new Date(row.created_at),
  }));
};

/** Customer events in the log (the total of a rebuild's progress bar). */
export const countCustomerEvents = async (executor: SqlExecutor, eventSchema: string): Promise<number> => {
  const rows = await executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${eventSchema}.events WHERE stream_name LIKE 'customer-%'`,
  );
  return rows[0]?.n ?? 0;
};
