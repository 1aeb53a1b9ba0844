import type { SqlExecutor } from '@leadflow/eventstore';
import type { ChildRows, CustomerRows } from '../customer/customerRows';
import type { FunnelKey } from '../customer/funnelEntries';
import { runUnnestInsert, unnestInsert, type UnnestInsert } from '../rebuild/unnestInsert';
import type { DeadLetterRow } from './foldEvents';

/** The columns of a `customers` row with their SQL types (the runner's upsert and the rebuild's bulk load). */
export const CUSTOMER_COLUMNS = `customer_id text, status text, merged_into text, first_position bigint, last_position bigint,
  event_count integer, stage text, country text, is_test boolean, anonymous boolean, unrecognized boolean,
  opted_out boolean, lead_count integer, first_seen_at timestamptz, last_activity_at timestamptz,
  speed_to_lead_seconds double precision, offers text[], sources text[], search text, doc text, view text`;
const CUSTOMER_NAMES = CUSTOMER_COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]!);

const UPDATED_ON_CONFLICT = CUSTOMER_NAMES.filter((c) => c !== 'customer_id').map(
  (c) => `${c} = excluded.${c}`,
);
const UPSERT_CUSTOMER = `ON CONFLICT (customer_id) DO UPDATE SET ${UPDATED_ON_CONFLICT.join(', ')}`;

/**
 * Child tables rewritten per changed customer: delete its rows, insert the derived ones. `ownRowsOnly`:
 * the key holds the customer id, so a customer's rows never meet another's and a customer whose rows did
 * not change can be left alone (tasks and aliases move between customers on a merge: always rewritten).
 */
export const CHILD_TABLES = [
  {
    table: 'identities',
    pick: (r: ChildRows) => r.identities,
    columns: 'kind text, value text, customer_id text',
    conflict: 'ON CONFLICT DO NOTHING',
    ownRowsOnly: true,
  },
  {
    table: 'stage_history',
    pick: (r: ChildRows) => r.stageHistory,
    columns: 'customer_id text, idx integer, stage text, at timestamptz, cause text',
    conflict: '',
    ownRowsOnly: true,
  },
  {
    table: 'offers',
    pick: (r: ChildRows) => r.offers,
    columns: `customer_id text, offer_key text, publisher_id text, offer_id text, title text, actions text[],
      sources text[], lead_count integer, first_seen_at timestamptz, last_seen_at timestamptz`,
    conflict: '',
    ownRowsOnly: true,
  },
  {
    table: 'tasks',
    pick: (r: ChildRows) => r.tasks,
    columns: `task_id text, customer_id text, kind text, status text, scheduled_at timestamptz, due_at timestamptz,
      overdue boolean, outcome text, completed_at timestamptz, doc jsonb`,
    // A merged customer's tasks move to the survivor: the survivor's row wins.
    conflict: `ON CONFLICT (task_id) DO UPDATE SET customer_id = excluded.customer_id, kind = excluded.kind,
      status = excluded.status, scheduled_at = excluded.scheduled_at, due_at = excluded.due_at,
      overdue = excluded.overdue, outcome = excluded.outcome, completed_at = excluded.completed_at, doc = excluded.doc`,
    ownRowsOnly: false,
  },
  {
    table: 'aliases',
    pick: (r: ChildRows) => r.aliases,
    columns: 'alias_id text, customer_id text',
    conflict: 'ON CONFLICT (alias_id) DO UPDATE SET customer_id = excluded.customer_id',
    ownRowsOnly: false,
  },
] as const;

interface LiveStatements {
  readonly customers: UnnestInsert;
  readonly children: ReadonlyArray<UnnestInsert>;
}

// The statements of the few schemas a process writes over its life (one per rebuild), built once each.
const liveStatements = new Map<string, LiveStatements>();
const statementsFor = (s: string): LiveStatements => {
  let statements = liveStatements.get(s);
  if (statements === undefined) {
    if (liveStatements.size >= 8) liveStatements.clear();
    statements = {
      customers: unnestInsert(s, 'customers', CUSTOMER_COLUMNS, {
        conflict: UPSERT_CUSTOMER,
        jsonText: ['doc', 'view'],
      }),
      children: CHILD_TABLES.map((c) => unnestInsert(s, c.table, c.columns, { conflict: c.conflict })),
    };
    liveStatements.set(s, statements);
  }
  return statements;
};

