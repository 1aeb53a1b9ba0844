import { decodeStoredEvent, type CustomerEvent } from '@leadflow/contracts';
import type { RecordedEvent, SqlExecutor } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { customerRowsOf } from '../customer/customerRows';
import { addFunnelDelta, funnelEntriesOf, type FunnelKey } from '../customer/funnelEntries';
import {
  emptyProjectedCustomer,
  evolveProjected,
  type ProjectedCustomer,
} from '../customer/projectedCustomer';
import { withRetries, type RetryPolicy } from './retryPolicy';
import { writeCustomerRows, writeFunnelDeltas } from './writeRows';

const STREAM_PREFIX = 'customer-';

/** Options of the event application (test hooks included). */
export interface ApplyOptions {
  readonly retry: RetryPolicy;
  /** Called before each event is applied; a throw makes the event a poison candidate (tests inject faults here). */
  readonly beforeApply?: (event: RecordedEvent) => void;
}

/**
 * Documents kept in memory across batches by a rebuild (the only writer of its schema): while `complete`,
 * a customer missing from it does not exist in the schema yet, so nothing is loaded.
 */
export interface DocCache {
  readonly docs: Map<string, ProjectedCustomer>;
  complete: boolean;
}

/** Past this many documents the cache is emptied and customers are loaded from the schema again. */
const CACHE_LIMIT = 250_000;

/** What a batch did: how many events were applied and which were parked as dead letters. */
export interface BatchOutcome {
  readonly applied: number;
  readonly parked: number;
}

const decode = (event: RecordedEvent): CustomerEvent => {
  const decoded = decodeStoredEvent({
    type: event.type,
    data: event.data,
    metadata: event.metadata as Record<string, unknown>,
  });
  if (E.isLeft(decoded)) throw new Error(`${decoded.left.type}: ${JSON.stringify(decoded.left)}`);
  return decoded.right;
};

const customerIdOf = (event: RecordedEvent): string => event.streamName.slice(STREAM_PREFIX.length);

/** Customer ids a batch touches: each stream's customer and every customer merged into it. */
const idsOf = (events: ReadonlyArray<RecordedEvent>): string[] => {
  const ids = new Set<string>();
  for (const event of events) {
    ids.add(customerIdOf(event));
    const merged = (event.data as { mergedCustomerId?: unknown }).mergedCustomerId;
    if (event.type === 'CustomerMerged' && typeof merged === 'string') ids.add(merged);
  }
  return [...ids];
};

const loadDocs = async (tx: SqlExecutor, s: string, ids: string[]) => {
  const rows = await tx.query<{ customer_id: string; doc: string }>(
    `SELECT customer_id, doc FROM ${s}.customers WHERE customer_id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.customer_id, JSON.parse(r.doc) as ProjectedCustomer]));
};

const docsBefore = async (tx: SqlExecutor, s: string, ids: string[], cache: DocCache | undefined) => {
  if (cache === undefined) return loadDocs(tx, s, ids);
  const found = new Map<string, ProjectedCustomer>();
  const missing: string[] = [];
  for (const id of ids) {
    const doc = cache.docs.get(id);
    if (doc !== undefined) found.set(id, doc);
    else missing.push(id);
  }
  if (!cache.complete && missing.length > 0)
    for (const [id, doc] of await loadDocs(tx, s, missing)) found.set(id, doc);
  return found;
};

/**
 * Applies a batch of events to the read schema `s` inside the caller's transaction: loads the touched
 * customers once, folds in memory in global order, then writes the derived rows set-based. A handler that
 * still throws after the retries has its event parked in `dead_letters`; the batch goes on.
 */
export const applyBatch = async (
  tx: SqlExecutor,
  s: string,
  events: ReadonlyArray<RecordedEvent>,
  options: ApplyOptions,
  cache?: DocCache,
): Promise<BatchOutcome> => {
  const relevant = events.filter((e) => e.streamName.startsWith(STREAM_PREFIX));
  const before = await docsBefore(tx, s, idsOf(relevant), cache);
  const current = new Map(before);
  const changed = new Set<string>();
  const parked: Array<Record<string, unknown>> = [];
  for (const event of relevant) {
    const id = customerIdOf(event);
    const position = event.globalPosition.toString();
    const result = await withRetries(options.retry, () => {
      options.beforeApply?.(event);
      const doc = current.get(id) ?? emptyProjectedCustomer(id, position);
      if (BigInt(doc.lastPosition) >= event.globalPosition && doc.eventCount > 0) return doc; // already applied
      return evolveProjected(doc, decode(event), position, (other) => current.get(other));
    });
    if (result.ok) {
      current.set(id, result.value);
      changed.add(id);
    } else {
      parked.push({
        global_position: position,
        event_id: event.id,
        stream_name: event.streamName,
        event_type: event.type,
        error: result.error.message.slice(0, 2000),
        attempts: result.attempts,
      });
    }
  }
  const docs = [...changed].map((id) => current.get(id)!);
  if (cache !== undefined) {
    if (cache.docs.size + docs.length > CACHE_LIMIT) {
      cache.docs.clear();
      cache.complete = false;
    }
    for (const doc of docs) cache.docs.set(doc.customerId, doc);
  }
  await writeCustomerRows(tx, s, docs.map(customerRowsOf));
  const deltas = new Map<string, { key: FunnelKey; delta: number }>();
  for (const id of changed) {
    addFunnelDelta(deltas, funnelEntriesOf(before.get(id)), -1);
    addFunnelDelta(deltas, funnelEntriesOf(current.get(id)), 1);
  }
  await writeFunnelDeltas(tx, s, [...deltas.values()]);
  if (parked.length > 0) {
    await tx.query(
      `INSERT INTO ${s}.dead_letters (global_position, event_id, stream_name, event_type, error, attempts)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(global_position bigint, event_id text, stream_name text,
         event_type text, error text, attempts integer) ON CONFLICT (global_position) DO NOTHING`,
      [JSON.stringify(parked)],
    );
  }
  return { applied: relevant.length - parked.length, parked: parked.length };
};
