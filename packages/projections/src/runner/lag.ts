import type { EventStore, SqlEventStore, SqlExecutor } from '@leadflow/eventstore';
import { readCheckpoint } from './checkpoint';

/** How far a projection is behind the log: events not yet applied, and the age of the oldest of them. */
export interface ProjectionLag {
  readonly events: number;
  readonly seconds: number;
  readonly checkpoint: string;
}

/** Counting stops here: beyond it the exact figure does not matter. */
const LAG_COUNT_CAP = 1_000_000;
/**
 * Counting through the port reads the pending events themselves (readiness asks every few seconds),
 * so it stops much earlier: the figure then reads "at least this many".
 */
export const PORT_LAG_COUNT_CAP = 10_000;
const PORT_LAG_PAGE = 1000;

const lagBySql = async (
  executor: SqlExecutor,
  eventSchema: string,
  from: string,
): Promise<{ events: number; seconds: number }> => {
  const rows = await executor.query<{ events: number; seconds: number | null }>(
    `SELECT count(*)::int AS events, extract(epoch FROM now() - min(created_at))::float8 AS seconds
       FROM (SELECT created_at FROM ${eventSchema}.events
              WHERE global_position > $1::bigint AND stream_name LIKE 'customer-%'
              ORDER BY global_position LIMIT ${LAG_COUNT_CAP}) pending`,
    [from],
  );
  const row = rows[0];
  return { events: row?.events ?? 0, seconds: Math.max(0, Number(row?.seconds ?? 0)) };
};

/** The same figures through `readAll` pages from the checkpoint, capped at PORT_LAG_COUNT_CAP. */
export const lagByPort = async (
  store: Pick<EventStore, 'readAll'>,
  checkpoint: bigint | 'start',
  now: Date = new Date(),
): Promise<{ events: number; seconds: number }> => {
  let events = 0;
  let oldest: Date | undefined;
  let position = checkpoint;
  while (events < PORT_LAG_COUNT_CAP) {
    const page = await store.readAll({ fromPosition: position, maxCount: PORT_LAG_PAGE });
    for (const event of page) {
      if (!event.streamName.startsWith('customer-')) continue;
      events += 1;
      oldest ??= event.createdAt;
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < PORT_LAG_PAGE) break;
    position = last.globalPosition;
  }
  const seconds = oldest === undefined ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000);
  return { events: Math.min(events, PORT_LAG_COUNT_CAP), seconds };
};

/**
 * Measures the lag of the projection stored in read schema `s`: by SQL on the events table when the
 * events are in SQL, through the port otherwise.
 */
export const measureLag = async (store: SqlEventStore, s: string, name: string): Promise<ProjectionLag> => {
  const checkpoint = await readCheckpoint(store.executor, s, name);
  const from = checkpoint === 'start' ? '-1' : checkpoint.toString();
  const measured = store.eventsInSql
    ? await lagBySql(store.executor, store.schema, from)
    : await lagByPort(store, checkpoint);
  return { ...measured, checkpoint: from };
};
