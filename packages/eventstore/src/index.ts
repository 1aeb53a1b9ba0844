export * from './port';
export * from './errors';
export { getInMemoryEventStore } from './memory/getInMemoryEventStore';
export {
  getPostgresEventStore,
  DEFAULT_SCHEMA,
  type PostgresEventStoreOptions,
} from './postgres/getPostgresEventStore';
export { getPGliteEventStore, type PGliteEventStoreOptions } from './pglite/getPGliteEventStore';
export { DataDirLockedError, lockDataDir, LOCK_FILE, type DataDirLock } from './pglite/dataDirLock';
export { MAX_BATCH_SIZE } from './postgres/schema';
export { getKurrentDBEventStore, type KurrentDBEventStoreOptions } from './kurrentdb/getKurrentDBEventStore';
export { DEFAULT_RECONNECT, type ReconnectPolicy } from './kurrentdb/subscribeToAll';
export { createNodePGlite } from './testing/createNodePGlite';
export type { SqlEventStore, SqlEventStoreTx } from './postgres/sqlEventStore';
export type { QueryOptions, SqlExecutor } from './postgres/sqlExecutor';
export { pgExecutor } from './postgres/pgExecutor';
export { isConnectionError } from './postgres/connectionErrors';
export { appendPayload } from './postgres/appendToStream';
export { coalesce } from './postgres/coalesce';
export { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './postgres/eventRow';
export { inBatches } from './subscription/inBatches';
export { streamsBesideSql } from './composite/streamsBesideSql';
export {
  openEventStore,
  STREAMS_TABLES_SCHEMA,
  type OpenEventStoreOptions,
  type StoreSettings,
} from './composite/openEventStore';
