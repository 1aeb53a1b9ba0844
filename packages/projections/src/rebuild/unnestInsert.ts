import type { SqlExecutor } from '@leadflow/eventstore';

/** One column of a bulk insert: its name and SQL type, as in a `name type, ...` list. */
interface Column {
  readonly name: string;
  readonly type: string;
}

const parseColumns = (columns: string): Column[] =>
  columns.split(',').map((c) => {
    const [name, ...type] = c.trim().split(/\s+/);
    return { name: name!, type: type.join(' ') };
  });

const quote = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A PostgreSQL array literal of text values (a row's `text[]` cell, sent as one element of a `text[]` parameter). */
const arrayLiteral = (values: ReadonlyArray<string | null>): string =>
  `{${values.map((v) => (v === null ? 'NULL' : quote(v))).join(',')}}`;

/**
 * Cells of a column travel joined into one text, split by `string_to_array` (a null as NULL_MARK): no
 * escaping on either side, where a `text[]` parameter costs an escape pass in the driver and a slow
 * `array_in` on long, quote-heavy values (the documents). A column holding either character in some
 * value (or a lone empty string, which splits into no element) travels as an array parameter instead.
 */
const SEPARATOR = '\x1e';
const NULL_MARK = '\x1f';

/** A statement inserting many rows at once, one parameter per column. */
export interface UnnestInsert {
  /** The statement for `rows` (the text depends on which columns could be joined). */
  readonly statement: (rows: ReadonlyArray<Record<string, unknown>>) => { sql: string; params: unknown[] };
}

const textOf = (value: unknown, nested: boolean, json: boolean): string | null => {
  if (value === null || value === undefined) return null;
  if (nested) return arrayLiteral(value as ReadonlyArray<string | null>);
  if (value instanceof Date) return value.toISOString();
  if (json || typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/**
 * Builds `INSERT INTO s.table (...) SELECT ... FROM unnest(<one array per column>)` for a `name type, ...`
 * column list, so a chunk of any size is one statement: each column's cells joined into one text and
 * split server-side, or (when a value holds a separator) a `text[]` parameter. Array-typed cells travel
 * as array literals and jsonb cells as JSON text, cast back in the select list. `jsonText` names text columns
 * that hold JSON texts (not searched for separators, see SEPARATOR).
 */
export const unnestInsert = (
  s: string,
  table: string,
  columns: string,
  options: { readonly conflict?: string; readonly jsonText?: ReadonlyArray<string> } = {},
): UnnestInsert => {
  const cols = parseColumns(columns).map((c) => ({
    ...c,
    nested: c.type.endsWith('[]'),
    json: c.type === 'jsonb',
    // JSON text (JSON.stringify output) never holds a raw control character: no need to look for separators.
    trusted: c.type === 'jsonb' || options.jsonText?.includes(c.name) === true,
  }));
  const names = cols.map((c) => c.name).join(', ');
  const select = cols.map((c) => `x.${c.name}::${c.type}`).join(', ');
  return {
    statement: (rows) => {
      const params: unknown[] = [];
      const sources = cols.map((c, i) => {
        const cells = rows.map((row) => textOf(row[c.name], c.nested, c.json));
        const joined = cells.map((v) => (v === null ? NULL_MARK : v)).join(SEPARATOR);
        const splittable =
          joined !== '' &&
          (c.trusted || !cells.some((v) => v !== null && (v.includes(SEPARATOR) || v.includes(NULL_MARK))));
        params.push(splittable ? joined : cells);
        return splittable ? `string_to_array($${i + 1}::text, E'\\x1e', E'\\x1f')` : `$${i + 1}::text[]`;
      });
      const sql = `INSERT INTO ${s}.${table} (${names}) SELECT ${select}
        FROM unnest(${sources.join(', ')}) AS x(${names}) ${options.conflict ?? ''}`.trim();
      return { sql, params };
    },
  };
};

/**
 * Runs an unnest insert for `rows` (nothing when there are none). Kept planned per connection: planning
 * one took PostgreSQL up to 3 ms (pg_stat_statements, followups bench), and its plan has one shape
 * whatever the rows (a scan of the unnested parameters into the table).
 */
export const runUnnestInsert = async (
  tx: SqlExecutor,
  insert: UnnestInsert,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> => {
  if (rows.length === 0) return;
  const { sql, params } = insert.statement(rows);
  await tx.query(sql, params, { prepare: true });
};
