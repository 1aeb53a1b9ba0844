import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES } from './config';
import { renderConfigDocs } from './configDocs';
import { CONFIG_DOCS_PATH } from './writeConfigDocs';

describe('docs/configuration.md', () => {
  it('is the page generated from the variable table (run `pnpm config:docs` after changing it)', () => {
    expect(readFileSync(CONFIG_DOCS_PATH, 'utf8')).toBe(renderConfigDocs());
  });

  it('lists every variable once, with its default and its values', () => {
    const page = renderConfigDocs();
    for (const variable of CONFIG_VARIABLES) {
      const rows = page.split('\n').filter((line) => line.startsWith(`| \`${variable.name}\` `));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(variable.defaultText);
    }
  });
});
