import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@leadflow/config';
import { getPGliteEventStore, getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';

/** The configured SQL event store: PGlite under LEADFLOW_DATA_DIR (embedded default) or PostgreSQL. */
export const openEventStore = async (config: Config): Promise<SqlEventStore> => {
  if (config.eventStore === 'postgres')
    return getPostgresEventStore({ connectionString: config.databaseUrl! });
  if (config.eventStore === 'pglite') {
    const dataDir = path.resolve(config.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    return getPGliteEventStore({ dataDir });
  }
  throw new Error(
    'LEADFLOW_EVENTSTORE=kurrentdb has no SQL event store: the server opens KurrentDB beside PostgreSQL ' +
      '(openWriteSide.ts); this command needs pglite or postgres',
  );
};
