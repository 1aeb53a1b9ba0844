// Writes contracts/schema/raw-lead.v1.schema.json from the codec's definition.
// `--check` exits 1 instead of writing when the committed file is stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RAW_LEAD_SCHEMA_FILE, renderRawLeadJsonSchema } from '../src/lead/rawLeadJsonSchema';

const target = path.resolve(__dirname, '..', RAW_LEAD_SCHEMA_FILE);
const text = renderRawLeadJsonSchema();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = '';
  }
  if (current !== text) {
    console.error(`${target} is stale: run pnpm exec tsx contracts/scripts/generateSchema.ts`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
