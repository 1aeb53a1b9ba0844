/**
 * The tables of personal-data protection, beside the write side's in the event store's schema (with
 * KurrentDB: in PostgreSQL): the customers' data keys wrapped by the master key, the wrapped index
 * key, and the erasure requests. Nothing here is personal: key ids are customer ids.
 */
export const privacyTablesSql = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.pd_keys (
  key_id        text PRIMARY KEY,
  wrapped       bytea,
  created_at    timestamptz NOT NULL DEFAULT now(),
  destroyed_at  timestamptz
);
CREATE TABLE IF NOT EXISTS ${s}.pd_meta (
  name   text PRIMARY KEY,
  value  bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.pd_erasures (
  erasure_id    uuid PRIMARY KEY,
  customer_id   text NOT NULL UNIQUE,
  reason        text NOT NULL,
  status        text NOT NULL,
  requested_at  timestamptz NOT NULL,
  finished_at   timestamptz,
  removed       jsonb
);`;
