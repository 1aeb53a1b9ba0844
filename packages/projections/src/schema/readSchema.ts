import type { SqlExecutor } from '@leadflow/eventstore';

/** The tables of one read-model generation (one PostgreSQL schema); every row derives from the event log alone. */
const readTablesSql = (s: string): string => `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.checkpoint (
  name        text PRIMARY KEY,
  position    bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${s}.customers (
  customer_id            text PRIMARY KEY,
  status                 text NOT NULL,
  merged_into            text,
  first_position         bigint NOT NULL,
  last_position          bigint NOT NULL,
  event_count            integer NOT NULL,
  stage                  text,
  country                text,
  is_test                boolean NOT NULL,
  anonymous              boolean NOT NULL,
  unrecognized           boolean NOT NULL,
  opted_out              boolean NOT NULL,
  lead_count             integer NOT NULL,
  first_seen_at          timestamptz,
  last_activity_at       timestamptz,
  speed_to_lead_seconds  double precision,
  offers                 text[] NOT NULL,
  sources                text[] NOT NULL,
  search                 text NOT NULL,
  -- The stored document (JSON text: the runner parses it, PostgreSQL never needs to) and the API view,
  -- rendered when the customer changed, so a read by id sends it as is.
  doc                    text NOT NULL,
  view                   text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.aliases (
  alias_id     text PRIMARY KEY,
  customer_id  text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.identities (
  kind         text NOT NULL,
  value        text NOT NULL,
  customer_id  text NOT NULL,
  PRIMARY KEY (kind, value, customer_id)
);
CREATE TABLE IF NOT EXISTS ${s}.stage_history (
  customer_id  text NOT NULL,
  idx          integer NOT NULL,
  stage        text NOT NULL,
  at           timestamptz NOT NULL,
  cause        text NOT NULL,
  PRIMARY KEY (customer_id, idx)
);
CREATE TABLE IF NOT EXISTS ${s}.offers (
  customer_id    text NOT NULL,
  offer_key      text NOT NULL,
  publisher_id   text,
  offer_id       text,
  title          text,
  actions        text[] NOT NULL,
  sources        text[] NOT NULL,
  lead_count     integer NOT NULL,
  first_seen_at  timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL,
  PRIMARY KEY (customer_id, offer_key)
);
CREATE TABLE IF NOT EXISTS ${s}.tasks (
  task_id       text PRIMARY KEY,
  customer_id   text NOT NULL,
  kind          text NOT NULL,
  status        text NOT NULL,
  scheduled_at  timestamptz NOT NULL,
  due_at        timestamptz NOT NULL,
  overdue       boolean NOT NULL,
  outcome       text,
  completed_at  timestamptz,
  doc           jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.funnel_counts (
  day        date NOT NULL,
  offer      text NOT NULL,
  source     text NOT NULL,
  stage      text NOT NULL,
  customers  integer NOT NULL,
  PRIMARY KEY (day, offer, source, stage)
);
CREATE TABLE IF NOT EXISTS ${s}.dead_letters (
  global_position  bigint PRIMARY KEY,
  event_id         text NOT NULL,
  stream_name      text NOT NULL,
  event_type       text NOT NULL,
  error            text NOT NULL,
  attempts         integer NOT NULL,
  parked_at        timestamptz NOT NULL DEFAULT now()
);
`;

/** The secondary indexes (a rebuild creates them after its bulk load; primary keys stay with the tables). */
const readIndexesSql = (s: string): string => `
CREATE INDEX IF NOT EXISTS customers_list ON ${s}.customers (first_position DESC) WHERE status = 'active';
-- Cohorts read every real customer's first contact and speed-to-lead: from the index alone, not the wide rows.
CREATE INDEX IF NOT EXISTS customers_cohorts ON ${s}.customers (first_seen_at) INCLUDE (customer_id, speed_to_lead_seconds)
  WHERE status = 'active' AND NOT is_test;
CREATE INDEX IF NOT EXISTS aliases_customer ON ${s}.aliases (customer_id);
CREATE INDEX IF NOT EXISTS identities_customer ON ${s}.identities (customer_id);
CREATE INDEX IF NOT EXISTS tasks_customer ON ${s}.tasks (customer_id);
CREATE INDEX IF NOT EXISTS tasks_due ON ${s}.tasks (due_at, task_id);
CREATE INDEX IF NOT EXISTS tasks_assignee ON ${s}.tasks ((doc->>'assignee'), due_at, task_id);
`;

/** The read-model tables compared row for row between two generations (dead letters without their time). */
export const READ_TABLES = [
  'customers',
  'aliases',
  'identities',
  'stage_history',
  'offers',
  'tasks',
  'funnel_counts',
] as const;

/**
 * Creates (idempotently) the tables of a read-model generation and its checkpoint row; with
 * `indexes: false` the secondary indexes are left for `createReadIndexes` (after a bulk load).
 */
export const createReadSchema = async (
  executor: SqlExecutor,
  schema: string,
  name: string,
  options: { readonly indexes?: boolean } = {},
): Promise<void> => {
  await executor.exec(readTablesSql(schema));
  if (options.indexes !== false) await createReadIndexes(executor, schema);
  await executor.query(
    `INSERT INTO ${schema}.checkpoint (name, position) VALUES ($1, -1) ON CONFLICT (name) DO NOTHING`,
    [name],
  );
};

/** Creates (idempotently) the secondary indexes of a read-model generation. */
export const createReadIndexes = async (executor: SqlExecutor, schema: string): Promise<void> => {
  await executor.exec(readIndexesSql(schema));
};
