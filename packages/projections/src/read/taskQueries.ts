import type { SqlExecutor } from '@leadflow/eventstore';
import { decodeCursor, encodeCursor, type Page } from './cursor';

/** Filters of `GET /v1/tasks`. */
export interface TaskFilter {
  readonly status?: string;
  readonly kind?: string;
  readonly customerId?: string;
  readonly dueBefore?: string;
  readonly overdue?: boolean;
  /** Tasks assigned to this rep. */
  readonly assignee?: string;
  /** true: tasks with no assignee; false: assigned tasks. */
  readonly unassigned?: boolean;
  /** Overdue tasks escalated to this manager (a rep id). */
  readonly escalatedTo?: string;
  readonly atRisk?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * One customer's tasks ($5, or its survivor when it was merged), found through the customer index
 * whatever the statistics said when the plan was made (OFFSET 0 keeps the subquery apart, so a generic
 * plan cannot walk the due-time index instead). It is the customer filter: the outer query has none.
 * Without a customer, $5 is null and the outer query only names it (so the parameter keeps its type).
 */
const customerTasks = (s: string) =>
  `(SELECT * FROM ${s}.tasks t
     WHERE t.customer_id = COALESCE((SELECT a.customer_id FROM ${s}.aliases a WHERE a.alias_id = $5), $5)
    OFFSET 0) t`;

// The due time as the page key is written (to_char below): a cursor holding anything else is not ours.
const DUE_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const isDueKey = (text: string): boolean => {
  if (!DUE_KEY.test(text) || text.startsWith('0000')) return false;
  const time = new Date(text);
  // A calendar-impossible key (Feb 30) parses to another day; only a round trip proves it real.
  return !Number.isNaN(time.getTime()) && time.toISOString().slice(0, 23) === text.slice(0, 23);
};

/** Tasks by due time then id (both immutable, so pages are stable); a merged customer id lists its survivor's tasks. */
export const listTasks = async (
  executor: SqlExecutor,
  s: string,
  filter: TaskFilter,
): Promise<Page<unknown> | null> => {
  const after = filter.cursor === undefined ? null : decodeCursor(filter.cursor, 2);
  if (filter.cursor !== undefined && (after === null || !isDueKey(after[0]!))) return null;
  const byCustomer = filter.customerId !== undefined;
  const rows = await executor.query<{ due: string; task_id: string; doc: unknown }>(
    `SELECT to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS due, t.task_id, t.doc
       FROM ${byCustomer ? customerTasks(s) : `${s}.tasks t`}
      WHERE ($1::timestamptz IS NULL OR (t.due_at, t.task_id) > ($1::timestamptz, $2::text))
        AND ($3::text IS NULL OR t.status = $3)
        AND ($4::text IS NULL OR t.kind = $4)
        ${byCustomer ? '' : 'AND $5::text IS NULL'}
        AND ($6::timestamptz IS NULL OR t.due_at < $6::timestamptz)
        AND ($7::boolean IS NULL OR t.overdue = $7)
        AND ($9::text IS NULL OR t.doc->>'assignee' = $9)
        AND ($10::boolean IS NULL OR (t.doc->>'assignee' IS NULL) = $10)
        AND ($11::text IS NULL OR t.doc->>'escalatedTo' = $11)
        AND ($12::boolean IS NULL OR COALESCE((t.doc->>'atRisk')::boolean, false) = $12)
      ORDER BY t.due_at, t.task_id LIMIT $8`,
    [
      after?.[0] ?? null,
      after?.[1] ?? null,
      filter.status ?? null,
      filter.kind ?? null,
      filter.customerId ?? null,
      filter.dueBefore ?? null,
      filter.overdue ?? null,
      filter.limit + 1,
      filter.assignee ?? null,
      filter.unassigned ?? null,
      filter.escalatedTo ?? null,
      filter.atRisk ?? null,
    ],
    // One customer's tasks (CRM integrations poll them) are the common read: kept planned per connection.
    { prepare: byCustomer },
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => r.doc),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.due, last.task_id]) : null,
  };
};
