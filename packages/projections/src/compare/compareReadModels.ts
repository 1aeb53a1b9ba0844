import type { SqlExecutor } from '@leadflow/eventstore';
import { READ_TABLES } from '../schema/readSchema';
import { assertSchemaName } from '../schema/schemaName';

/** Rows of one table found in one generation and not the other. */
export interface TableDifference {
  readonly table: string;
  readonly onlyInLeft: number;
  readonly onlyInRight: number;
  readonly leftRows: number;
  readonly rightRows: number;
}

const DEAD_LETTER_COLUMNS = 'global_position, event_id, stream_name, event_type, error, attempts';

/** Compares two read-model generations row for row (multiset difference per table); empty means equal. */
export const compareReadModels = async (
  executor: SqlExecutor,
  left: string,
  right: string,
): Promise<TableDifference[]> => {
  const a = assertSchemaName(left);
  const b = assertSchemaName(right);
  const tables = [
    ...READ_TABLES.map((t) => ({ table: t, columns: '*' })),
    { table: 'dead_letters', columns: DEAD_LETTER_COLUMNS },
  ];
  const differences: TableDifference[] = [];
  for (const { table, columns } of tables) {
    const [row] = await executor.query<{ l: number; r: number; lc: number; rc: number }>(
      `SELECT
         (SELECT count(*)::int FROM (SELECT ${columns} FROM ${a}.${table} EXCEPT ALL SELECT ${columns} FROM ${b}.${table}) x) AS l,
         (SELECT count(*)::int FROM (SELECT ${columns} FROM ${b}.${table} EXCEPT ALL SELECT ${columns} FROM ${a}.${table}) y) AS r,
         (SELECT count(*)::int FROM ${a}.${table}) AS lc,
         (SELECT count(*)::int FROM ${b}.${table}) AS rc`,
    );
    if (row && (row.l > 0 || row.r > 0))
      differences.push({ table, onlyInLeft: row.l, onlyInRight: row.r, leftRows: row.lc, rightRows: row.rc });
  }
  return differences;
};
