import type { SqlEventStore } from '@leadflow/eventstore';
import type { LeadQueries } from '../leadQueries';
import type { RejectedStore } from '../rejectedStore';
import type { WriteSide } from '../writeTx';
import { installDirectWrites, sqlDirectWrites } from './directWrites';
import { sqlLeadEvents, sqlLeadQueries, sqlRejectedStore } from './sqlReviewStore';
import { sqlWriteTx } from './sqlWriteTx';
import { writeSideMigrations } from './writeSideSchema';

/** PostgreSQL error codes after which the whole write transaction is simply tried again. */
const RETRYABLE_CODES = new Set(['40001', '40P01', '23505']);

/** True for a serialization failure, a deadlock or a unique-key race: the transaction is simply run again. */
export const isRetryableSqlError = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  RETRYABLE_CODES.has(String((error as { code?: unknown }).code));

export interface SqlWriteSide {
  writeSide: WriteSide;
  rejected: RejectedStore;
  queries: LeadQueries;
}

/**
 * The write side on a SQL event store (PostgreSQL or PGlite): its tables live in the event store's
 * schema and every lead is one transaction with its append (a new customer's first lead: one statement).
 */
export const createSqlWriteSide = async (
  store: SqlEventStore,
  options: { rejectedMaxCount: number; maxLeadBytes: number },
): Promise<SqlWriteSide> => {
  const s = store.schema;
  for (const migration of writeSideMigrations) await store.executor.exec(migration.sql(s));
  await installDirectWrites(store);
  const rejected = sqlRejectedStore(store.executor, s, options.rejectedMaxCount, options.maxLeadBytes);
  return {
    writeSide: {
      transact: (work) => store.transaction((tx) => work(sqlWriteTx(tx.executor, s, tx))),
      isRetryable: isRetryableSqlError,
      direct: sqlDirectWrites(store, isRetryableSqlError),
    },
    rejected,
    queries: sqlLeadQueries(store.executor, s, rejected, sqlLeadEvents(store.executor, s)),
  };
};
