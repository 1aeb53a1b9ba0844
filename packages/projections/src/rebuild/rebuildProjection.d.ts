import type { SqlEventStore } from '@leadflow/eventstore';
import { type ReadModelLocation } from '../schema/pointer';
import { type ApplyOptions } from '../runner/applyBatch';
export interface RebuildOptions {
  readonly store: SqlEventStore;
  readonly location: ReadModelLocation;
  /** Events per transaction (default 2000). */
  readonly batchSize?: number;
  readonly apply?: Partial<ApplyOptions>;
  /** Called after each batch with events done and the total at start. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Build the new generation but do not switch to it (tests compare it with the live one). */
  readonly switchLive?: boolean;
}
export interface RebuildResult {
  readonly schema: string;
  readonly previous: string;
  readonly events: number;
  readonly seconds: number;
}
/**
 * Builds the read models into a new generation schema from position 0 while the live one keeps serving,
 * then, holding the pointer row, applies the last events and switches the pointer in one transaction.
 */
export declare const rebuildProjection: (options: RebuildOptions) => Promise<RebuildResult>;
//# sourceMappingURL=rebuildProjection.d.ts.map
