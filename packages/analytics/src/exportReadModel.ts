import type { SqlExecutor } from '@leadflow/eventstore';
import { CUSTOMER_COLUMNS, TASK_COLUMNS, type Row } from './columns';
import type { ExportFilter } from './exportFilter';
import { DEFAULT_PAGE_SIZE, type PreparedExport } from './preparedExport';

/** Where a read-model export reads: the database and the live read-model schema. */
export interface ReadModelSource {
  readonly executor: SqlExecutor;
  readonly readSchema: string;
}

const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value));

/** The log position the read model has applied: the snapshot a read-model export is bound to. */
const checkpointOf = async (source: ReadModelSource): Promise<bigint> => {
  const [row] = await source.executor.query<{ p: string | null }>(
    `SELECT max(position)::text AS p FROM ${source.readSchema}.checkpoint`,
  );
  return row?.p == null ? 0n : BigInt(row.p);
};

/** The filter's values as statement parameters $3.. (shared by both read-model datasets). */
const filterParams = (filter: ExportFilter) => [
  filter.from ?? null,
  filter.until ?? null,
  filter.offer ?? null,
  filter.source ?? null,
];

interface CustomerRecord {
  customer_id: string;
  status: string;
  merged_into: string | null;
  stage: string | null;
  country: string | null;
  is_test: boolean;
  anonymous: boolean;
  unrecognized: boolean;
  opted_out: boolean;
  lead_count: number;
  event_count: number;
  first_seen_at: Date | string | null;
  last_activity_at: Date | string | null;
  speed_to_lead_seconds: number | null;
  offers: string[];
  sources: string[];
  first_position: string;
  last_position: string;
}

interface TaskRecord {
  task_id: string;
  customer_id: string;
  kind: string;
  status: string;
  scheduled_at: Date | string;
  due_at: Date | string;
  overdue: boolean;
  outcome: string | null;
  completed_at: Date | string | null;
  last_position: string;
}

// Customers that changed in (after, head]: a customer changing during the export moves past head and
// comes with the next incremental export instead of being read half-way.
const customersSql = (s: string) => `
  SELECT c.customer_id, c.status, c.merged_into, c.stage, c.country, c.is_test, c.anonymous, c.unrecognized,
         c.opted_out, c.lead_count, c.event_count, c.first_seen_at, c.last_activity_at, c.speed_to_lead_seconds,
         c.offers, c.sources, c.first_position::text AS first_position, c.last_position::text AS last_position
    FROM ${s}.customers c
   WHERE c.customer_id > $1 AND c.last_position > $2::bigint AND c.last_position <= $3::bigint
     AND ($4::timestamptz IS NULL OR c.first_seen_at >= $4::timestamptz)
     AND ($5::timestamptz IS NULL OR c.first_seen_at < $5::timestamptz)
     AND ($6::text IS NULL OR $6 = ANY (c.offers))
     AND ($7::text IS NULL OR $7 = ANY (c.sources))
   ORDER BY c.customer_id LIMIT $8`;

const tasksSql = (s: string) => `
  SELECT t.task_id, t.customer_id, t.kind, t.status, t.scheduled_at, t.due_at, t.overdue, t.outcome,
         t.completed_at, c.last_position::text AS last_position
    FROM ${s}.tasks t JOIN ${s}.customers c ON c.customer_id = t.customer_id
   WHERE t.task_id > $1 AND c.last_position > $2::bigint AND c.last_position <= $3::bigint
     AND ($4::timestamptz IS NULL OR t.scheduled_at >= $4::timestamptz)
     AND ($5::timestamptz IS NULL OR t.scheduled_at < $5::timestamptz)
     AND ($6::text IS NULL OR $6 = ANY (c.offers))
     AND ($7::text IS NULL OR $7 = ANY (c.sources))
   ORDER BY t.task_id LIMIT $8`;

const customerRow = (r: CustomerRecord): Row => [
  r.customer_id,
  r.status,
  r.merged_into,
  r.stage,
  r.country,
  r.is_test,
  r.anonymous,
  r.unrecognized,
  r.opted_out,
  r.lead_count,
  r.event_count,
  toDate(r.first_seen_at),
  toDate(r.last_activity_at),
  r.speed_to_lead_seconds,
  JSON.stringify(r.offers),
  JSON.stringify(r.sources),
  BigInt(r.first_position),
  BigInt(r.last_position),
  null,
];

const taskRow = (r: TaskRecord): Row => [
  r.task_id,
  r.customer_id,
  r.kind,
  r.status,
  toDate(r.scheduled_at),
  toDate(r.due_at),
  r.overdue,
  r.outcome,
  toDate(r.completed_at),
  BigInt(r.last_position),
  null,
];

/**
 * Prepares an export of the customers or tasks read model: rows whose customer changed after
 * `filter.afterPosition` up to the read model's checkpoint now, paged by key.
 */
export const prepareReadModelExport = async (
  source: ReadModelSource,
  dataset: 'customers' | 'tasks',
  filter: ExportFilter,
  options: { readonly pageSize?: number } = {},
): Promise<PreparedExport> => {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const after = filter.afterPosition ?? 0n;
  const checkpoint = await checkpointOf(source);
  const head = checkpoint > after ? checkpoint : after;
  const s = source.readSchema;
  const [counted] = await source.executor.query<{ n: number }>(
    dataset === 'customers'
      ? `SELECT count(*)::int AS n FROM ${s}.customers WHERE last_position > $1::bigint AND last_position <= $2::bigint`
      : `SELECT count(*)::int AS n FROM ${s}.tasks t JOIN ${s}.customers c ON c.customer_id = t.customer_id
          WHERE c.last_position > $1::bigint AND c.last_position <= $2::bigint`,
    [after.toString(), head.toString()],
  );
  let written = 0;
  const columns = dataset === 'customers' ? CUSTOMER_COLUMNS : TASK_COLUMNS;

  async function* chunks(writer: Parameters<PreparedExport['chunks']>[0], onProgress?: (n: number) => void) {
    let cursor = '';
    for (;;) {
      const params = [cursor, after.toString(), head.toString(), ...filterParams(filter), pageSize];
      const rows =
        dataset === 'customers'
          ? (await source.executor.query<CustomerRecord>(customersSql(s), params)).map((r) => ({
              key: r.customer_id,
              row: customerRow(r),
            }))
          : (await source.executor.query<TaskRecord>(tasksSql(s), params)).map((r) => ({
              key: r.task_id,
              row: taskRow(r),
            }));
      const last = rows[rows.length - 1];
      if (last === undefined) break;
      written += rows.length;
      cursor = last.key;
      yield* writer.write(rows.map((r) => r.row));
      onProgress?.(written);
      if (rows.length < pageSize) break;
    }
    yield* writer.finish({ lastPosition: head.toString(), count: written });
  }

  return {
    dataset,
    columns,
    lastPosition: head.toString(),
    total: counted?.n ?? 0,
    chunks,
    count: () => written,
  };
};
