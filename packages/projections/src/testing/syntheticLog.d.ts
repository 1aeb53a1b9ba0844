import type { NewEvent, SqlEventStore } from '@leadflow/eventstore';
/** One append of a synthetic log: events for one customer stream. */
export interface SyntheticAppend {
  readonly stream: string;
  readonly events: ReadonlyArray<NewEvent>;
  /** Appends of phase 1 (merges) start after every append of phase 0 committed. */
  readonly phase: 0 | 1;
}
/**
 * A synthetic log of about `events` customer events: 1 to 3 leads per customer, and every 50th customer merged
 * into the one before it (merges appended last, as the write path would after both customers exist).
 */
export declare const syntheticLog: (events: number, start?: Date) => SyntheticAppend[];
/**
 * Appends a synthetic log fast: `perTx` appends per statement (the event store's own `append_to_stream`
 * function, called set-based), `concurrency` statements at once.
 */
export declare const appendSyntheticLog: (
  store: SqlEventStore,
  log: ReadonlyArray<SyntheticAppend>,
  options?: {
    perTx?: number;
    concurrency?: number;
  },
) => Promise<number>;
//# sourceMappingURL=syntheticLog.d.ts.map
