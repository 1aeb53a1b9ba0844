import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

/** A service clock a test moves: start services with `env`, then `set` how far ahead of real time it runs. */
export interface TestClock {
  /** Environment for startService: NODE_OPTIONS preloading the clock and the file it reads. */
  readonly env: Record<string, string>;
  /** Moves the services' clock to run `offsetMs` ahead of real time; resolves once they have read it. */
  set(offsetMs: number): Promise<void>;
  /** The services' current time. */
  now(): Date;
}

/** A clock file in `dir` (starting at real time) for services started with `env`. */
export const testClock = (dir: string): TestClock => {
  const file = path.join(dir, 'clock-offset');
  let offset = 0;
  writeFileSync(file, '0');
  return {
    env: {
      NODE_OPTIONS: `--require ${path.join(repoRoot, 'test/infra/clockPreload.cjs')}`,
      LEADFLOW_TEST_CLOCK_FILE: file,
    },
    set: async (offsetMs) => {
      offset = offsetMs;
      writeFileSync(file, String(offsetMs));
      // The services read the file every 50 ms.
      await new Promise((resolve) => setTimeout(resolve, 200));
    },
    now: () => new Date(Date.now() + offset),
  };
};
