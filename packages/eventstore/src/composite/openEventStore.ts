import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { getKurrentDBEventStore } from '../kurrentdb/getKurrentDBEventStore';
import { getPGliteEventStore } from '../pglite/getPGliteEventStore';
import type { EventStore } from '../port';
import { getPostgresEventStore } from '../postgres/getPostgresEventStore';
import { pgExecutor } from '../postgres/pgExecutor';
import type { SqlEventStore } from '../postgres/sqlEventStore';
import { streamsBesideSql } from './streamsBesideSql';

/** The part of leadflow's configuration that says where events and tables live. */
export interface StoreSettings {
  readonly eventStore: 'pglite' | 'postgres' | 'kurrentdb';
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly esdbConnectionString: string | null;
}

export interface OpenEventStoreOptions {
  /** Told when the server closed an idle PostgreSQL connection (it is replaced). */
  readonly onIdleConnectionError?: (error: Error) => void;
  /** Opens the streams for `kurrentdb` (default: the KurrentDB adapter); tests put another port here. */
  readonly openStreams?: (connectionString: string) => EventStore;
}

/**
 * Schema of the tables beside KurrentDB streams (write-side index, checkpoints, task index). The
 * write side has always kept its tables here, so the other tables join them.
 */
export const STREAMS_TABLES_SCHEMA = 'leadflow_write';

/**
 * The store every leadflow process runs on, from its configuration: `pglite` and `postgres` are the
 * SQL event store, events and tables in one database (SQL fast paths allowed); `kurrentdb` is
 * KurrentDB streams beside PostgreSQL tables (`DATABASE_URL`), with `eventsInSql` false.
 */
export const openEventStore = async (
  settings: StoreSettings,
  options: OpenEventStoreOptions = {},
): Promise<SqlEventStore> => {
  if (settings.eventStore === 'pglite') {
    const dataDir = path.resolve(settings.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    return getPGliteEventStore({ dataDir });
  }
  if (settings.databaseUrl === null)
    throw new Error(`LEADFLOW_EVENTSTORE=${settings.eventStore} needs DATABASE_URL`);
  if (settings.eventStore === 'postgres')
    return getPostgresEventStore({
      connectionString: settings.databaseUrl,
      ...(options.onIdleConnectionError ? { onIdleConnectionError: options.onIdleConnectionError } : {}),
    });
  if (settings.esdbConnectionString === null)
    throw new Error('LEADFLOW_EVENTSTORE=kurrentdb needs ESDB_CONNECTION_STRING');
  const connectionString = settings.esdbConnectionString;
  const events = options.openStreams?.(connectionString) ?? getKurrentDBEventStore({ connectionString });
  const sql = pgExecutor(
    new pg.Pool({ connectionString: settings.databaseUrl, max: 10 }),
    true,
    options.onIdleConnectionError,
  );
  await sql.exec(`CREATE SCHEMA IF NOT EXISTS ${STREAMS_TABLES_SCHEMA}`);
  return streamsBesideSql(events, sql, STREAMS_TABLES_SCHEMA);
};
