import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const readOrEmpty = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/**
 * Writes a generated file, or with `--check` on the command line exits 1 when the committed copy differs
 * from what the generator gives (the stale check every generated file in contracts has).
 */
export const writeGenerated = (target: string, text: string, regenerate: string): void => {
  if (process.argv.includes('--check')) {
    if (readOrEmpty(target) !== text) {
      console.error(`${target} is stale: run ${regenerate}`);
      process.exit(1);
    }
    console.log(`${target} is up to date`);
    return;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
};
