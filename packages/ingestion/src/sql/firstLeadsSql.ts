import { candidatesSql, earlierSql } from './sqlWriteTx';

/** SQLSTATE the direct writes raise when a concurrent writer took a dedup key or a stream (all undone). */
export const TAKEN = 'LF409';

/** The fields of an item of `ws_write_first_leads`' argument, with their SQL types. */
const FIELDS = {
  ord: 'int',
  customer: 'text',
  summary: 'jsonb',
  dedup_key: 'text',
  lead_id: 'uuid',
  received_at: 'timestamptz',
  since: 'timestamptz',
  stream: 'text',
  unrecognized: 'boolean',
  keys: 'text[]',
  events: 'jsonb',
  content_hash: 'text',
  seen: 'text[]',
  wrapped_key: 'text',
} as const;

/** The items as rows `i`, with only the fields a statement uses (each is copied out of the argument). */
const items = (...fields: ReadonlyArray<keyof typeof FIELDS>): string =>
  `jsonb_to_recordset(p_items) AS i(${['ord' as const, ...fields].map((f) => `${f} ${FIELDS[f]}`).join(', ')})`;

/**
 * `ws_write_first_leads`: `ws_write_first_lead` for many leads in one statement, set by set (one
 * lookup, one insert per table and one batch append for all of them), so a batch of new customers
 * costs one round trip and one commit. The items must not share a dedup key, an identity key or a
 * customer id (the caller sends overlapping leads apart): each is then decided as if it were alone.
 * Per item (`ord`) it returns what its lookup found ('earlier' or 'candidates' rows, nothing written
 * for it), 'customer_exists' (nothing written), or 'ok'. `seen`: candidates the caller already judged
 * not to be this lead's customer (it resolved to a new one from a lookup of its own); only a
 * candidate outside that list is returned. A dedup key taken by a concurrent writer raises LF409, a
 * stream unique_violation (23505): either undoes the whole statement.
 */
