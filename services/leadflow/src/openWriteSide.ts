import type { Config } from '@leadflow/config';
import type { EventStore, OpenEventStoreOptions, SqlExecutor } from '@leadflow/eventstore';
import type { ReadinessCheck } from '@leadflow/http';
import { createExternalStoreWriteSide, createSqlWriteSide, type SqlWriteSide } from '@leadflow/ingestion';
import type { Logger } from '@leadflow/observability';
import type { PrivateSqlEventStore } from '@leadflow/privacy';
import { openConfiguredStore } from '@leadflow/publisher';

/** The event store and the write side the process runs on, with what readiness checks and closes. */
export interface OpenedWriteSide extends SqlWriteSide {
  events: EventStore;
  /** The store the read side and follow-ups run on: the SQL store, or KurrentDB streams beside PostgreSQL tables. */
  store: PrivateSqlEventStore;
  /** The SQL database of the write side (and, with pglite/postgres, of the events too). */
  sql: SqlExecutor;
  sqlSchema: string;
  onCommitted: () => void;
  readiness: ReadinessCheck[];
  close: () => Promise<void>;
}

const sqlReady = (sql: SqlExecutor): ReadinessCheck => ({
  name: 'database',
  check: async () => (await sql.query('SELECT 1 AS ok')).length === 1,
});

/**
 * pglite (embedded default, under LEADFLOW_DATA_DIR) and postgres: events and write side in one
 * database, one transaction per lead. kurrentdb: streams in KurrentDB, the write side's index in
 * PostgreSQL (DATABASE_URL), rebuildable from the streams.
 */
export const openWriteSide = async (
  config: Config,
  logger: Logger,
  deps: { openStreams?: OpenEventStoreOptions['openStreams'] } = {},
): Promise<OpenedWriteSide> => {
  const limits = { rejectedMaxCount: config.rejectedMaxCount, maxLeadBytes: config.maxLeadBytes };
  const store = await openConfiguredStore(config, logger, deps);
  if (!store.eventsInSql) {
    const side = await createExternalStoreWriteSide(store.executor, store.schema, store, {
      ...limits,
      privacy: store.vault,
    });
    return {
      ...side,
      events: store,
      store,
      sql: store.executor,
      sqlSchema: store.schema,
      onCommitted: () => {},
      readiness: [
        sqlReady(store.executor),
        { name: 'kurrentdb', check: async () => (await store.readAll({ maxCount: 1 }), true) },
      ],
      close: () => store.close(),
    };
  }
  const side = await createSqlWriteSide(store, { ...limits, privacy: store.vault });
  return {
    ...side,
    events: store,
    store,
    sql: store.executor,
    sqlSchema: store.schema,
    onCommitted: store.notifyCommitted,
    readiness: [sqlReady(store.executor)],
    close: () => store.close(),
  };
};
