import type { SqlEventStore } from '@leadflow/eventstore';

/**
 * The routing tables beside the events (in the event store's schema, also with KurrentDB):
 * - `routing_reps`: each rep's folded state with its stream revision (a newer revision wins);
 * - `routing_cursors`: per round-robin pool, the rep that got its last task;
 * - `routing_tasks`: per task, the rep routing chose for it (null: nobody available yet) and whether
 *   it is still open; the open rows are the reps' loads that capacity is checked against.
 * Routing decisions are made in batches under one lock, the `default` cursor row (created here, so it
 * always exists): two consumers never route one task twice nor past a rep's capacity, and a batch
 * costs a lock, one read and one write whatever its size.
 */
export const createRoutingTables = async (store: SqlEventStore): Promise<void> => {
  const s = store.schema;
  await store.executor.exec(`
    CREATE TABLE IF NOT EXISTS ${s}.routing_reps (
      rep_id text PRIMARY KEY, revision bigint NOT NULL, doc jsonb NOT NULL);
    CREATE TABLE IF NOT EXISTS ${s}.routing_cursors (
      pool text PRIMARY KEY, last_rep text);
    CREATE TABLE IF NOT EXISTS ${s}.routing_tasks (
      task_id text PRIMARY KEY, customer_id text NOT NULL, rep_id text, open boolean NOT NULL,
      rule text, pool text, routed_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX IF NOT EXISTS routing_tasks_open_rep ON ${s}.routing_tasks (rep_id) WHERE open;
    INSERT INTO ${s}.routing_cursors (pool, last_rep) VALUES ('default', NULL) ON CONFLICT DO NOTHING;
  `);
};
