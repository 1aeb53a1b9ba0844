import type { RecordedEvent, SqlExecutor } from '@leadflow/eventstore';
import { childRowsOf, customerRowsOf, type ChildRows } from '../customer/customerRows';
import { addFunnelDelta, funnelEntriesOf, type FunnelKey } from '../customer/funnelEntries';
import type { ProjectedCustomer } from '../customer/projectedCustomer';
import { customerIdOf, foldEvents, STREAM_PREFIX, type ApplyOptions, type DeadLetterRow } from './foldEvents';
import { insertDeadLetters, writeCustomerRows, writeFunnelDeltas } from './writeRows';

export type { ApplyOptions } from './foldEvents';

/**
 * Documents kept in memory across batches by a rebuild (the only writer of its schema): while `complete`,
 * a customer missing from it does not exist in the schema yet, so nothing is loaded.
 */
export interface DocCache {
  readonly docs: Map<string, ProjectedCustomer>;
  complete: boolean;
  /** Past this many documents the cache is emptied and customers are loaded from the schema again (default 250,000). */
  readonly limit?: number;
}

const CACHE_LIMIT = 250_000;

/** What a batch did: how many events were applied and which were parked as dead letters. */
export interface BatchOutcome {
  readonly applied: number;
  readonly parked: number;
}

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
  const parked: DeadLetterRow[] = [];
  await foldEvents(relevant, current, options, (id) => changed.add(id), parked);
  const docs = [...changed].map((id) => current.get(id)!);
  if (cache !== undefined) {
    if (cache.docs.size + docs.length > (cache.limit ?? CACHE_LIMIT)) {
      cache.docs.clear();
      cache.complete = false;
    }
    for (const doc of docs) cache.docs.set(doc.customerId, doc);
  }
  // Each changed customer's child rows as the read model holds them now (derived from its document).
  const previous = new Map<string, ChildRows>();
  for (const id of changed) {
    const doc = before.get(id);
    if (doc !== undefined) previous.set(id, childRowsOf(doc));
  }
  await writeCustomerRows(tx, s, docs.map(customerRowsOf), previous);
  const deltas = new Map<string, { key: FunnelKey; delta: number }>();
  for (const id of changed) {
    addFunnelDelta(deltas, funnelEntriesOf(before.get(id)), -1);
    addFunnelDelta(deltas, funnelEntriesOf(current.get(id)), 1);
  }
  await writeFunnelDeltas(tx, s, [...deltas.values()]);
  await insertDeadLetters(tx, s, parked);
  return { applied: relevant.length - parked.length, parked: parked.length };
};
