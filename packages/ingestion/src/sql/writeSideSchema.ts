/**
 * The write side's own tables, beside the event store's in the same schema, so the identity index,
 * the dedup keys and the lead directory change in the same transaction as the append and can never
 * disagree with the streams. All of it can be rebuilt from the streams (rebuildWriteSide.ts).
 */
export const writeSideMigrations: ReadonlyArray<{ version: number; sql: (s: string) => string }> = [
  {
    version: 1,
    sql: (s) => `
CREATE TABLE IF NOT EXISTS ${s}.ws_customers (
  customer_id  text PRIMARY KEY,
  created_at   timestamptz NOT NULL,
  seq          bigserial,
  summary      jsonb NOT NULL,
  merged_into  text
);
CREATE TABLE IF NOT EXISTS ${s}.ws_identity_keys (
  key          text NOT NULL,
  customer_id  text NOT NULL,
  PRIMARY KEY (key, customer_id)
);
CREATE INDEX IF NOT EXISTS ws_identity_keys_customer ON ${s}.ws_identity_keys (customer_id);
CREATE TABLE IF NOT EXISTS ${s}.ws_dedup_keys (
  dedup_key    text PRIMARY KEY,
  lead_id      uuid NOT NULL,
  received_at  timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.ws_leads (
  lead_id         uuid PRIMARY KEY,
  customer_id     text NOT NULL,
  stream_name     text NOT NULL,
  received_at     timestamptz NOT NULL,
  unrecognized    boolean NOT NULL,
  seq             bigserial
);
CREATE INDEX IF NOT EXISTS ws_leads_unrecognized ON ${s}.ws_leads (seq) WHERE unrecognized;
CREATE TABLE IF NOT EXISTS ${s}.ws_rejected_leads (
  seq             bigserial PRIMARY KEY,
  rejection_id    uuid NOT NULL UNIQUE,
  received_at     timestamptz NOT NULL,
  channel         text NOT NULL,
  status          int NOT NULL,
  reason          text NOT NULL,
  errors          jsonb NOT NULL,
  body            text NOT NULL,
  body_truncated  boolean NOT NULL,
  correlation_id  text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.ws_counters (
  name   text PRIMARY KEY,
  value  bigint NOT NULL
);`,
  },
  {
    // The content hash of the delivery holding a dedup key: an Idempotency-Key sent again with another
    // body is refused instead of answered as a duplicate. Null for keys claimed before it was recorded.
    version: 2,
    sql: (s) => `ALTER TABLE ${s}.ws_dedup_keys ADD COLUMN IF NOT EXISTS content_hash text;`,
  },
];
