// Writes contracts/asyncapi.json from the codecs (see src/asyncapi/asyncApiDocument.ts).
// `--check` exits 1 instead of writing when the committed file is stale.
import path from 'node:path';
import { ASYNCAPI_FILE, renderAsyncApiDocument } from '../src/asyncapi/asyncApiDocument';
import { writeGenerated } from './writeGenerated';

writeGenerated(
  path.resolve(__dirname, '..', ASYNCAPI_FILE),
  renderAsyncApiDocument(),
  'pnpm contracts:generate',
);
