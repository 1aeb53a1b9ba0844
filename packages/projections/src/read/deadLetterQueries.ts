import type { SqlExecutor } from '@leadflow/eventstore';
import { decodePositionCursor, encodeCursor, type Page } from './cursor';

/** An event the projection could not apply, parked with its error. */
export interface DeadLetter {
  readonly globalPosition: string;
  readonly eventId: string;
  readonly streamName: string;
  readonly eventType: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
}

/** Parked events in log order (`GET /v1/review/dead-letters`). */
export const listDeadLetters = async (
  executor: SqlExecutor,
  s: string,
  page: { limit: number; cursor?: string },
): Promise<Page<DeadLetter> | null> => {
  const after = page.cursor === undefined ? null : decodePositionCursor(page.cursor);
  if (after === null && page.cursor !== undefined) return null;
  const rows = await executor.query<{
    p: string;
    event_id: string;
    stream_name: string;
    event_type: string;
    error: string;
    attempts: number;
    parked_at: Date | string;
  }>(
    `SELECT global_position::text AS p, event_id, stream_name, event_type, error, attempts, parked_at
       FROM ${s}.dead_letters WHERE ($1::bigint IS NULL OR global_position > $1::bigint)
      ORDER BY global_position LIMIT $2`,
    [after, page.limit + 1],
  );
  const items = rows.slice(0, page.limit).map((r): DeadLetter => ({
    globalPosition: r.p,
    eventId: r.event_id,
    streamName: r.stream_name,
    eventType: r.event_type,
    error: r.error,
    attempts: r.attempts,
    parkedAt: new Date(r.parked_at).toISOString(),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([last.globalPosition]) : null };
};
