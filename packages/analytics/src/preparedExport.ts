import type { Column, Dataset } from './columns';
import type { RowWriter } from './formats/rowWriter';

/** Rows read per page from the log or a read model. */
export const DEFAULT_PAGE_SIZE = 1000;

/**
 * An export bound to a snapshot: `lastPosition` is fixed before the first byte (so it can go in a
 * response header), and `chunks` reads page after page up to it, yielding encoded bytes as each page
 * is written: the caller's stream pulls the next page only when it wants more (backpressure).
 */
export interface PreparedExport {
  readonly dataset: Dataset;
  readonly columns: ReadonlyArray<Column>;
  /** The position the export covers up to: pass it as `afterPosition` to continue. */
  readonly lastPosition: string;
  /** Rows to be scanned before filters (for a progress bar's total). */
  readonly total: number;
  chunks(writer: RowWriter, onProgress?: (scanned: number) => void): AsyncGenerator<Uint8Array>;
  /** Rows written so far (all of them once `chunks` is done). */
  count(): number;
}
