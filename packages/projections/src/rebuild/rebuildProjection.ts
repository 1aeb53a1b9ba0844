import type { SqlEventStore } from '@leadflow/eventstore';
import { createReadIndexes, createReadSchema } from '../schema/readSchema';
import {
  ensureReadModel,
  generationSchema,
  highestGeneration,
  liveSchemaOf,
  switchLiveSchema,
  type ReadModelLocation,
} from '../schema/pointer';
import { applyBatch, type ApplyOptions, type DocCache } from '../runner/applyBatch';
import { applyInTransaction } from '../runner/applyInTransaction';
import { writeCheckpoint } from '../runner/checkpoint';
import { DEFAULT_RETRY } from '../runner/retryPolicy';
import { createBulkLoader, DEFAULT_LOAD_CHUNK, deleteCustomers, loadFunnelAndDeadLetters } from './bulkLoad';
import { foldLog } from './foldLog';
import { customerEventTotal, customerEventsAfter } from './readEventsAfter';

/** Customers a rebuild folds in memory before it writes them and goes on with batch apply (its memory bound). */
export const DEFAULT_FOLD_CUSTOMERS = 500_000;

/** The steps of a rebuild, in order. */
export type RebuildStep = 'fold' | 'load' | 'index' | 'rewrite' | 'catch-up' | 'switch';

export interface RebuildOptions {
  readonly store: SqlEventStore;
  readonly location: ReadModelLocation;
  /** Events per transaction (default 2000). */
  readonly batchSize?: number;
  readonly apply?: Partial<ApplyOptions>;
  /** Called after each batch with events done and the total at start. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Memory bound: customers folded in memory (default 500,000); past it the folded rows are written and
   * the rest of the log is applied batch by batch (documents then loaded from the schema).
   */
  readonly maxCustomers?: number;
  /** Customers per bulk-load transaction (default 2000). */
  readonly loadChunk?: number;
  /** Called at the end of each step (see `RebuildStep`) with its duration in ms. */
  readonly onStep?: (step: RebuildStep, ms: number) => void;
  /** Build the new generation but do not switch to it (tests compare it with the live one). */
  readonly switchLive?: boolean;
}

export interface RebuildResult {
  readonly schema: string;
  readonly previous: string;
  readonly events: number;
  readonly seconds: number;
}

/** Drops generations other than the live one and the one being built (the previous live stays until the next rebuild). */
const dropOldGenerations = async (store: SqlEventStore, base: string, keep: ReadonlyArray<string>) => {
  const rows = await store.executor.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
    [`${base}\\_g%`],
  );
  for (const { nspname } of rows)
    if (!keep.includes(nspname) && /^[a-z0-9_]+$/.test(nspname))
      await store.executor.exec(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
};

/**
 * Builds the read models into a new generation schema from position 0 while the live one keeps serving,
 * then, holding the pointer row, applies the last events and switches the pointer in one transaction.
 */
export const rebuildProjection = async (options: RebuildOptions): Promise<RebuildResult> => {
  const { store, location } = options;
  const started = Date.now();
  const batchSize = options.batchSize ?? 2000;
  const apply: ApplyOptions = { retry: DEFAULT_RETRY, ...options.apply };
  const previous = await ensureReadModel(store.executor, location);
  const generation = (await highestGeneration(store.executor, location.base)) + 1;
  const schema = generationSchema(location.base, generation);
  await dropOldGenerations(store, location.base, [previous]);
  await createReadSchema(store.executor, schema, location.name, { indexes: false });
  const total = await customerEventTotal(store);
  const maxCustomers = options.maxCustomers ?? DEFAULT_FOLD_CUSTOMERS;
  let stepStart = Date.now();
  const step = (name: RebuildStep) => {
    const now = Date.now();
    options.onStep?.(name, now - stepStart);
    stepStart = now;
  };
  // The target is empty: fold the log in memory; customers that stay unchanged for a while are written
  // (plain inserts, no upserts) while the fold goes on, the others once it is done; indexes afterwards.
  const loader = await createBulkLoader(store.executor, schema, options.loadChunk ?? DEFAULT_LOAD_CHUNK);
  const folded = await foldLog({
    store,
    pageSize: batchSize,
    maxCustomers,
    apply,
    onProgress: (events) => options.onProgress?.(events, Math.max(total, events)),
    onCold: (docs) => loader.add(docs),
  });
  step('fold');
  await loader.add(folded.unwritten.map((id) => folded.docs.get(id)!));
  await loader.finish();
  step('load');
  await createReadIndexes(store.executor, schema);
  step('index');
  // Written early, changed later (a merge, a late lead): their rows are deleted and written again.
  const again = [...folded.changedAfterWrite];
  await deleteCustomers(store.executor, schema, again);
  const reloader = await createBulkLoader(store.executor, schema, options.loadChunk ?? DEFAULT_LOAD_CHUNK);
  await reloader.add(again.map((id) => folded.docs.get(id)!));
  await reloader.finish();
  await loadFunnelAndDeadLetters(store.executor, schema, folded.docs.values(), folded.parked);
  step('rewrite');
  let position = folded.position;
  if (position !== 'start') await writeCheckpoint(store.executor, schema, location.name, position);
  let done = folded.events;
  // The schema holds exactly the folded documents: they are the batch apply's complete cache (bounded alike).
  const cache: DocCache = { docs: folded.docs, complete: true, limit: maxCustomers };
  // Events appended meanwhile, or past the memory bound: batches, the next page read while one is applied.
  let page = customerEventsAfter(store, store.executor, position, batchSize);
  for (;;) {
    const events = await page;
    const last = events[events.length - 1];
    if (last === undefined) break;
    page = customerEventsAfter(store, store.executor, last.globalPosition, batchSize);
    const result = await applyInTransaction(store.executor, {
      schema,
      location,
      follow: false,
      expected: position,
      events,
      options: apply,
      cache,
    });
    if (result.kind !== 'applied') throw new Error(`rebuild of ${schema} interrupted: ${result.kind}`);
    position = result.position;
    done += events.length;
    options.onProgress?.(done, Math.max(total, done));
  }
  step('catch-up');
  if (options.switchLive !== false) {
    done += await store.executor.transaction(async (tx) => {
      await liveSchemaOf(tx, location, 'FOR UPDATE');
      let tail = 0;
      for (;;) {
        const events = await customerEventsAfter(store, tx, position, batchSize);
        const last = events[events.length - 1];
        if (last === undefined) break;
        await applyBatch(tx, schema, events, apply, cache);
        await writeCheckpoint(tx, schema, location.name, last.globalPosition);
        position = last.globalPosition;
        tail += events.length;
      }
      await switchLiveSchema(tx, location, schema, generation);
      return tail;
    });
    step('switch');
  }
  return { schema, previous, events: done, seconds: (Date.now() - started) / 1000 };
};