const sameRows = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): boolean =>
  a.length === b.length && (a.length === 0 || JSON.stringify(a) === JSON.stringify(b));

/**
 * Writes the rows of the changed customers with at most a fixed number of statements, whatever the batch
 * size. Rows travel as one joined text per column (`unnestInsert`, as the rebuild's bulk load): the
 * documents inside a jsonb parameter cost PostgreSQL a JSON unescape of every quote they hold.
 * `previous` holds each customer's child rows as the read model has them (absent: none); in the tables
 * keyed by customer, only customers whose rows differ are deleted and inserted (an event that touches
 * tasks alone, the common case, rewrites no identity, stage or offer row), and a statement with nothing
 * to do is not sent.
 */
export const writeCustomerRows = async (
  tx: SqlExecutor,
  s: string,
  rows: ReadonlyArray<CustomerRows>,
  previous: ReadonlyMap<string, ChildRows>,
): Promise<void> => {
  if (rows.length === 0) return;
  const statements = statementsFor(s);
  await runUnnestInsert(
    tx,
    statements.customers,
    rows.map((r) => r.customer),
  );
  for (const [i, child] of CHILD_TABLES.entries()) {
    const deleted: string[] = [];
    const inserted: Array<Record<string, unknown>> = [];
    for (const r of rows) {
      const id = r.customer.customer_id as string;
      const now = child.pick(r) as ReadonlyArray<Record<string, unknown>>;
      const before = previous.get(id);
      const was = before === undefined ? [] : (child.pick(before) as ReadonlyArray<unknown>);
      if (child.ownRowsOnly && sameRows(was, now)) continue;
      if (!child.ownRowsOnly || was.length > 0) deleted.push(id);
      inserted.push(...now);
    }
    if (deleted.length > 0)
      await tx.query(`DELETE FROM ${s}.${child.table} WHERE customer_id = ANY($1::text[])`, [deleted]);
    await runUnnestInsert(tx, statements.children[i]!, inserted);
  }
};

/** Adds the batch's funnel deltas to the counters and drops cells that fell to zero (so rebuilds match row for row). */
export const writeFunnelDeltas = async (
  tx: SqlExecutor,
  s: string,
  deltas: ReadonlyArray<{ key: FunnelKey; delta: number }>,
): Promise<void> => {
  const nonZero = deltas.filter((d) => d.delta !== 0).map((d) => ({ ...d.key, customers: d.delta }));
  if (nonZero.length === 0) return;
  const json = JSON.stringify(nonZero);
  await tx.query(
    `INSERT INTO ${s}.funnel_counts (day, offer, source, stage, customers)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(day date, offer text, source text, stage text, customers integer)
     ON CONFLICT (day, offer, source, stage) DO UPDATE SET customers = ${s}.funnel_counts.customers + excluded.customers`,
    [json],
  );
  await tx.query(
    `DELETE FROM ${s}.funnel_counts f USING jsonb_to_recordset($1::jsonb) AS x(day date, offer text, source text, stage text)
      WHERE f.day = x.day AND f.offer = x.offer AND f.source = x.source AND f.stage = x.stage AND f.customers = 0`,
    [json],
  );
};

/** Parks poison events in `dead_letters` (an event parked before stays as it was). */
export const insertDeadLetters = async (
  tx: SqlExecutor,
  s: string,
  parked: ReadonlyArray<DeadLetterRow>,
): Promise<void> => {
  if (parked.length === 0) return;
  await tx.query(
    `INSERT INTO ${s}.dead_letters (global_position, event_id, stream_name, event_type, error, attempts)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(global_position bigint, event_id text, stream_name text,
       event_type text, error text, attempts integer) ON CONFLICT (global_position) DO NOTHING`,
    [JSON.stringify(parked)],
  );
};