export const firstLeadsFunctionSql = (s: string): string => `
CREATE OR REPLACE FUNCTION ${s}.ws_write_first_leads(p_items jsonb)
RETURNS TABLE (ord int, status text, earlier_lead text, earlier_customer text, earlier_hash text, customer_id text,
               created_at timestamptz, seq text, summary jsonb, merged_into text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $fn$
#variable_conflict use_column
DECLARE
  r record;
  v_known int[] := '{}';
  v_created text[];
  v_written int[];
  v_claimed int;
  v_keyed int;
  v_sealed int;
BEGIN
  FOR r IN
    WITH i AS (SELECT * FROM ${items('dedup_key', 'since', 'keys', 'seen')}),
    e AS (SELECT i.ord, e.* FROM i CROSS JOIN LATERAL (${earlierSql(s, 'i.dedup_key', 'i.since')}) e)
    SELECT e.ord, 'earlier'::text AS status, e.earlier_lead, e.earlier_customer, e.earlier_hash,
           NULL::text AS customer_id, NULL::timestamptz AS created_at, NULL::text AS seq, NULL::jsonb AS summary,
           NULL::text AS merged_into
      FROM e
    UNION ALL
    SELECT c.ord, 'candidates'::text, NULL::text, NULL::text, NULL::text, c.customer_id, c.created_at, c.seq,
           c.summary, c.merged_into
      FROM (SELECT i.ord, found.*,
                   bool_or(found.customer_id <> ALL (coalesce(i.seen, '{}'))) OVER (PARTITION BY i.ord) AS unseen
              FROM i CROSS JOIN LATERAL (${candidatesSql(s, 'i.keys')}) found
             WHERE NOT EXISTS (SELECT 1 FROM e WHERE e.ord = i.ord)) c
     WHERE c.unseen
  LOOP
    ord := r.ord; status := r.status; earlier_lead := r.earlier_lead; earlier_customer := r.earlier_customer;
    earlier_hash := r.earlier_hash; customer_id := r.customer_id; created_at := r.created_at; seq := r.seq;
    summary := r.summary; merged_into := r.merged_into;
    RETURN NEXT;
    v_known := v_known || r.ord;
  END LOOP;

  -- New customers in arrival order (seq orders customers created at the same instant by age).
  WITH ins AS (
    INSERT INTO ${s}.ws_customers (customer_id, created_at, summary)
    SELECT i.customer, i.received_at, i.summary FROM ${items('customer', 'received_at', 'summary')}
     WHERE i.ord <> ALL (v_known) ORDER BY i.ord
    ON CONFLICT ON CONSTRAINT ws_customers_pkey DO NOTHING RETURNING customer_id)
  SELECT coalesce(array_agg(ins.customer_id), '{}') INTO v_created FROM ins;
  SELECT coalesce(array_agg(i.ord), '{}') INTO v_written FROM ${items('customer')}
   WHERE i.ord <> ALL (v_known) AND i.customer = ANY (v_created);
  RETURN QUERY SELECT i.ord, 'customer_exists'::text, NULL::text, NULL::text, NULL::text, NULL::text,
                      NULL::timestamptz, NULL::text, NULL::jsonb, NULL::text
    FROM ${items()}
   WHERE i.ord <> ALL (v_known) AND i.ord <> ALL (v_written);
  IF cardinality(v_written) = 0 THEN
    RETURN;
  END IF;

  -- The dedup keys: free ones are claimed, expired ones taken over; a live one is a concurrent writer's.
  WITH claimed AS (
    INSERT INTO ${s}.ws_dedup_keys (dedup_key, lead_id, received_at, content_hash)
    SELECT i.dedup_key, i.lead_id, i.received_at, i.content_hash
      FROM ${items('dedup_key', 'lead_id', 'received_at', 'content_hash')}
     WHERE i.ord = ANY (v_written)
    ON CONFLICT ON CONSTRAINT ws_dedup_keys_pkey DO NOTHING RETURNING 1)
  SELECT count(*) INTO v_claimed FROM claimed;
  IF v_claimed < cardinality(v_written) THEN
    WITH retaken AS (
      UPDATE ${s}.ws_dedup_keys AS d
         SET lead_id = i.lead_id, received_at = i.received_at, content_hash = i.content_hash
        FROM ${items('dedup_key', 'lead_id', 'received_at', 'content_hash', 'since')}
       WHERE i.ord = ANY (v_written) AND d.dedup_key = i.dedup_key AND d.received_at < i.since
      RETURNING 1)
    SELECT v_claimed + count(*) INTO v_claimed FROM retaken;
    IF v_claimed < cardinality(v_written) THEN
      RAISE EXCEPTION 'a dedup key was claimed by another writer' USING ERRCODE = '${TAKEN}';
    END IF;
  END IF;

  INSERT INTO ${s}.ws_leads (lead_id, customer_id, stream_name, received_at, unrecognized)
  SELECT i.lead_id, i.customer, i.stream, i.received_at, i.unrecognized
    FROM ${items('lead_id', 'customer', 'stream', 'received_at', 'unrecognized')}
   WHERE i.ord = ANY (v_written) ORDER BY i.ord;
  INSERT INTO ${s}.ws_identity_keys (key, customer_id)
  SELECT k, i.customer FROM ${items('customer', 'keys')}, unnest(i.keys) AS k
   WHERE i.ord = ANY (v_written)
  ON CONFLICT DO NOTHING;
  -- Each new customer's data key (wrapped) goes with its sealed events; a key row that exists
  -- already is not this write's key, so the statement is undone as for a taken stream. Clear events
  -- carry no key (and the key table may not exist): the insert is then never planned.
  SELECT count(*) INTO v_sealed FROM ${items('wrapped_key')} WHERE i.ord = ANY (v_written) AND i.wrapped_key IS NOT NULL;
  IF v_sealed > 0 THEN
    WITH keyed AS (
      INSERT INTO ${s}.pd_keys (key_id, wrapped)
      SELECT i.customer, decode(i.wrapped_key, 'base64') FROM ${items('customer', 'wrapped_key')}
       WHERE i.ord = ANY (v_written) AND i.wrapped_key IS NOT NULL
      ON CONFLICT (key_id) DO NOTHING RETURNING 1)
    SELECT count(*) INTO v_keyed FROM keyed;
    IF v_keyed < v_sealed THEN
      RAISE EXCEPTION 'a new customer''s key exists already' USING ERRCODE = '${TAKEN}';
    END IF;
  END IF;
  -- A stream that exists already raises unique_violation: the whole statement is undone. The items
  -- carry 'stream' and 'events' as the function reads them: when all are written, they go as they are.
  IF cardinality(v_written) = jsonb_array_length(p_items) THEN
    PERFORM ${s}.append_to_new_streams(p_items);
  ELSE
    PERFORM ${s}.append_to_new_streams((
      SELECT jsonb_agg(jsonb_build_object('stream', i.stream, 'events', i.events) ORDER BY i.ord)
        FROM ${items('stream', 'events')} WHERE i.ord = ANY (v_written)));
  END IF;
  RETURN QUERY SELECT w, 'ok'::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::timestamptz,
                      NULL::text, NULL::jsonb, NULL::text
    FROM unnest(v_written) AS w;
END
$fn$;`;
