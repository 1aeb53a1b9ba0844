import type { SqlExecutor } from '@leadflow/eventstore';
import type { CustomerRows } from '../customer/customerRows';
import type { FunnelKey } from '../customer/funnelEntries';
/** Writes the rows of the changed customers with a fixed number of statements, whatever the batch size. */
export declare const writeCustomerRows: (
  tx: SqlExecutor,
  s: string,
  rows: ReadonlyArray<CustomerRows>,
) => Promise<void>;
/** Adds the batch's funnel deltas to the counters and drops cells that fell to zero (so rebuilds match row for row). */
export declare const writeFunnelDeltas: (
  tx: SqlExecutor,
  s: string,
  deltas: ReadonlyArray<{
    key: FunnelKey;
    delta: number;
  }>,
) => Promise<void>;
//# sourceMappingURL=writeRows.d.ts.map
