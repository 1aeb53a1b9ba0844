import type { IdentitySummary } from '@leadflow/contracts';
import type { EventStore, SqlExecutor } from '@leadflow/eventstore';
import type { IndexedCustomer, LeadLookup, LeadRecord, WriteTx } from '../writeTx';

/** A row of a lookup: an earlier delivery's ids, or a candidate customer's columns. */
export interface LookupRow extends Partial<CustomerRow> {
  earlier_lead: string | null;
  earlier_customer: string | null;
  earlier_hash: string | null;
}

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

// Key lookups and inserts are kept planned per connection. A generic plan made while a table is small
// scans it whole later (measured: 10 ms a call instead of 0.7 for `k.key = ANY($n)`), so the
// candidates are looked up key by key (`unnest` then a LATERAL probe that OFFSET 0 keeps unflattened):
// an index probe per key whatever the statistics said when the plan was made. Statements still
// matching `= ANY($n)` directly stay unprepared.
const PREPARED = { prepare: true } as const;

/** The live customers holding any of the keys in `keys` (one index probe per key, then one per customer). */
export const candidatesSql = (s: string, keys: string) => `
  SELECT DISTINCT ${CUSTOMER_COLUMNS}
    FROM unnest(${keys}::text[]) AS q(key)
   CROSS JOIN LATERAL (SELECT k.customer_id FROM ${s}.ws_identity_keys k WHERE k.key = q.key OFFSET 0) k
   CROSS JOIN LATERAL (SELECT * FROM ${s}.ws_customers c
                        WHERE c.customer_id = k.customer_id AND c.merged_into IS NULL OFFSET 0) c`;

/** The delivery stored under `dedupKey` since `since`, with its customer after merges (at most one row). */
export const earlierSql = (s: string, dedupKey = '$1', since = '$2') => `
  SELECT d.lead_id::text AS earlier_lead, coalesce(c.merged_into, l.customer_id) AS earlier_customer,
         d.content_hash AS earlier_hash
    FROM ${s}.ws_dedup_keys d
    LEFT JOIN ${s}.ws_leads l ON l.lead_id = d.lead_id
    LEFT JOIN ${s}.ws_customers c ON c.customer_id = l.customer_id
   WHERE d.dedup_key = ${dedupKey} AND d.received_at >= ${since}`;

/** One round trip: the earlier delivery under the dedup key (at most one row) or, when there is none, the candidates. */
const lookupLead = async (
  sql: SqlExecutor,
  s: string,
  dedupKey: string,
  since: Date,
  keys: ReadonlyArray<string>,
): Promise<LeadLookup> => {
  const rows = await sql.query<LookupRow>(
    `WITH earlier AS (${earlierSql(s)})
     SELECT earlier_lead, earlier_customer, earlier_hash, NULL AS customer_id, NULL::timestamptz AS created_at,
            NULL AS seq, NULL::jsonb AS summary, NULL AS merged_into
       FROM earlier
     UNION ALL
     SELECT NULL, NULL, NULL, found.* FROM (${candidatesSql(s, '$3')}) found WHERE NOT EXISTS (SELECT 1 FROM earlier)`,
    [dedupKey, since, [...keys]],
    PREPARED,
  );
  return lookupOfRows(rows);
};

/** A lookup's answer from its rows: one row with `earlier_lead` set (an earlier delivery), else the candidates. */
export const lookupOfRows = (rows: ReadonlyArray<LookupRow>): LeadLookup => {
  const first = rows[0];
  if (first?.earlier_lead != null)
    return {
      earlier: {
        leadId: first.earlier_lead,
        customerId: first.earlier_customer,
        contentHash: first.earlier_hash ?? null,
      },
      candidates: [],
    };
  return { earlier: null, candidates: rows.map((row) => toCustomer(row as CustomerRow)) };
};

/** How the write path reads and appends customer streams: the SQL store's transaction, or an external store. */
export type StreamAccess = Pick<EventStore, 'readStream' | 'appendToStream'>;

/**
 * The write transaction over SQL: the write-side tables in `sql` (a transaction) and the streams
 * through `streams` — the same transaction for PostgreSQL/PGlite stores, KurrentDB otherwise.
 */
export const sqlWriteTx = (sql: SqlExecutor, s: string, streams: StreamAccess): WriteTx => ({
  lookup: (dedupKey, since, keys) => lookupLead(sql, s, dedupKey, since, keys),
  findEarlier: async (dedupKey, since) => {
    const rows = await sql.query<{
      earlier_lead: string;
      earlier_customer: string | null;
      earlier_hash: string | null;
    }>(earlierSql(s), [dedupKey, since], PREPARED);
    const row = rows[0];
    return row === undefined
      ? null
      : { leadId: row.earlier_lead, customerId: row.earlier_customer, contentHash: row.earlier_hash };
  },
  candidates: async (keys) => {
    if (keys.length === 0) return [];
    const rows = await sql.query<CustomerRow>(candidatesSql(s, '$1'), [keys], PREPARED);
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
      PREPARED,
    );
    return rows.length === 1;
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
      PREPARED,
    );
  },
  recordLead: async (lead: LeadRecord, since, index) => {
    // Every part hangs on the claim: when another writer holds the key, nothing is written.
    const rows = await sql.query<{ claimed: number }>(
      `WITH claim AS (
         INSERT INTO ${s}.ws_dedup_keys (dedup_key, lead_id, received_at, content_hash) VALUES ($1, $2, $3, $10)
         ON CONFLICT (dedup_key) DO UPDATE
           SET lead_id = EXCLUDED.lead_id, received_at = EXCLUDED.received_at, content_hash = EXCLUDED.content_hash
          WHERE ${s}.ws_dedup_keys.received_at < $4
         RETURNING dedup_key
       ), recorded AS (
         INSERT INTO ${s}.ws_leads (lead_id, customer_id, stream_name, received_at, unrecognized)
         SELECT $2, $5, $6, $3, $7 FROM claim
       ), keyed AS (
         INSERT INTO ${s}.ws_identity_keys (key, customer_id)
         SELECT key, $5 FROM claim, unnest($8::text[]) AS key
         ON CONFLICT DO NOTHING
       ), summarised AS (
         UPDATE ${s}.ws_customers SET summary = $9::jsonb
          WHERE customer_id = $5 AND $9::jsonb IS NOT NULL AND EXISTS (SELECT 1 FROM claim)
       )
       SELECT count(*)::int AS claimed FROM claim`,
      [
        lead.dedupKey,
        lead.leadId,
        lead.receivedAt,
        since,
        lead.customerId,
        lead.streamName,
        lead.unrecognized,
        [...index.keys],
        index.summary === null ? null : JSON.stringify(index.summary),
        lead.contentHash,
      ],
      PREPARED,
    );
    return Number(rows[0]?.claimed ?? 0) > 0;
  },
  readStream: (stream) => streams.readStream(stream),
  appendToStream: (stream, events, expected) => streams.appendToStream(stream, events, expected),
});
