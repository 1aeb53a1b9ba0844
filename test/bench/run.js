#!/usr/bin/env node
// `pnpm bench <name>`: runs the benchmark file named <name>.bench.ts found under test/bench or a
// workspace package's bench/ folder. The benchmark prints its figures and ends with one JSON line.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const name = process.argv[2];
const candidates = () => {
  const dirs = [path.join(root, 'test/bench')];
  for (const group of ['packages', 'services']) {
    const base = path.join(root, group);
    if (!existsSync(base)) continue;
    for (const pkg of readdirSync(base)) dirs.push(path.join(base, pkg, 'bench'));
  }
  dirs.push(path.join(root, 'contracts/bench'));
  return dirs.map((dir) => path.join(dir, `${name}.bench.ts`));
};
const available = () =>
  candidates()
    .map((f) => path.dirname(f))
    .filter(existsSync)
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.bench.ts'))
        .map((f) => f.replace(/\.bench\.ts$/, '')),
    );

if (!name) {
  console.error(`usage: pnpm bench <name>; available: ${[...new Set(available())].join(', ') || 'none'}`);
  process.exit(2);
}
const file = candidates().find(existsSync);
if (!file) {
  console.error(`no benchmark named "${name}"; available: ${[...new Set(available())].join(', ') || 'none'}`);
  process.exit(2);
}
const tsx = path.join(root, 'node_modules/.bin/tsx');
const result = spawnSync(tsx, [file, ...process.argv.slice(3)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
