// Writes contracts/schema/raw-lead.v1.schema.json from the codec's definition.
// `--check` exits 1 instead of writing when the committed file is stale.
import path from 'node:path';
import { RAW_LEAD_SCHEMA_FILE, renderRawLeadJsonSchema } from '../src/lead/rawLeadJsonSchema';
import { writeGenerated } from './writeGenerated';

writeGenerated(
  path.resolve(__dirname, '..', RAW_LEAD_SCHEMA_FILE),
  renderRawLeadJsonSchema(),
  'pnpm contracts:generate',
);
