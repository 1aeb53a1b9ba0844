import type { SqlExecutor } from '@leadflow/eventstore';
import { customerListItem } from '../customer/customerView';
import type { ProjectedCustomer } from '../customer/projectedCustomer';
import { decodePositionCursor, encodeCursor, type Page } from './cursor';
import { likeEscaped } from './likePattern';

/** Filters of `GET /v1/customers`. */
export interface CustomerFilter {
  readonly stage?: string;
  readonly offer?: string;
  readonly source?: string;
  readonly country?: string;
  readonly q?: string;
  /** Customers owned by this rep. */
  readonly owner?: string;
  readonly includeTest: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

/** A customer answer (its view as JSON text) with its version (the global position of its last event) for ETags. */
export interface VersionedCustomer {
  readonly id: string;
  readonly viewJson: string;
  readonly version: string;
  /** The id asked for when it was a merged alias. */
  readonly resolvedFrom: string | null;
}

const MAX_HOPS = 8;

/** The customer by id; a merged id answers with its survivor (through the alias table, then merged_into hops). */
export const getCustomer = async (
  executor: SqlExecutor,
  s: string,
  id: string,
): Promise<VersionedCustomer | null> => {
  let target = id;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const rows = await executor.query<{
      id: string;
      status: string;
      merged_into: string | null;
      v: string;
      view: string;
    }>(
      `SELECT c.customer_id AS id, c.status, c.merged_into, c.last_position::text AS v, c.view FROM ${s}.customers c
        WHERE c.customer_id = COALESCE((SELECT a.customer_id FROM ${s}.aliases a WHERE a.alias_id = $1), $1)`,
      [target],
      // The hottest read: two primary-key lookups, planned once per connection.
      { prepare: true },
    );
    const row = rows[0];
    if (row === undefined) return null;
    if (row.status !== 'merged' || row.merged_into === null)
      return { id: row.id, viewJson: row.view, version: row.v, resolvedFrom: row.id === id ? null : id };
    target = row.merged_into;
  }
  return null;
};

/** Customers newest first, keyed by the immutable position of their first event (stable while leads arrive). */
export const listCustomers = async (executor: SqlExecutor, s: string, filter: CustomerFilter) => {
  const after = filter.cursor === undefined ? null : decodePositionCursor(filter.cursor);
  if (after === null && filter.cursor !== undefined) return null;
  const rows = await executor.query<{ p: string; doc: string }>(
    `SELECT c.first_position::text AS p, c.doc FROM ${s}.customers c
      WHERE c.status = 'active'
        AND ($1::bigint IS NULL OR c.first_position < $1::bigint)
        AND ($2::text IS NULL OR c.stage = $2)
        AND ($3::text IS NULL OR $3 = ANY (c.offers))
        AND ($4::text IS NULL OR $4 = ANY (c.sources))
        AND ($5::text IS NULL OR c.country = upper($5))
        AND ($6::text IS NULL OR c.search LIKE '%' || $6 || '%')
        AND ($7::boolean OR NOT c.is_test)
        AND ($9::text IS NULL OR c.view::jsonb->>'owner' = $9)
      ORDER BY c.first_position DESC LIMIT $8`,
    [
      after,
      filter.stage ?? null,
      filter.offer ?? null,
      filter.source ?? null,
      filter.country ?? null,
      filter.q === undefined ? null : likeEscaped(filter.q.toLowerCase()),
      filter.includeTest,
      filter.limit + 1,
      filter.owner ?? null,
    ],
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const result: Page<ReturnType<typeof customerListItem>> = {
    items: page.map((r) => customerListItem(JSON.parse(r.doc) as ProjectedCustomer)),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.p]) : null,
  };
  return result;
};
