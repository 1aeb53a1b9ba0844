import type { RecordedEvent, SqlExecutor } from '@leadflow/eventstore';
import { type ReadModelLocation } from '../schema/pointer';
import { type ApplyOptions, type BatchOutcome, type DocCache } from './applyBatch';
/** The result of one batch transaction. */
export type BatchTxResult =
  | {
      readonly kind: 'applied';
      readonly outcome: BatchOutcome;
      readonly position: bigint;
    }
  /** Another runner moved the checkpoint first: nothing was written; resubscribe from the stored one. */
  | {
      readonly kind: 'stale';
      readonly stored: bigint | 'start';
    }
  /** A rebuild switched the live schema: nothing was written; continue in the new schema. */
  | {
      readonly kind: 'switched';
      readonly schema: string;
    };
/**
 * Applies `events` and moves the checkpoint in one transaction, so each event takes effect exactly once.
 * The checkpoint row is locked and compared first (optimistic concurrency between runners); with `follow`
 * the pointer row is share-locked so a rebuild's switch waits for this batch and vice versa.
 */
export declare const applyInTransaction: (
  executor: SqlExecutor,
  args: {
    readonly schema: string;
    readonly location: ReadModelLocation;
    readonly follow: boolean;
    readonly expected: bigint | 'start';
    readonly events: ReadonlyArray<RecordedEvent>;
    readonly options: ApplyOptions;
    /** A rebuild's document cache (its schema has no other writer). */
    readonly cache?: DocCache;
  },
) => Promise<BatchTxResult>;
//# sourceMappingURL=applyInTransaction.d.ts.map
