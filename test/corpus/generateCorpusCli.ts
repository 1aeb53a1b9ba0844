import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusFiles, DEFAULT_CORPUS_OPTIONS, generateCorpus } from './generateCorpus';

// pnpm corpus:generate [--seed N] [--persons N] [--out dir]
// Without options it rewrites the committed corpus (test/corpus/data).

const usage = 'usage: pnpm corpus:generate [--seed N] [--persons N] [--out dir]';

const parseArgs = (args: ReadonlyArray<string>) => {
  let { seed, persons } = DEFAULT_CORPUS_OPTIONS;
  let out = path.join(__dirname, 'data');
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    const value = args[i + 1];
    if (flag === '--') continue;
    if (value === undefined) throw new Error(`${flag} needs a value\n${usage}`);
    i += 1;
    if (flag === '--seed' || flag === '--persons') {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < (flag === '--seed' ? 0 : 1))
        throw new Error(
          `${flag} must be a ${flag === '--seed' ? 'non-negative' : 'positive'} integer\n${usage}`,
        );
      if (flag === '--seed') seed = n;
      else persons = n;
    } else if (flag === '--out') out = path.resolve(value);
    else throw new Error(`unknown option ${flag}\n${usage}`);
  }
  return { seed, persons, out };
};

try {
  const { seed, persons, out } = parseArgs(process.argv.slice(2));
  const corpus = generateCorpus({ seed, persons });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(corpusFiles(corpus))) writeFileSync(path.join(out, name), text);
  process.stdout.write(
    `wrote ${corpus.deliveries.length} deliveries and ${Object.keys(corpus.truth).length} persons (seed ${seed}) to ${out}\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
