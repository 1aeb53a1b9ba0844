/** A one-line progress bar on a TTY-ish stream: done/total, events/s and ETA. */
export interface ProgressBar {
  update(done: number): void;
  finish(done: number): void;
}

const WIDTH = 30;

const formatSeconds = (s: number): string =>
  !Number.isFinite(s) ? '?' : s < 60 ? `${Math.ceil(s)}s` : `${Math.floor(s / 60)}m${Math.ceil(s % 60)}s`;

/** Creates a progress bar writing to `out` at most every 200 ms (and always at the end). */
export const createProgressBar = (
  total: number,
  out: { write(text: string): unknown } = process.stderr,
  now: () => number = Date.now,
): ProgressBar => {
  const started = now();
  let lastDrawn = started;
  const draw = (done: number, final: boolean) => {
    const elapsed = Math.max(1, now() - started) / 1000;
    const rate = done / elapsed;
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * WIDTH);
    const eta = rate > 0 ? Math.max(0, total - done) / rate : Infinity;
    out.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(1)}% ` +
        `${done}/${total} events  ${Math.round(rate)} ev/s  ETA ${final ? '0s' : formatSeconds(eta)}   ` +
        (final ? '\n' : ''),
    );
  };
  return {
    update: (done) => {
      if (now() - lastDrawn < 200) return;
      lastDrawn = now();
      draw(done, false);
    },
    finish: (done) => draw(done, true),
  };
};
