import { PGlite } from '@electric-sql/pglite';
import { DEFAULT_SCHEMA } from '../postgres/getPostgresEventStore';
import { createSqlEventStore, type SqlEventStore } from '../postgres/sqlEventStore';
import { pgliteExecutor } from './pgliteExecutor';

export interface PGliteEventStoreOptions {
  /** Use this database (not closed by `close()`), or let the store open one at `dataDir`. */
  readonly db?: PGlite;
  /** Directory of the embedded database; omitted: in memory. */
  readonly dataDir?: string;
  readonly schema?: string;
}

/** Opens the embedded event store: the same SQL as PostgreSQL, on PGlite. */
export const getPGliteEventStore = async (options: PGliteEventStoreOptions = {}): Promise<SqlEventStore> => {
  const ownsDb = options.db === undefined;
  const db = options.db ?? new PGlite(options.dataDir);
  try {
    return await createSqlEventStore(pgliteExecutor(db, ownsDb), options.schema ?? DEFAULT_SCHEMA);
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
};
