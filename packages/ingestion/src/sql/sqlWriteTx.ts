import type { IdentitySummary } from '@leadflow/contracts';
import type { EventStore, SqlExecutor } from '@leadflow/eventstore';
import type { IndexedCustomer, LeadRecord, WriteTx } from '../writeTx';

interface CustomerRow {
  customer_id: string;
  created_at: Date | string;
  seq: string;
  summary: IdentitySummary;
  merged_into: string | null;
}

const toCustomer = (row: CustomerRow): IndexedCustomer => ({
  customerId: row.customer_id,
  createdAt: new Date(row.created_at).toISOString(),
  seq: Number(row.seq),
  summary: row.summary,
  mergedInto: row.merged_into,
});

const CUSTOMER_COLUMNS = 'c.customer_id, c.created_at, c.seq::text AS seq, c.summary, c.merged_into';

/** How the write path reads and appends customer streams: the SQL store's transaction, or an external store. */
export type StreamAccess = Pick<EventStore, 'readStream' | 'appendToStream'>;

/**
 * The write transaction over SQL: the write-side tables in `sql` (a transaction) and the streams
 * through `streams` — the same transaction for PostgreSQL/PGlite stores, KurrentDB otherwise.
 */
export const sqlWriteTx = (sql: SqlExecutor, s: string, streams: StreamAccess): WriteTx => ({
  findDedup: async (dedupKey, since) => {
    const rows = await sql.query<{ lead_id: string }>(
      `SELECT lead_id FROM ${s}.ws_dedup_keys WHERE dedup_key = $1 AND received_at >= $2`,
      [dedupKey, since],
    );
    return rows[0]?.lead_id ?? null;
  },
  customerOfLead: async (leadId) => {
    const rows = await sql.query<{ customer_id: string }>(
      `SELECT coalesce(c.merged_into, l.customer_id) AS customer_id
         FROM ${s}.ws_leads l LEFT JOIN ${s}.ws_customers c ON c.customer_id = l.customer_id
        WHERE l.lead_id = $1`,
      [leadId],
    );
    return rows[0]?.customer_id ?? null;
  },
  candidates: async (keys) => {
    if (keys.length === 0) return [];
    const rows = await sql.query<CustomerRow>(
      `SELECT DISTINCT ${CUSTOMER_COLUMNS}
         FROM ${s}.ws_identity_keys k JOIN ${s}.ws_customers c ON c.customer_id = k.customer_id
        WHERE k.key = ANY($1::text[]) AND c.merged_into IS NULL`,
      [keys],
    );
    return rows.map(toCustomer);
  },
  lockCustomers: async (ids) => {
    if (ids.length === 0) return [];
    const rows = await sql.query<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM ${s}.ws_customers c
        WHERE c.customer_id = ANY($1::text[]) ORDER BY c.customer_id FOR UPDATE`,
      [[...ids]],
    );
    return rows.map(toCustomer);
  },
  createCustomer: async (customerId, createdAt, summary) => {
    const rows = await sql.query<{ customer_id: string }>(
      `INSERT INTO ${s}.ws_customers (customer_id, created_at, summary) VALUES ($1, $2, $3)
       ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id`,
      [customerId, createdAt, JSON.stringify(summary)],
    );
    return rows.length === 1;
  },
  updateSummary: async (customerId, summary) => {
    await sql.query(`UPDATE ${s}.ws_customers SET summary = $2 WHERE customer_id = $1`, [
      customerId,
      JSON.stringify(summary),
    ]);
  },
  addKeys: async (customerId, keys) => {
    if (keys.length === 0) return;
    await sql.query(
      `INSERT INTO ${s}.ws_identity_keys (key, customer_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
      [keys, customerId],
    );
  },
  markMerged: async (mergedId, survivorId) => {
    await sql.query(
      `WITH merged AS (
         UPDATE ${s}.ws_customers SET merged_into = $2 WHERE customer_id = $1 OR merged_into = $1 RETURNING customer_id
       ), moved AS (
         DELETE FROM ${s}.ws_identity_keys WHERE customer_id = $1 RETURNING key
       )
       INSERT INTO ${s}.ws_identity_keys (key, customer_id) SELECT key, $2 FROM moved ON CONFLICT DO NOTHING`,
      [mergedId, survivorId],
    );
  },
  recordLead: async (lead: LeadRecord, since) => {
    const claimed = await sql.query<{ dedup_key: string }>(
      `INSERT INTO ${s}.ws_dedup_keys (dedup_key, lead_id, received_at) VALUES ($1, $2, $3)
       ON CONFLICT (dedup_key) DO UPDATE SET lead_id = EXCLUDED.lead_id, received_at = EXCLUDED.received_at
        WHERE ${s}.ws_dedup_keys.received_at < $4
       RETURNING dedup_key`,
      [lead.dedupKey, lead.leadId, lead.receivedAt, since],
    );
    if (claimed.length === 0) return false;
    await sql.query(
      `INSERT INTO ${s}.ws_leads (lead_id, customer_id, stream_name, received_at, unrecognized) VALUES ($1, $2, $3, $4, $5)`,
      [lead.leadId, lead.customerId, lead.streamName, lead.receivedAt, lead.unrecognized],
    );
    return true;
  },
  readStream: (stream) => streams.readStream(stream),
  appendToStream: (stream, events, expected) => streams.appendToStream(stream, events, expected),
});
