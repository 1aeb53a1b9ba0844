import type { SqlEventStore } from '@leadflow/eventstore';
import type { ProjectedCustomer } from '../customer/projectedCustomer';
import { foldEvents, type ApplyOptions, type DeadLetterRow } from '../runner/foldEvents';
import { customerEventsAfter } from './readEventsAfter';

/** The log folded in memory: every customer's final document, the poison events, and where the fold stopped. */
export interface FoldedLog {
  readonly docs: Map<string, ProjectedCustomer>;
  readonly parked: DeadLetterRow[];
  /** The last event folded ('start' when the log is empty). */
  readonly position: bigint | 'start';
  readonly events: number;
  /** The fold stopped at `maxCustomers` before the end of the log (the rest goes through batch apply). */
  readonly full: boolean;
  /** Customers never handed to `onCold`. */
  readonly unwritten: ReadonlyArray<string>;
  /** Customers handed to `onCold` that changed afterwards (their rows must be written again). */
  readonly changedAfterWrite: ReadonlySet<string>;
}

/** A customer not changed during this many pages is handed to `onCold`. */
const COLD_AFTER_PAGES = 2;

/**
 * Folds the customer log from position 0 into memory, page by page (the next page is read while the
 * current one is folded), until the end of the log or until `maxCustomers` documents are held: the page
 * that reaches the bound is the last one folded, so at most `maxCustomers + pageSize` documents are kept.
 * Customers unchanged for a few pages are handed to `onCold` as they are (so their rows can be written
 * while the fold goes on); one that changes later is reported in `changedAfterWrite`.
 */
export const foldLog = async (args: {
  readonly store: SqlEventStore;
  readonly pageSize: number;
  readonly maxCustomers: number;
  readonly apply: ApplyOptions;
  readonly onProgress?: (events: number) => void;
  readonly onCold?: (docs: ProjectedCustomer[]) => Promise<void>;
}): Promise<FoldedLog> => {
  const { store, pageSize } = args;
  const docs = new Map<string, ProjectedCustomer>();
  const parked: DeadLetterRow[] = [];
  // Customers not handed over yet, by the page that last changed them, least recently changed first.
  const recent = new Map<string, number>();
  const written = new Set<string>();
  const changedAfterWrite = new Set<string>();
  let pageNo = 0;
  const changed = (id: string) => {
    if (written.has(id)) {
      changedAfterWrite.add(id);
      return;
    }
    recent.delete(id);
    recent.set(id, pageNo);
  };
  const handOverCold = async () => {
    const cold: ProjectedCustomer[] = [];
    for (const [id, page] of recent) {
      if (page > pageNo - COLD_AFTER_PAGES) break;
      recent.delete(id);
      written.add(id);
      cold.push(docs.get(id)!);
    }
    if (cold.length > 0) await args.onCold?.(cold);
  };
  const result = (full: boolean): FoldedLog => ({
    docs,
    parked,
    position,
    events,
    full,
    unwritten: [...recent.keys()],
    changedAfterWrite,
  });
  let position: bigint | 'start' = 'start';
  let events = 0;
  let page = customerEventsAfter(store, store.executor, position, pageSize);
  for (;;) {
    const current = await page;
    const last = current[current.length - 1];
    if (last === undefined) return result(false);
    page = customerEventsAfter(store, store.executor, last.globalPosition, pageSize);
    await foldEvents(current, docs, args.apply, changed, parked);
    position = last.globalPosition;
    events += current.length;
    pageNo += 1;
    args.onProgress?.(events);
    if (docs.size >= args.maxCustomers) {
      // The page read ahead is dropped (its events are read again by the batch apply).
      page.catch(() => undefined);
      return result(true);
    }
    if (args.onCold !== undefined) await handOverCold();
  }
};
