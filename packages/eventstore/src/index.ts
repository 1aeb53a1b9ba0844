export * from './port';
export * from './errors';
export { getInMemoryEventStore } from './memory/getInMemoryEventStore';
export {
  getPostgresEventStore,
  DEFAULT_SCHEMA,
  type PostgresEventStoreOptions,
} from './postgres/getPostgresEventStore';
export { getPGliteEventStore, type PGliteEventStoreOptions } from './pglite/getPGliteEventStore';
export { MAX_BATCH_SIZE } from './postgres/schema';
