import { PGlite } from '@electric-sql/pglite';
import { DEFAULT_SCHEMA } from '../postgres/getPostgresEventStore';
import { createSqlEventStore, type SqlEventStore } from '../postgres/sqlEventStore';
import { lockDataDir } from './dataDirLock';
import { pgliteExecutor } from './pgliteExecutor';

export interface PGliteEventStoreOptions {
  /** Use this database (not closed by `close()`), or let the store open one at `dataDir`. */
  readonly db?: PGlite;
  /** Directory of the embedded database, locked for this process while open; omitted: in memory. */
  readonly dataDir?: string;
  readonly schema?: string;
}

/**
 * Opens the embedded event store: the same SQL as PostgreSQL, on PGlite. PGlite is one process's
 * database: a second process on the same directory would overwrite the first one's writes, so the
 * directory is locked first (DataDirLockedError names the holder) and unlocked on `close()`.
 */
export const getPGliteEventStore = async (options: PGliteEventStoreOptions = {}): Promise<SqlEventStore> => {
  const ownsDb = options.db === undefined;
  const lock = ownsDb && options.dataDir !== undefined ? lockDataDir(options.dataDir) : null;
  let db: PGlite | undefined;
  try {
    db = options.db ?? new PGlite(options.dataDir);
    const store = await createSqlEventStore(pgliteExecutor(db, ownsDb), options.schema ?? DEFAULT_SCHEMA);
    if (lock === null) return store;
    return {
      ...store,
      close: async () => {
        try {
          await store.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    if (ownsDb) await db?.close();
    lock?.release();
    throw error;
  }
};
