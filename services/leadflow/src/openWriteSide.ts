import type { Config } from '@leadflow/config';
import {
  getKurrentDBEventStore,
  pgExecutor,
  type EventStore,
  type SqlEventStore,
  type SqlExecutor,
} from '@leadflow/eventstore';
import type { ReadinessCheck } from '@leadflow/http';
import { createExternalStoreWriteSide, createSqlWriteSide, type SqlWriteSide } from '@leadflow/ingestion';
import { logDroppedConnection, type Logger } from '@leadflow/observability';
import pg from 'pg';
import { openSqlEventStore as openEventStore } from '@leadflow/publisher';

/** The event store and the write side the process runs on, with what readiness checks and closes. */
export interface OpenedWriteSide extends SqlWriteSide {
  events: EventStore;
  /** The store the read side and follow-ups run on: the SQL store, or KurrentDB streams beside PostgreSQL tables. */
  store: SqlEventStore;
  /** The SQL database of the write side (and, with pglite/postgres, of the events too). */
  sql: SqlExecutor;
  sqlSchema: string;
  onCommitted: () => void;
  readiness: ReadinessCheck[];
  close: () => Promise<void>;
}

/**
 * KurrentDB streams with PostgreSQL beside them, shaped as a SqlEventStore: events go to KurrentDB,
 * `executor`/`transaction` to PostgreSQL. A "transaction" is atomic for the SQL tables only.
 */
const streamsBesideSql = (events: EventStore, sql: SqlExecutor, schema: string): SqlEventStore => ({
  appendToStream: (...args) => events.appendToStream(...args),
  readStream: (...args) => events.readStream(...args),
  readAll: (...args) => events.readAll(...args),
  subscribeToAll: (...args) => events.subscribeToAll(...args),
  getStreamMetadata: (...args) => events.getStreamMetadata(...args),
  setStreamMetadata: (...args) => events.setStreamMetadata(...args),
  deleteStream: (...args) => events.deleteStream(...args),
  close: async () => {
    await events.close();
    await sql.close();
  },
  schema,
  executor: sql,
  transaction: (work) =>
    sql.transaction((tx) =>
      work({
        executor: tx,
        appendToStream: (...args) => events.appendToStream(...args),
        readStream: (...args) => events.readStream(...args),
      }),
    ),
  notifyCommitted: () => {},
});

const sqlReady = (sql: SqlExecutor): ReadinessCheck => ({
  name: 'database',
  check: async () => (await sql.query('SELECT 1 AS ok')).length === 1,
});

/**
 * pglite (embedded default, under LEADFLOW_DATA_DIR) and postgres: events and write side in one
 * database, one transaction per lead. kurrentdb: streams in KurrentDB, the write side's index in
 * PostgreSQL (DATABASE_URL), rebuildable from the streams.
 */
export const openWriteSide = async (config: Config, logger: Logger): Promise<OpenedWriteSide> => {
  const limits = { rejectedMaxCount: config.rejectedMaxCount, maxLeadBytes: config.maxLeadBytes };
  if (config.eventStore === 'kurrentdb') {
    const events = getKurrentDBEventStore({ connectionString: config.esdbConnectionString! });
    const sql = pgExecutor(
      new pg.Pool({ connectionString: config.databaseUrl!, max: 10 }),
      true,
      logDroppedConnection(logger),
    );
    const schema = 'leadflow_write';
    const side = await createExternalStoreWriteSide(sql, schema, events, limits);
    return {
      ...side,
      events,
      store: streamsBesideSql(events, sql, schema),
      sql,
      sqlSchema: schema,
      onCommitted: () => {},
      readiness: [
        sqlReady(sql),
        { name: 'kurrentdb', check: async () => (await events.readAll({ maxCount: 1 }), true) },
      ],
      close: async () => {
        await events.close();
        await sql.close();
      },
    };
  }
  const store = await openEventStore(config, logger);
  const side = await createSqlWriteSide(store, limits);
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
