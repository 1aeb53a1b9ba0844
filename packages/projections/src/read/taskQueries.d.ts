import type { SqlExecutor } from '@leadflow/eventstore';
import { type Page } from './cursor';
/** Filters of `GET /v1/tasks`. */
export interface TaskFilter {
  readonly status?: string;
  readonly kind?: string;
  readonly customerId?: string;
  readonly dueBefore?: string;
  readonly overdue?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}
/** Tasks by due time then id (both immutable, so pages are stable); a merged customer id lists its survivor's tasks. */
export declare const listTasks: (
  executor: SqlExecutor,
  s: string,
  filter: TaskFilter,
) => Promise<Page<unknown> | null>;
//# sourceMappingURL=taskQueries.d.ts.map
