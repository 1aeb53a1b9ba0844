import type { SqlExecutor } from '@leadflow/eventstore';
/** Rows of one table found in one generation and not the other. */
export interface TableDifference {
  readonly table: string;
  readonly onlyInLeft: number;
  readonly onlyInRight: number;
  readonly leftRows: number;
  readonly rightRows: number;
}
/** Compares two read-model generations row for row (multiset difference per table); empty means equal. */
export declare const compareReadModels: (
  executor: SqlExecutor,
  left: string,
  right: string,
) => Promise<TableDifference[]>;
//# sourceMappingURL=compareReadModels.d.ts.map
