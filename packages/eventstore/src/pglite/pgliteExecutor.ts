import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlExecutor } from '../postgres/sqlExecutor';

const transactionExecutor = (tx: Transaction): SqlExecutor => ({
  sharedWithOtherProcesses: false,
  query: async <Row>(sql: string, params?: readonly unknown[]) =>
    (await tx.query<Row>(sql, params as unknown[] | undefined)).rows,
  exec: async (sql) => {
    await tx.exec(sql);
  },
  transaction: () => Promise.reject(new Error('Nested transactions are not supported')),
  listen: () => Promise.reject(new Error('LISTEN inside a transaction is not supported')),
  close: async () => undefined,
});

/** A `SqlExecutor` over PGlite (one connection: statements are serialised by PGlite itself). */
export const pgliteExecutor = (db: PGlite, ownsDb: boolean): SqlExecutor => ({
  sharedWithOtherProcesses: false,
  query: async <Row>(sql: string, params?: readonly unknown[]) =>
    (await db.query<Row>(sql, params as unknown[] | undefined)).rows,
  exec: async (sql) => {
    await db.exec(sql);
  },
  transaction: (work) => db.transaction((tx) => work(transactionExecutor(tx))),
  listen: async (channel, onNotify) => {
    const unlisten = await db.listen(channel, () => onNotify());
    return async () => {
      if (!db.closed) await unlisten();
    };
  },
  close: async () => {
    if (ownsDb) await db.close();
  },
});
