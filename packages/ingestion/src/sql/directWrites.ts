import { appendPayload, type SqlEventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import type { DirectWrites } from '../writeTx';
import { isRetryableSqlError, sqlErrorCode } from './sqlErrors';
import { lookupLead } from './sqlWriteTx';

/** SQLSTATE the function raises when a concurrent writer took the dedup key or the stream (all undone). */
const TAKEN = 'LF409';

/**
 * `ws_write_new_customer`: a new customer's first lead as one statement — the customer row, the
 * dedup-key claim, the lead directory row, the identity keys and the append to the new stream — in
 * the order (and with the conflict rules) of the transactional path. A customer id that exists
 * returns 'customer_exists' before anything is written; a dedup key or stream that another writer
 * took raises LF409, which rolls the whole statement back.
 */
export const directWriteFunctionSql = (s: string): string => `
CREATE OR REPLACE FUNCTION ${s}.ws_write_new_customer(
  p_customer text, p_created_at timestamptz, p_summary jsonb, p_dedup_key text, p_lead_id uuid,
  p_received_at timestamptz, p_since timestamptz, p_stream text, p_unrecognized boolean,
  p_keys text[], p_events jsonb)
RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  v_status text;
BEGIN
  INSERT INTO ${s}.ws_customers (customer_id, created_at, summary)
  VALUES (p_customer, p_created_at, p_summary) ON CONFLICT (customer_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN 'customer_exists';
  END IF;
  INSERT INTO ${s}.ws_dedup_keys AS d (dedup_key, lead_id, received_at)
  VALUES (p_dedup_key, p_lead_id, p_received_at)
  ON CONFLICT (dedup_key) DO UPDATE SET lead_id = EXCLUDED.lead_id, received_at = EXCLUDED.received_at
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
  RETURN 'ok';
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
 * The SQL store's direct writes: the lookup as its own statement and a new customer's first lead as
 * one call of `ws_write_new_customer` (its own implicit transaction); subscribers are woken after it.
 * LF409 and the errors that retry a transaction (a concurrent writer) are answered as 'conflict'.
 */
export const sqlDirectWrites = (store: SqlEventStore): DirectWrites => ({
  lookup: (dedupKey, since, keys) => lookupLead(store.executor, store.schema, dedupKey, since, keys),
  writeNewCustomer: async (write) => {
    const payload = appendPayload(write.lead.streamName, write.events);
    // A batch the store refuses is left to the transactional path, which reports it.
    if (E.isLeft(payload)) return 'conflict';
    try {
      const rows = await store.executor.query<{ status: string }>(
        `SELECT ${store.schema}.ws_write_new_customer($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10::text[], $11::jsonb) AS status`,
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
        ],
        { prepare: true },
      );
      if (rows[0]?.status !== 'ok') return 'conflict';
      store.notifyCommitted();
      return 'ok';
    } catch (error) {
      if (sqlErrorCode(error) === TAKEN || isRetryableSqlError(error)) return 'conflict';
      throw error;
    }
  },
});
