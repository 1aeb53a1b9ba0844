import pg from 'pg';
import type { SqlExecutor } from './sqlExecutor';

const clientExecutor = (client: pg.PoolClient): SqlExecutor => ({
  sharedWithOtherProcesses: true,
  query: async <Row>(sql: string, params?: readonly unknown[]) =>
    (await client.query(sql, params as unknown[] | undefined)).rows as Row[],
  exec: async (sql) => {
    await client.query(sql);
  },
  transaction: () => Promise.reject(new Error('Nested transactions are not supported')),
  listen: () => Promise.reject(new Error('LISTEN inside a transaction is not supported')),
  close: async () => undefined,
});

// LISTEN needs a connection of its own for as long as it listens, outside the pool.
const listenOn = async (options: pg.ClientConfig, channel: string, onNotify: () => void) => {
  const client = new pg.Client(options);
  client.on('error', () => undefined); // a dropped listener leaves subscribers polling
  await client.connect();
  client.on('notification', (message) => {
    if (message.channel === channel) onNotify();
  });
  await client.query(`LISTEN "${channel}"`);
  return async (): Promise<void> => {
    await client.end().catch(() => undefined);
  };
};

/** A `SqlExecutor` over a pg Pool; `ownsPool` makes `close()` end the pool. */
export const pgExecutor = (pool: pg.Pool, ownsPool: boolean): SqlExecutor => ({
  sharedWithOtherProcesses: true,
  query: async <Row>(sql: string, params?: readonly unknown[]) =>
    (await pool.query(sql, params as unknown[] | undefined)).rows as Row[],
  exec: async (sql) => {
    await pool.query(sql);
  },
  transaction: async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(clientExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  },
  listen: (channel, onNotify) => listenOn(pool.options, channel, onNotify),
  close: async () => {
    if (ownsPool) await pool.end();
  },
});
