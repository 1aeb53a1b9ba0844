import type { SqlEventStore } from '@leadflow/eventstore';
import type { LeadQueries } from '../leadQueries';
import type { RejectedStore } from '../rejectedStore';
import type { IdentityHashing, NewCustomerSealing, WriteSide } from '../writeTx';
import { installDirectWrites, sqlDirectWrites } from './directWrites';
import { isRetryableSqlError } from './sqlErrors';
import { sqlLeadEvents, sqlLeadQueries, sqlRejectedStore } from './sqlReviewStore';
import { sqlWriteTx } from './sqlWriteTx';
import { writeSideMigrations } from './writeSideSchema';

/** Exported with the write side it belongs to (the package index re-exports this module). */
export { isRetryableSqlError } from './sqlErrors';

/** Personal-data protection of a write side: hashed identity, and new customers' events sealed under their own key. */
export type WriteSidePrivacy = IdentityHashing & NewCustomerSealing;

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
  options: { rejectedMaxCount: number; maxLeadBytes: number; privacy?: WriteSidePrivacy },
): Promise<SqlWriteSide> => {
  const s = store.schema;
  for (const migration of writeSideMigrations) await store.executor.exec(migration.sql(s));
  await installDirectWrites(store);
  const rejected = sqlRejectedStore(store.executor, s, options.rejectedMaxCount, options.maxLeadBytes);
  return {
    writeSide: {
      transact: (work) => store.transaction((tx) => work(sqlWriteTx(tx.executor, s, tx))),
      isRetryable: isRetryableSqlError,
      direct: sqlDirectWrites(store, undefined, options.privacy),
      ...(options.privacy === undefined ? {} : { identity: options.privacy }),
    },
    rejected,
    queries: sqlLeadQueries(
      store.executor,
      s,
      rejected,
      sqlLeadEvents(store.executor, s, store.openRecorded),
    ),
  };
};
