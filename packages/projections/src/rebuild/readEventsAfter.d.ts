import type { RecordedEvent, SqlExecutor } from '@leadflow/eventstore';
/**
 * Reads customer events after `after` on a given executor (a rebuild's own transaction), below the stable
 * horizon as the event store's readAll does, so a late commit is never skipped.
 */
export declare const readEventsAfter: (
  executor: SqlExecutor,
  eventSchema: string,
  after: bigint | 'start',
  maxCount: number,
) => Promise<RecordedEvent[]>;
/** Customer events in the log (the total of a rebuild's progress bar). */
export declare const countCustomerEvents: (executor: SqlExecutor, eventSchema: string) => Promise<number>;
//# sourceMappingURL=readEventsAfter.d.ts.map
