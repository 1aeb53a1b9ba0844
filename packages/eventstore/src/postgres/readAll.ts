import type { RecordedEvent, SubscriptionFilter } from '../port';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './eventRow';
import type { SqlExecutor } from './sqlExecutor';

// Only positions below the snapshot's xmin are stable (see schema.ts): nothing can commit below them.
const readAllSql = (schema: string): string =>
  `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
    WHERE e.global_position > $1::bigint
      AND e.global_position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
      AND ($3::text[] IS NULL OR e.stream_name LIKE ANY ($3::text[]))
      AND ($4::text[] IS NULL OR e.event_type = ANY ($4::text[]))
      AND (NOT $5::boolean OR (left(e.stream_name, 1) <> '$' AND left(e.event_type, 1) <> '$'))
    ORDER BY e.global_position ASC LIMIT $2::bigint`;

const escapeLike = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Reads the global log strictly after `after`, in increasing global position, up to the stable
 * horizon, optionally filtered (filters run in SQL).
 */
export const readAll = async (
  executor: SqlExecutor,
  schema: string,
  after: bigint | 'start',
  maxCount: number,
  filter: SubscriptionFilter = {},
): Promise<RecordedEvent[]> => {
  const rows = await executor.query<EventRow>(
    readAllSql(schema),
    [
      after === 'start' ? '-1' : after.toString(),
      maxCount,
      filter.streamPrefixes ? filter.streamPrefixes.map(escapeLike) : null,
      filter.eventTypes ? [...filter.eventTypes] : null,
      filter.excludeSystemEvents ?? true,
    ],
    { prepare: true },
  );
  return rows.map(toRecordedEvent);
};
