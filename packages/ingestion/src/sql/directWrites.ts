import { appendPayload, coalesce, type SqlEventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import type { DirectWrites, FirstLeadOutcome, NewCustomerSealing, NewCustomerWrite } from '../writeTx';
import { firstLeadsFunctionSql, TAKEN } from './firstLeadsSql';
import { isRetryableSqlError, sqlErrorCode } from './sqlErrors';
import { candidatesSql, earlierSql, lookupOfRows, type LookupRow } from './sqlWriteTx';

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
DROP FUNCTION IF EXISTS ${s}.ws_write_first_lead(text, timestamptz, jsonb, text, uuid, timestamptz,
  timestamptz, text, boolean, text[], jsonb, text);
CREATE OR REPLACE FUNCTION ${s}.ws_write_first_lead(
  p_customer text, p_created_at timestamptz, p_summary jsonb, p_dedup_key text, p_lead_id uuid,
  p_received_at timestamptz, p_since timestamptz, p_stream text, p_unrecognized boolean,
  p_keys text[], p_events jsonb, p_content_hash text, p_wrapped_key text)
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
  -- The new customer's data key (wrapped) goes with its sealed events; an existing row is not this key.
  IF p_wrapped_key IS NOT NULL THEN
    INSERT INTO ${s}.pd_keys (key_id, wrapped) VALUES (p_customer, decode(p_wrapped_key, 'base64'))
    ON CONFLICT (key_id) DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'customer %: a key exists already', p_customer USING ERRCODE = '${TAKEN}';
    END IF;
  END IF;
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
    await tx.exec(firstLeadsFunctionSql(store.schema));
  });
};

type Pending = { readonly write: NewCustomerWrite; readonly payload: string };
type Settled = PromiseSettledResult<FirstLeadOutcome>;

const CONFLICT: Settled = { status: 'fulfilled', value: { kind: 'conflict' } };

/** One lead through `ws_write_first_lead` (its own implicit transaction). */
const writeOne = async (store: SqlEventStore, { write, payload }: Pending): Promise<FirstLeadOutcome> => {
  const rows = await store.executor.query<LookupRow & { status: string }>(
    `SELECT * FROM ${store.schema}.ws_write_first_lead($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10::text[], $11::jsonb, $12, $13)`,
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
      payload,
      write.lead.contentHash,
      write.wrappedKey ?? null,
    ],
    { prepare: true },
  );
  const status = rows[0]?.status;
  if (status === 'earlier' || status === 'candidates') return { kind: 'known', lookup: lookupOfRows(rows) };
  return status === 'ok' ? { kind: 'written' } : { kind: 'conflict' };
};

/** An item of `ws_write_first_leads`' argument; the events are JSON already and spliced in. */
const itemJson = ({ write, payload }: Pending, ord: number): string =>
  `{"ord":${ord},"customer":${JSON.stringify(write.customerId)},"summary":${JSON.stringify(write.summary)},` +
  `"dedup_key":${JSON.stringify(write.lead.dedupKey)},"lead_id":${JSON.stringify(write.lead.leadId)},` +
  `"received_at":"${write.lead.receivedAt.toISOString()}","since":"${write.since.toISOString()}",` +
  `"stream":${JSON.stringify(write.lead.streamName)},"unrecognized":${write.lead.unrecognized},` +
  `"keys":${JSON.stringify(write.keys)},"events":${payload},"content_hash":${JSON.stringify(write.lead.contentHash)},` +
  `"seen":${write.seen === undefined ? 'null' : JSON.stringify(write.seen)},` +
  `"wrapped_key":${write.wrappedKey === undefined ? 'null' : JSON.stringify(write.wrappedKey)}}`;

