import { appendPayload, type SqlEventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import type { DirectWrites } from '../writeTx';
import { isRetryableSqlError, sqlErrorCode } from './sqlErrors';
import { candidatesSql, earlierSql, lookupOfRows, type LookupRow } from './sqlWriteTx';

/** SQLSTATE the function raises when a concurrent writer took the dedup key or the stream (all undone). */
const TAKEN = 'LF409';

/**
 * `ws_write_first_lead`: a lead's lookup and, when it finds no earlier delivery and no candidate
 * customer, the new customer's first lead, in one statement. The lookup is the transactional path's
 * (`earlierSql`, `candidatesSql`); what it finds is returned ('earlier' or 'candidates' rows) and
 * nothing is written.
 * Otherwise the customer row, the dedup-key claim, the lead directory row, the identity keys and the
 * append to the new stream are written in the order (and with the conflict rules) of the transactional
 * path. A customer id that exists returns 'customer_exists' before anything is written; a dedup key or
 * stream that another writer took meanwhile raises LF409, which rolls the whole statement back.
 * Its key lookups run generic plans kept per connection (planning them took longer than running them);
 * `candidatesSql` probes key by key, so a generic plan cannot fall back to scanning.
 */
export const directWriteFunctionSql = (s: string): string => `
DROP FUNCTION IF EXISTS ${s}.ws_write_first_lead(text, timestamptz, jsonb, text, uuid, timestamptz,
  timestamptz, text, boolean, text[], jsonb);
CREATE OR REPLACE FUNCTION ${s}.ws_write_first_lead(
  p_customer text, p_created_at timestamptz, p_summary jsonb, p_dedup_key text, p_lead_id uuid,
  p_received_at timestamptz, p_since timestamptz, p_stream text, p_unrecognized boolean,
  p_keys text[], p_events jsonb, p_content_hash text)
RETURNS TABLE (status text, earlier_lead text, earlier_customer text, earlier_hash text, customer_id text,
               created_at timestamptz, seq text, summary jsonb, merged_into text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $fn$
#variable_conflict use_column
DECLARE
  v_status text;
BEGIN
  RETURN QUERY SELECT 'earlier'::text, e.earlier_lead, e.earlier_customer, e.earlier_hash, NULL::text,
                      NULL::timestamptz, NULL::text, NULL::jsonb, NULL::text
    FROM (${earlierSql(s, 'p_dedup_key', 'p_since')}) e;
  IF FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT 'candidates'::text, NULL::text, NULL::text, NULL::text, found.*
    FROM (${candidatesSql(s, 'p_keys')}) found;
  IF FOUND THEN
    RETURN;
  END IF;
  INSERT INTO ${s}.ws_customers (customer_id, created_at, summary)
  VALUES (p_customer, p_created_at, p_summary) ON CONFLICT ON CONSTRAINT ws_customers_pkey DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'customer_exists'::text, NULL::text, NULL::text, NULL::text, NULL::text,
                        NULL::timestamptz, NULL::text, NULL::jsonb, NULL::text;
    RETURN;
  END IF;
  INSERT INTO ${s}.ws_dedup_keys AS d (dedup_key, lead_id, received_at, content_hash)
  VALUES (p_dedup_key, p_lead_id, p_received_at, p_content_hash)
  ON CONFLICT ON CONSTRAINT ws_dedup_keys_pkey DO UPDATE
    SET lead_id = EXCLUDED.lead_id, received_at = EXCLUDED.received_at, content_hash = EXCLUDED.content_hash
   WHERE d.received_at < p_since;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'dedup key % claimed by another writer', p_dedup_key USING ERRCODE = '${TAKEN}';
  END IF;
  INSERT INTO ${s}.ws_leads (lead_id, customer_id, stream_name, received_at, unrecognized)
  VALUES (p_lead_id, p_customer, p_stream, p_received_at, p_unrecognized);
  INSERT INTO ${s}.ws_identity_keys (key, customer_id)
  SELECT k, p_customer FROM unnest(p_keys) AS k ON CONFLICT DO NOTHING;
  SELECT a.status INTO v_status FROM ${s}.append_to_stream(p_stream, 'no_stream', p_events) AS a;
  IF v_status <> 'ok' THEN
    RAISE EXCEPTION 'stream %: %', p_stream, v_status USING ERRCODE = '${TAKEN}';
  END IF;
  RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::timestamptz,
                      NULL::text, NULL::jsonb, NULL::text;
END
$fn$;`;

/** Creates (or replaces) the direct-write function; serialised with concurrent starts by an advisory lock. */
export const installDirectWrites = async (store: SqlEventStore): Promise<void> => {
  await store.executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leadflow_writeside:${store.schema}`]);
    await tx.exec(directWriteFunctionSql(store.schema));
  });
};

/**
 * The SQL store's direct writes: a lead's lookup and, for a new customer, its first lead, as one call
 * of `ws_write_first_lead` (its own implicit transaction); subscribers are woken after a write. LF409
 * and the errors that retry a transaction (a concurrent writer) are answered as 'conflict'.
 */
export const sqlDirectWrites = (store: SqlEventStore): DirectWrites => ({
  writeFirstLead: async (write) => {
    const payload = appendPayload(write.lead.streamName, write.events);
    // A batch the store refuses is left to the transactional path, which reports it.
    if (E.isLeft(payload)) return { kind: 'conflict' };
    try {
      const rows = await store.executor.query<LookupRow & { status: string }>(
        `SELECT * FROM ${store.schema}.ws_write_first_lead($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10::text[], $11::jsonb, $12)`,
        [
          write.customerId,
          write.lead.receivedAt,
          JSON.stringify(write.summary),
          write.lead.dedupKey,
          write.lead.leadId,
          write.lead.receivedAt,
          write.since,
          write.lead.streamName,
          write.lead.unrecognized,
          [...write.keys],
          payload.right,
          write.lead.contentHash,
        ],
        { prepare: true },
      );
      const status = rows[0]?.status;
      if (status === 'earlier' || status === 'candidates')
        return { kind: 'known', lookup: lookupOfRows(rows) };
      if (status !== 'ok') return { kind: 'conflict' };
      store.notifyCommitted();
      return { kind: 'written' };
    } catch (error) {
      if (sqlErrorCode(error) === TAKEN || isRetryableSqlError(error)) return { kind: 'conflict' };
      throw error;
    }
  },
});
