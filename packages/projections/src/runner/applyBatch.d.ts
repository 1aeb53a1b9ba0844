import type { RecordedEvent, SqlExecutor } from '@leadflow/eventstore';
import { type ProjectedCustomer } from '../customer/projectedCustomer';
import { type RetryPolicy } from './retryPolicy';
/** Options of the event application (test hooks included). */
export interface ApplyOptions {
  readonly retry: RetryPolicy;
  /** Called before each event is applied; a throw makes the event a poison candidate (tests inject faults here). */
  readonly beforeApply?: (event: RecordedEvent) => void;
}
/**
 * Documents kept in memory across batches by a rebuild (the only writer of its schema): while `complete`,
 * a customer missing from it does not exist in the schema yet, so nothing is loaded.
 */
export interface DocCache {
  readonly docs: Map<string, ProjectedCustomer>;
  complete: boolean;
}
/** What a batch did: how many events were applied and which were parked as dead letters. */
export interface BatchOutcome {
  readonly applied: number;
  readonly parked: number;
}
/**
 * Applies a batch of events to the read schema `s` inside the caller's transaction: loads the touched
 * customers once, folds in memory in global order, then writes the derived rows set-based. A handler that
 * still throws after the retries has its event parked in `dead_letters`; the batch goes on.
 */
export declare const applyBatch: (
  tx: SqlExecutor,
  s: string,
  events: ReadonlyArray<RecordedEvent>,
  options: ApplyOptions,
  cache?: DocCache,
) => Promise<BatchOutcome>;
//# sourceMappingURL=applyBatch.d.ts.map
