import Module from 'node:module';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

type PGliteModule = { PGlite: new (dataDir?: string, options?: PGliteOptions) => PGlite };
type NodeLoader = { _load(request: string, parent: null, isMain: boolean): unknown };

/**
 * Opens a PGlite database loaded by Node's own module loader, outside jest's sandbox: under jest
 * (without --experimental-vm-modules) PGlite's internal `import('node:module')` throws
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG. Outside jest it is a plain `new PGlite()`.
 * Values it returns come from another realm (e.g. `instanceof Date` is false): test use only.
 */
export const createNodePGlite = (dataDir?: string, options?: PGliteOptions): PGlite => {
  const path = require.resolve('@electric-sql/pglite');
  const loaded = (Module as unknown as NodeLoader)._load(path, null, false) as PGliteModule;
  return new loaded.PGlite(dataDir, options);
};
