import type { SqlEventStore } from '@leadflow/eventstore';
import type { ProjectedCustomer } from '../customer/projectedCustomer';
import { foldEvents, type ApplyOptions, type DeadLetterRow } from '../runner/foldEvents';
import { readEventsAfter } from './readEventsAfter';

/** The log folded in memory: every customer's final document, the poison events, and where the fold stopped. */
export interface FoldedLog {
  readonly docs: Map<string, ProjectedCustomer>;
  readonly parked: DeadLetterRow[];
  /** The last event folded ('start' when the log is empty). */
  readonly position: bigint | 'start';
  readonly events: number;
  /** The fold stopped at `maxCustomers` before the end of the log (the rest goes through batch apply). */
  readonly full: boolean;
}

/**
 * Folds the customer log from position 0 into memory, page by page (the next page is read while the
 * current one is folded), until the end of the log or until `maxCustomers` documents are held: the page
 * that reaches the bound is the last one folded, so at most `maxCustomers + pageSize` documents are kept.
 */
export const foldLog = async (args: {
  readonly store: SqlEventStore;
  readonly pageSize: number;
  readonly maxCustomers: number;
  readonly apply: ApplyOptions;
  readonly onProgress?: (events: number) => void;
}): Promise<FoldedLog> => {
  const { store, pageSize } = args;
  const docs = new Map<string, ProjectedCustomer>();
  const parked: DeadLetterRow[] = [];
  const noop = () => undefined;
  let position: bigint | 'start' = 'start';
  let events = 0;
  let page = readEventsAfter(store.executor, store.schema, position, pageSize);
  for (;;) {
    const current = await page;
    const last = current[current.length - 1];
    if (last === undefined) return { docs, parked, position, events, full: false };
    page = readEventsAfter(store.executor, store.schema, last.globalPosition, pageSize);
    await foldEvents(current, docs, args.apply, noop, parked);
    position = last.globalPosition;
    events += current.length;
    args.onProgress?.(events);
    if (docs.size >= args.maxCustomers) {
      // The page read ahead is dropped (its events are read again by the batch apply).
      page.catch(noop);
      return { docs, parked, position, events, full: true };
    }
  }
};
