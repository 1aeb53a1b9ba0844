import type { JsonObject, RecordedEvent } from '../port';

/** An events row as selected by `EVENT_COLUMNS` (int8 columns cast to text: PGlite parses int8 lossily). */
export interface EventRow {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly stream_name: string;
  readonly stream_revision: string;
  readonly global_position: string;
  readonly created_at: Date;
}

/** The select list matching `EventRow`, for a table aliased `e`. */
export const EVENT_COLUMNS = `e.event_id::text AS id, e.event_type AS type, e.data, e.metadata, e.stream_name,
  e.stream_revision::text AS stream_revision, e.global_position::text AS global_position, e.created_at`;

/** Maps a row to the port's recorded event. */
export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  streamName: row.stream_name,
  streamRevision: BigInt(row.stream_revision),
  globalPosition: BigInt(row.global_position),
  createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
});
