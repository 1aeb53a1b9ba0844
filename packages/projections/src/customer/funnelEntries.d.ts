import type { ProjectedCustomer } from './projectedCustomer';
/** One funnel counter cell: customers that first reached `stage` on `day` through `offer` and `source`. */
export interface FunnelKey {
  readonly day: string;
  readonly offer: string;
  readonly source: string;
  readonly stage: string;
}
/** The key of a cell as one string (for summing deltas in memory). */
export declare const funnelKeyString: (k: FunnelKey) => string;
/**
 * The cells a customer counts in: each stage it reached, once, on the day it first reached it.
 * Test customers and merged-away customers count nowhere (the survivor counts the merged history).
 */
export declare const funnelEntriesOf: (doc: ProjectedCustomer | undefined) => ReadonlyArray<FunnelKey>;
/** Adds `sign` x each entry of a customer to the running deltas of a batch. */
export declare const addFunnelDelta: (
  deltas: Map<
    string,
    {
      key: FunnelKey;
      delta: number;
    }
  >,
  entries: ReadonlyArray<FunnelKey>,
  sign: 1 | -1,
) => void;
//# sourceMappingURL=funnelEntries.d.ts.map
