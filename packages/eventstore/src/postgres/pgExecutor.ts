import { createHash } from 'node:crypto';
import pg from 'pg';
import type { QueryOptions, SqlExecutor } from './sqlExecutor';

// Hot statements run as named prepared statements: planning was ~45% of PostgreSQL's time for
// the write path's key lookups and inserts (pg_stat_statements, followups bench). Bounded, so texts
// built from data could never grow it: past the bound, statements go unnamed.
const MAX_NAMED = 1000;
const names = new Map<string, string>();

const toQuery = (sql: string, params?: readonly unknown[], options?: QueryOptions): pg.QueryConfig => {
  const values = params as unknown[] | undefined;
  if (options?.prepare !== true) return { text: sql, values };
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= MAX_NAMED) return { text: sql, values };
    name = `lf_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return { name, text: sql, values };
};

const clientExecutor = (client: pg.PoolClient): SqlExecutor => ({
  sharedWithOtherProcesses: true,
  query: async <Row>(sql: string, params?: readonly unknown[], options?: QueryOptions) =>
    (await client.query(toQuery(sql, params, options))).rows as Row[],
  exec: async (sql) => {
    await client.query(sql);
  },
  transaction: () => Promise.reject(new Error('Nested transactions are not supported')),
  listen: () => Promise.reject(new Error('LISTEN inside a transaction is not supported')),
  close: async () => undefined,
});

// LISTEN needs a connection of its own for as long as it listens, outside the pool. Once listening,
// the connection's loss is reported (logged through `onError`, acted on through `onLost`) once.
const listenOn = async (
  options: pg.ClientConfig,
  channel: string,
  onNotify: () => void,
  onError: (error: Error) => void,
  onLost: (error: Error) => void = () => undefined,
) => {
  const client = new pg.Client(options);
  let state: 'starting' | 'listening' | 'done' = 'starting';
  const lose = (error: Error) => {
    if (state !== 'listening') return;
    state = 'done';
    onError(error);
    onLost(error);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the LISTEN connection ended')));
  try {
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    await client.query(`LISTEN "${channel}"`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  state = 'listening';
  return async (): Promise<void> => {
    state = 'done';
    await client.end().catch(() => undefined);
  };
};

/**
 * A `SqlExecutor` over a pg Pool; `ownsPool` makes `close()` end the pool. A connection the server
 * closes (restart, failover, `pg_terminate_backend`) while idle in the pool or listening is reported to
 * `onIdleError`, never thrown: the pool drops it, a lost LISTEN goes to `listen`'s `onLost`.
 */
export const pgExecutor = (
  pool: pg.Pool,
  ownsPool: boolean,
  onIdleError: (error: Error) => void = () => undefined,
): SqlExecutor => {
  // Without a listener, pg-pool re-emits an idle client's error as an unhandled 'error' event and
  // the process dies. The pool has already discarded that client; the next query connects anew, and
  // a server that stays down fails that query (and readiness) instead.
  pool.on('error', onIdleError);
  return poolExecutor(pool, ownsPool, onIdleError);
};

const poolExecutor = (pool: pg.Pool, ownsPool: boolean, onError: (error: Error) => void): SqlExecutor => ({
  sharedWithOtherProcesses: true,
  query: async <Row>(sql: string, params?: readonly unknown[], options?: QueryOptions) =>
    (await pool.query(toQuery(sql, params, options))).rows as Row[],
  exec: async (sql) => {
    await pool.query(sql);
  },
  transaction: async (work) => {
    const client = await pool.connect();
    // A checked-out client is outside the pool's error listener: a connection the server closes between
    // two statements of the transaction would otherwise be an unhandled 'error' event. Its next statement
    // then fails (so does the transaction), and the broken client is destroyed, not returned.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(clientExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (broken === undefined) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  },
  listen: (channel, onNotify, onLost) => listenOn(pool.options, channel, onNotify, onError, onLost),
  close: async () => {
    if (ownsPool) await pool.end();
  },
});
