import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderConfigDocs } from './configDocs';

/** Where `pnpm config:docs` writes the configuration page. */
export const CONFIG_DOCS_PATH = path.resolve(__dirname, '../../../docs/configuration.md');

if (require.main === module) {
  writeFileSync(CONFIG_DOCS_PATH, renderConfigDocs());
  process.stdout.write(`wrote ${path.relative(process.cwd(), CONFIG_DOCS_PATH)}\n`);
}
