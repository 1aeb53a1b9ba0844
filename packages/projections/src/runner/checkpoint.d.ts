import type { SqlExecutor } from '@leadflow/eventstore';
/** The stored checkpoint of a projection in a read schema: the last applied global position, or 'start'. */
export declare const readCheckpoint: (
  executor: SqlExecutor,
  s: string,
  name: string,
  lock?: '' | 'FOR UPDATE',
) => Promise<bigint | 'start'>;
/** Moves the checkpoint; called in the same transaction as the batch's writes. */
export declare const writeCheckpoint: (
  tx: SqlExecutor,
  s: string,
  name: string,
  position: bigint,
) => Promise<void>;
//# sourceMappingURL=checkpoint.d.ts.map
