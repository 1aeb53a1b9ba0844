import type { SqlExecutor } from '@leadflow/eventstore';
import { customerRowsOf, type CustomerRows } from '../customer/customerRows';
import { addFunnelDelta, funnelEntriesOf, type FunnelKey } from '../customer/funnelEntries';
import type { ProjectedCustomer } from '../customer/projectedCustomer';
import type { DeadLetterRow } from '../runner/foldEvents';
import { CHILD_TABLES, CUSTOMER_COLUMNS, insertDeadLetters } from '../runner/writeRows';
import { runUnnestInsert, unnestInsert, type UnnestInsert } from './unnestInsert';

/** Customers per bulk-load transaction (default of `bulkLoadReadModel`). */
export const DEFAULT_LOAD_CHUNK = 2000;

/** Chunks written at once (on separate connections where the executor has a pool). */
const IN_FLIGHT = 2;

interface Statements {
  readonly customers: UnnestInsert;
  readonly children: ReadonlyArray<{
    readonly insert: UnnestInsert;
    readonly pick: (r: CustomerRows) => unknown;
  }>;
  readonly funnel: UnnestInsert;
}

const statementsFor = (s: string): Statements => ({
  customers: unnestInsert(s, 'customers', CUSTOMER_COLUMNS, { jsonText: ['doc', 'view'] }),
  // Same conflict clauses as the runner's writes, so a duplicate key resolves the same way.
  children: CHILD_TABLES.map((c) => ({
    insert: unnestInsert(s, c.table, c.columns, { conflict: c.conflict }),
    pick: c.pick,
  })),
  funnel: unnestInsert(
    s,
    'funnel_counts',
    'day date, offer text, source text, stage text, customers integer',
  ),
});

/** One chunk's statements with their parameters, derived while earlier chunks are being written. */
type Prepared = ReadonlyArray<{ readonly sql: string; readonly params: unknown[] }>;

const prepareChunk = (statements: Statements, docs: ReadonlyArray<ProjectedCustomer>): Prepared => {
  const rows = docs.map(customerRowsOf);
  const prepared = [statements.customers.statement(rows.map((r) => r.customer))];
  for (const child of statements.children) {
    const derived = rows.flatMap((r) => child.pick(r) as ReadonlyArray<Record<string, unknown>>);
    if (derived.length > 0) prepared.push(child.insert.statement(derived));
  }
  return prepared;
};

/** Whether the server compresses with lz4 (PostgreSQL built with it; not PGlite): much cheaper than pglz for the documents. */
const supportsLz4 = async (executor: SqlExecutor): Promise<boolean> => {
  const rows = await executor.query<{ lz4: boolean }>(
    `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
  );
  return rows[0]?.lz4 === true;
};

const writeChunk = (executor: SqlExecutor, prepared: Prepared, lz4: boolean): Promise<void> =>
  executor.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = off');
    if (lz4) await tx.query(`SET LOCAL default_toast_compression = 'lz4'`);
    for (const { sql, params } of prepared) await tx.query(sql, params);
  });

/** Writes customers' rows into an empty read schema as they are handed over (see `createBulkLoader`). */
export interface BulkLoader {
  /** Queues customers; resolves once they are derived and their write has started (back-pressure). */
  add(docs: Iterable<ProjectedCustomer>): Promise<void>;
  /** Writes what is queued and waits for every write. */
  finish(): Promise<void>;
}

/**
 * A loader of customers' rows into an empty read schema `s`: plain multi-row inserts (`unnest` of one
 * parameter per column) of `chunk` customers per transaction, up to two chunks written at once while the
 * next ones are derived. The rows are those the runner writes for the same documents; each customer must
 * be added once (the tables are empty: nothing is upserted).
 */
export const createBulkLoader = async (
  executor: SqlExecutor,
  s: string,
  chunk = DEFAULT_LOAD_CHUNK,
): Promise<BulkLoader> => {
  const statements = statementsFor(s);
  const lz4 = await supportsLz4(executor);
  const writing = new Set<Promise<void>>();
  let failed: unknown;
  let batch: ProjectedCustomer[] = [];
  const flush = async () => {
    const prepared = prepareChunk(statements, batch);
    batch = [];
    while (writing.size >= IN_FLIGHT) await Promise.race(writing);
    if (failed !== undefined) throw failed;
    const write: Promise<void> = writeChunk(executor, prepared, lz4)
      .catch((error: unknown) => {
        failed ??= error;
      })
      .finally(() => writing.delete(write));
    writing.add(write);
    // Let the write go out before the next chunk is derived.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    add: async (docs) => {
      for (const doc of docs) {
        batch.push(doc);
        if (batch.length >= chunk) await flush();
      }
    },
    finish: async () => {
      if (batch.length > 0) await flush();
      await Promise.all(writing);
      if (failed !== undefined) throw failed;
    },
  };
};

/** Writes the funnel counters (summed over every customer's final document) and the dead letters. */
export const loadFunnelAndDeadLetters = async (
  executor: SqlExecutor,
  s: string,
  docs: Iterable<ProjectedCustomer>,
  parked: ReadonlyArray<DeadLetterRow>,
): Promise<void> => {
  const funnel = new Map<string, { key: FunnelKey; delta: number }>();
  for (const doc of docs) addFunnelDelta(funnel, funnelEntriesOf(doc), 1);
  const insert = statementsFor(s).funnel;
  await executor.transaction(async (tx) => {
    const cells = [...funnel.values()].map(({ key, delta }) => ({ ...key, customers: delta }));
    await runUnnestInsert(tx, insert, cells);
    await insertDeadLetters(tx, s, parked);
  });
};

/**
 * Deletes the rows of customers already loaded whose documents changed since (their customer row and
 * every child row they own, as the runner's rewrite does), so the loader can write them again.
 */
export const deleteCustomers = async (
  executor: SqlExecutor,
  s: string,
  ids: ReadonlyArray<string>,
): Promise<void> => {
  if (ids.length === 0) return;
  await executor.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = off');
    for (const table of ['customers', ...CHILD_TABLES.map((c) => c.table)])
      await tx.query(`DELETE FROM ${s}.${table} WHERE customer_id = ANY($1::text[])`, [ids]);
  });
};
