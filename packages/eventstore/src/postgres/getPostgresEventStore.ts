import pg from 'pg';
import { pgExecutor } from './pgExecutor';
import { createSqlEventStore, type SqlEventStore } from './sqlEventStore';

export interface PostgresEventStoreOptions {
  /** Use this pool (not ended by `close()`), or give `connectionString` to have one created and owned. */
  readonly pool?: pg.Pool;
  readonly connectionString?: string;
  /** PostgreSQL schema holding the tables; one per test file or adapter instance isolates tests. */
  readonly schema?: string;
  /** Told when the server closed a connection idle in the pool or the LISTEN one (both replaced; see `pgExecutor`). */
  readonly onIdleConnectionError?: (error: Error) => void;
}

/** The default schema name. */
export const DEFAULT_SCHEMA = 'leadflow_events';

/** Opens the PostgreSQL event store (on `pg`), running the migrations first. */
export const getPostgresEventStore = async (options: PostgresEventStoreOptions): Promise<SqlEventStore> => {
  const ownsPool = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 10 });
  try {
    return await createSqlEventStore(
      pgExecutor(pool, ownsPool, options.onIdleConnectionError),
      options.schema ?? DEFAULT_SCHEMA,
    );
  } catch (error) {
    if (ownsPool) await pool.end();
    throw error;
  }
};
