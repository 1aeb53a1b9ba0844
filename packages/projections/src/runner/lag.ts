import type { SqlExecutor } from '@leadflow/eventstore';
import { readCheckpoint } from './checkpoint';

/** How far a projection is behind the log: events not yet applied, and the age of the oldest of them. */
export interface ProjectionLag {
  readonly events: number;
  readonly seconds: number;
  readonly checkpoint: string;
}

/** Counting stops here: beyond it the exact figure does not matter. */
const LAG_COUNT_CAP = 1_000_000;

/** Measures the lag of the projection stored in read schema `s` against the event store schema `eventSchema`. */
export const measureLag = async (
  executor: SqlExecutor,
  eventSchema: string,
  s: string,
  name: string,
): Promise<ProjectionLag> => {
  const checkpoint = await readCheckpoint(executor, s, name);
  const from = checkpoint === 'start' ? '-1' : checkpoint.toString();
  const rows = await executor.query<{ events: number; seconds: number | null }>(
    `SELECT count(*)::int AS events, extract(epoch FROM now() - min(created_at))::float8 AS seconds
       FROM (SELECT created_at FROM ${eventSchema}.events
              WHERE global_position > $1::bigint AND stream_name LIKE 'customer-%'
              ORDER BY global_position LIMIT ${LAG_COUNT_CAP}) pending`,
    [from],
  );
  const row = rows[0];
  return {
    events: row?.events ?? 0,
    seconds: Math.max(0, Number(row?.seconds ?? 0)),
    checkpoint: from,
  };
};
