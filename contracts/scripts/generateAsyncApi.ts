// Writes contracts/asyncapi.json from the codecs (see src/asyncapi/asyncApiDocument.ts).
// `--check` exits 1 instead of writing when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASYNCAPI_FILE, renderAsyncApiDocument } from '../src/asyncapi/asyncApiDocument';

const target = path.resolve(__dirname, '..', ASYNCAPI_FILE);
const text = renderAsyncApiDocument();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = '';
  }
  if (current !== text) {
    console.error(`${target} is stale: run pnpm contracts:generate`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
