import type { EventStore } from '../port';
import type { SqlEventStore } from '../postgres/sqlEventStore';
import type { SqlExecutor } from '../postgres/sqlExecutor';

/**
 * An event store whose events live outside SQL (KurrentDB) with a SQL database beside it, shaped as a
 * SqlEventStore: the port goes to `events`, `executor`/`transaction` to `sql`, tables in `schema`.
 * `eventsInSql` is false, so no reader looks for an events table; a "transaction" is atomic for the
 * SQL tables only. Closing closes both.
 */
export const streamsBesideSql = (events: EventStore, sql: SqlExecutor, schema: string): SqlEventStore => ({
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
  eventsInSql: false,
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
