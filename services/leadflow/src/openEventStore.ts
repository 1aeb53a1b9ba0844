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
    'LEADFLOW_EVENTSTORE=kurrentdb: the write path keeps its identity index in the same transaction as the append, ' +
      'which this release does with pglite or postgres only',
  );
};
