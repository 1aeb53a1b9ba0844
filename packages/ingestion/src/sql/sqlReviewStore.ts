import { LeadReceivedData, type DecodeError } from '@leadflow/contracts';
import {
  EVENT_COLUMNS,
  toRecordedEvent,
  type EventRow,
  type SqlEventStore,
  type SqlExecutor,
} from '@leadflow/eventstore';
import { randomUUID } from 'node:crypto';
import {
  isReviewCursor,
  type LeadQueries,
  type Page,
  type RejectedLead,
  type StoredLead,
} from '../leadQueries';
import type { IngestChannel, RejectionReason } from '../leadWriter';
import { truncateUtf8, type RejectedStore } from '../rejectedStore';
import { storableCopy } from '../storableText';

interface RejectedRow {
  seq: string;
  rejection_id: string;
  received_at: Date | string;
  channel: IngestChannel;
  status: number;
  reason: RejectionReason;
  errors: DecodeError[];
  body: string;
  body_truncated: boolean;
  correlation_id: string;
}

interface LeadRow {
  seq: string;
  lead_id: string;
  customer_id: string;
  stream_name: string;
  received_at: Date | string;
}

/** Loads the LeadReceived data of stored leads, by stream and lead (event) id. */
export type LeadEvents = (
  refs: ReadonlyArray<{ streamName: string; leadId: string }>,
) => Promise<Map<string, unknown>>;

/**
 * LeadReceived data read from the SQL store's events table, in one query; `open` (the store's
 * `openRecorded`) gives sealed personal fields back in clear, as a read through the port would.
 */
export const sqlLeadEvents =
  (sql: SqlExecutor, s: string, open?: SqlEventStore['openRecorded']): LeadEvents =>
  async (refs) => {
    if (refs.length === 0) return new Map();
    const rows = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events e
         JOIN unnest($1::text[], $2::uuid[]) AS r(stream_name, event_id)
           ON e.stream_name = r.stream_name AND e.event_id = r.event_id`,
      [refs.map((r) => r.streamName), refs.map((r) => r.leadId)],
    );
    const recorded = rows.map(toRecordedEvent);
    const events = open === undefined ? recorded : await open(recorded, sql);
    return new Map(events.map((e) => [e.id, e.data]));
  };

const cursorOf = (seq: string | undefined, hasMore: boolean) => (hasMore && seq !== undefined ? seq : null);
const seqCursor = (cursor: string | null) => (cursor !== null && isReviewCursor(cursor) ? cursor : null);

const toStoredLead = (row: LeadRow, data: unknown): StoredLead => {
  const decoded = LeadReceivedData.decode(data);
  if (decoded._tag === 'Left') throw new Error(`lead ${row.lead_id}: stored LeadReceived does not decode`);
  return {
    leadId: row.lead_id,
    customerId: row.customer_id,
    receivedAt: new Date(row.received_at).toISOString(),
    lead: decoded.right,
  };
};

/** The bounded rejected-lead store over SQL: keeps at most `maxCount`, dropping the oldest. */
export const sqlRejectedStore = (
  sql: SqlExecutor,
  s: string,
  maxCount: number,
  maxBodyBytes: number,
): RejectedStore => ({
  add: async (rejection) => {
    const { body, truncated } = truncateUtf8(rejection.body, maxBodyBytes);
    const rejectionId = randomUUID();
    const rows = await sql.query<{ dropped: string }>(
      `WITH added AS (
         INSERT INTO ${s}.ws_rejected_leads
           (rejection_id, received_at, channel, status, reason, errors, body, body_truncated, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq
       ), dropped AS (
         DELETE FROM ${s}.ws_rejected_leads
          WHERE seq <= (SELECT seq FROM added) - $10::bigint RETURNING 1
       )
       SELECT count(*)::text AS dropped FROM dropped`,
      [
        rejectionId,
        rejection.receivedAt,
        rejection.channel,
        rejection.status,
        rejection.reason,
        JSON.stringify(
          rejection.errors.map((e) => ({ path: storableCopy(e.path), message: storableCopy(e.message) })),
        ),
        storableCopy(body),
        truncated,
        rejection.correlationId,
        maxCount,
      ],
    );
    return { rejectionId, dropped: Number(rows[0]?.dropped ?? 0) };
  },
  list: async ({ limit, cursor }): Promise<Page<RejectedLead>> => {
    // `r.seq` is the bigint column: a bare `seq` in ORDER BY names the text output column (sorting "9" above "68").
    const rows = await sql.query<RejectedRow>(
      `SELECT seq::text AS seq, rejection_id, received_at, channel, status, reason, errors, body, body_truncated, correlation_id
         FROM ${s}.ws_rejected_leads r WHERE ($1::bigint IS NULL OR r.seq < $1::bigint) ORDER BY r.seq DESC LIMIT $2`,
      [seqCursor(cursor), limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.rejection_id,
        receivedAt: new Date(r.received_at).toISOString(),
        channel: r.channel,
        status: r.status,
        reason: r.reason,
        errors: r.errors,
        body: r.body,
        bodyTruncated: r.body_truncated,
        correlationId: r.correlation_id,
      })),
      nextCursor: cursorOf(page[page.length - 1]?.seq, rows.length > limit),
    };
  },
});

const LEAD_SELECT = (s: string) => `
  SELECT l.seq::text AS seq, l.lead_id::text AS lead_id, coalesce(c.merged_into, l.customer_id) AS customer_id,
         l.stream_name, l.received_at
    FROM ${s}.ws_leads l
    LEFT JOIN ${s}.ws_customers c ON c.customer_id = l.customer_id`;

const withEvents = async (rows: ReadonlyArray<LeadRow>, events: LeadEvents): Promise<StoredLead[]> => {
  const data = await events(rows.map((r) => ({ streamName: r.stream_name, leadId: r.lead_id })));
  return rows.flatMap((r) => (data.has(r.lead_id) ? [toStoredLead(r, data.get(r.lead_id))] : []));
};

/** Stored leads and the review lists, read from the write side's tables. */
export const sqlLeadQueries = (
  sql: SqlExecutor,
  s: string,
  rejected: RejectedStore,
  events: LeadEvents,
): LeadQueries => ({
  getLead: async (leadId) => {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(leadId)) return null;
    const rows = await sql.query<LeadRow>(`${LEAD_SELECT(s)} WHERE l.lead_id = $1`, [leadId]);
    return (await withEvents(rows, events))[0] ?? null;
  },
  listRejected: (page) => rejected.list(page),
  listUnrecognized: async ({ limit, cursor }) => {
    const rows = await sql.query<LeadRow>(
      `${LEAD_SELECT(s)} WHERE l.unrecognized AND ($1::bigint IS NULL OR l.seq < $1::bigint) ORDER BY l.seq DESC LIMIT $2`,
      [seqCursor(cursor), limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: await withEvents(page, events),
      nextCursor: cursorOf(page[page.length - 1]?.seq, rows.length > limit),
    };
  },
});