/** Many leads (sharing no key) through `ws_write_first_leads`: one statement, one commit. */
const writeMany = async (store: SqlEventStore, pending: readonly Pending[]): Promise<Settled[]> => {
  const rows = await store.executor.query<LookupRow & { ord: number; status: string }>(
    `SELECT * FROM ${store.schema}.ws_write_first_leads($1::jsonb)`,
    [`[${pending.map((p, i) => itemJson(p, i + 1)).join(',')}]`],
    { prepare: true },
  );
  const byOrd = new Map<number, Array<LookupRow & { status: string }>>();
  for (const row of rows) {
    const ord = Number(row.ord);
    const found = byOrd.get(ord);
    if (found === undefined) byOrd.set(ord, [row]);
    else found.push(row);
  }
  return pending.map((_, i): Settled => {
    const answer = byOrd.get(i + 1);
    const status = answer?.[0]?.status;
    if (answer === undefined || status === undefined)
      return { status: 'rejected', reason: new Error('a lead of a batched write got no answer') };
    if (status === 'earlier' || status === 'candidates')
      return { status: 'fulfilled', value: { kind: 'known', lookup: lookupOfRows(answer) } };
    return status === 'ok' ? { status: 'fulfilled', value: { kind: 'written' } } : CONFLICT;
  });
};

/** What makes two leads one write's business: the same customer id, dedup key, stream or identity key. */
const tokensOf = (write: NewCustomerWrite): string[] => [
  `c:${write.customerId}`,
  `d:${write.lead.dedupKey}`,
  `s:${write.lead.streamName}`,
  ...write.keys.map((key) => `k:${key}`),
];

/**
 * Concurrent first-lead writes sent together: those sharing nothing go out as one statement; one that
 * shares a key with an earlier one of the batch (two first leads of one person at once) is answered
 * 'conflict' unwritten, so it takes the transactional path and its locks, as a lost race would.
 */
const writeBatch = async (store: SqlEventStore, writes: readonly NewCustomerWrite[]): Promise<Settled[]> => {
  const results: Settled[] = writes.map(() => CONFLICT);
  const claimed = new Set<string>();
  const sent: Array<{ index: number; pending: Pending }> = [];
  writes.forEach((write, index) => {
    // A batch the store refuses is left to the transactional path, which reports it.
    const payload = appendPayload(write.lead.streamName, write.events);
    const tokens = tokensOf(write);
    if (E.isLeft(payload) || tokens.some((t) => claimed.has(t))) return;
    for (const t of tokens) claimed.add(t);
    sent.push({ index, pending: { write, payload: payload.right } });
  });
  if (sent.length === 0) return results;
  try {
    const answers =
      sent.length === 1 && sent[0]!.pending.write.seen === undefined
        ? [{ status: 'fulfilled', value: await writeOne(store, sent[0]!.pending) } as Settled]
        : await writeMany(
            store,
            sent.map((s) => s.pending),
          );
    sent.forEach((s, i) => (results[s.index] = answers[i]!));
    if (answers.some((a) => a.status === 'fulfilled' && a.value.kind === 'written')) store.notifyCommitted();
  } catch (error) {
    // Nothing of the statement was written: a concurrent writer took a key (each lead then takes the
    // transactional path), or the server failed (each lead gets the error).
    if (!(sqlErrorCode(error) === TAKEN || isRetryableSqlError(error)))
      for (const s of sent) results[s.index] = { status: 'rejected', reason: error };
  }
  return results;
};

/**
 * The SQL store's direct writes: a lead's lookup and, for a new customer, its first lead, as one call
 * of `ws_write_first_lead` (its own implicit transaction); subscribers are woken after a write. LF409
 * and the errors that retry a transaction (a concurrent writer) are answered as 'conflict'. Calls made
 * while `maxInFlight` statements run wait and go out together, up to `maxBatch` leads a statement
 * (`ws_write_first_leads`): under load, one round trip and one commit carry many new customers.
 */
export const sqlDirectWrites = (
  store: SqlEventStore,
  limits = { maxInFlight: 4, maxBatch: 250, gather: true },
  sealing?: NewCustomerSealing,
): DirectWrites => {
  const writeFirstLead = coalesce((writes: readonly NewCustomerWrite[]) => writeBatch(store, writes), limits);
  if (sealing === undefined) return { writeFirstLead };
  return {
    // Each new customer's events are sealed under a key of its own, stored by the same statement.
    writeFirstLead: async (write) => {
      const sealed = sealing.sealNewCustomer(write.customerId, write.events);
      const outcome = await writeFirstLead({
        ...write,
        events: sealed.events,
        wrappedKey: sealed.wrappedKey,
      });
      if (outcome.kind === 'written') sealed.commit();
      return outcome;
    },
  };
};
