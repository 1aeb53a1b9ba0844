/** A one-line progress bar on a TTY-ish stream: done/total, events/s and ETA. */
export interface ProgressBar {
  update(done: number): void;
  finish(done: number): void;
}
/** Creates a progress bar writing to `out` at most every 200 ms (and always at the end). */
export declare const createProgressBar: (
  total: number,
  out?: {
    write(text: string): unknown;
  },
  now?: () => number,
) => ProgressBar;
//# sourceMappingURL=progressBar.d.ts.map
