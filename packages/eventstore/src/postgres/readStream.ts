import type { ReadStreamOptions, RecordedEvent } from '../port';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './eventRow';
import type { SqlExecutor } from './sqlExecutor';

const MAX_REVISION = '9223372036854775807';
const PREPARED = { prepare: true } as const;

// Revisions below the stream's truncate_before (set by truncation and by soft delete) are hidden.
const floor = (schema: string): string =>
  `coalesce((SELECT st.truncate_before FROM ${schema}.streams st WHERE st.stream_name = $1), 0)`;

const forwardsSql = (schema: string): string =>
  `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
    WHERE e.stream_name = $1 AND e.stream_revision >= greatest($2::bigint, ${floor(schema)})
    ORDER BY e.stream_revision ASC LIMIT $3::bigint`;

const backwardsSql = (schema: string): string =>
  `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
    WHERE e.stream_name = $1 AND e.stream_revision <= $2::bigint AND e.stream_revision >= ${floor(schema)}
    ORDER BY e.stream_revision DESC LIMIT $3::bigint`;

const startRevision = (from: ReadStreamOptions['from'], backwards: boolean): string => {
  if (from === undefined) return backwards ? MAX_REVISION : '0';
  if (from === 'start') return '0';
  if (from === 'end') return MAX_REVISION;
  return from.toString();
};

/** Reads one stream by revision, forwards or backwards, honouring truncate-before and soft delete. */
export const readStream = async (
  executor: SqlExecutor,
  schema: string,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> => {
  const backwards = options.direction === 'backwards';
  const rows = await executor.query<EventRow>(
    backwards ? backwardsSql(schema) : forwardsSql(schema),
    [stream, startRevision(options.from, backwards), options.maxCount ?? null],
    PREPARED,
  );
  return rows.map(toRecordedEvent);
};
