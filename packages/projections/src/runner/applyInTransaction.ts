import type { RecordedEvent, SqlExecutor } from '@leadflow/eventstore';
import { liveSchemaOf, type ReadModelLocation } from '../schema/pointer';
import { applyBatch, type ApplyOptions, type BatchOutcome, type DocCache } from './applyBatch';
import { readCheckpoint, writeCheckpoint } from './checkpoint';

/** The result of one batch transaction. */
export type BatchTxResult =
  | { readonly kind: 'applied'; readonly outcome: BatchOutcome; readonly position: bigint }
  /** Another runner moved the checkpoint first: nothing was written; resubscribe from the stored one. */
  | { readonly kind: 'stale'; readonly stored: bigint | 'start' }
  /** A rebuild switched the live schema: nothing was written; continue in the new schema. */
  | { readonly kind: 'switched'; readonly schema: string };

/**
 * Applies `events` and moves the checkpoint in one transaction, so each event takes effect exactly once.
 * The checkpoint row is locked and compared first (optimistic concurrency between runners); with `follow`
 * the pointer row is share-locked so a rebuild's switch waits for this batch and vice versa.
 */
export const applyInTransaction = async (
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
): Promise<BatchTxResult> =>
  executor.transaction(async (tx): Promise<BatchTxResult> => {
    // A crash loses at most the last commits, and with them their checkpoint: still exactly once.
    await tx.query('SET LOCAL synchronous_commit = off');
    if (args.follow) {
      const live = await liveSchemaOf(tx, args.location, 'FOR SHARE');
      if (live !== null && live !== args.schema) return { kind: 'switched', schema: live };
    }
    const stored = await readCheckpoint(tx, args.schema, args.location.name, 'FOR UPDATE');
    if (stored !== args.expected) return { kind: 'stale', stored };
    const last = args.events[args.events.length - 1];
    if (last === undefined) return { kind: 'applied', outcome: { applied: 0, parked: 0 }, position: 0n };
    const outcome = await applyBatch(tx, args.schema, args.events, args.options, args.cache);
    await writeCheckpoint(tx, args.schema, args.location.name, last.globalPosition);
    return { kind: 'applied', outcome, position: last.globalPosition };
  });
