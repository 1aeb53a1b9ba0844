import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expectRight, newEvent, nextEvents } from '../contract/fixtures';
import { getPostgresEventStore } from './getPostgresEventStore';
import { pgExecutor } from './pgExecutor';

// What a PostgreSQL restart or failover does to a process's connections, done to one test's
// connections only: pg_terminate_backend on the backends carrying this test's application_name.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const databaseUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (test/infra/globalSetup.ts sets it)');
  return url;
};
const codeOf = (error: Error) => (error as { code?: string }).code;

describe('PostgreSQL connections the server closes', () => {
  let admin: pg.Client;
  const application_name = () => `lf_loss_${randomUUID().slice(0, 8)}`;
  const backends = async (app: string, listening?: boolean) =>
    (
      await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1
            AND ($2::boolean IS NULL OR (query ILIKE 'LISTEN%') = $2)`,
        [app, listening ?? null],
      )
    ).rows.map((r) => r.pid);
  const terminate = async (pids: number[]) => {
    for (const pid of pids) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
  });
  afterAll(() => admin.end());

  it('drops idle pooled connections, reports each, and the next query connects anew', async () => {
    const app = application_name();
    const pool = new pg.Pool({ connectionString: databaseUrl(), application_name: app, max: 3 });
    const reported: Array<string | undefined> = [];
    const sql = pgExecutor(pool, true, (error) => reported.push(codeOf(error)));
    try {
      // Given three idle connections in the pool
      const before = await Promise.all(
        [1, 2, 3].map(() => sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')),
      );
      expect(pool.idleCount).toBe(3);
      // When the server terminates them
      await terminate(await backends(app));
      for (let i = 0; i < 100 && pool.totalCount > 0; i++) await sleep(20);
      // Then the pool dropped them (an unhandled 'error' event would have failed this file)
      expect(pool.totalCount).toBe(0);
      expect(reported).toEqual(['57P01', '57P01', '57P01']); // admin_shutdown, once per connection
      // And the next query runs on a fresh connection
      const [row] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(before.flat().map((r) => r.pid)).not.toContain(row!.pid);
    } finally {
      await sql.close();
    }
  });

  it('fails a transaction whose connection is closed between its statements, and goes on', async () => {
    const app = application_name();
    const pool = new pg.Pool({ connectionString: databaseUrl(), application_name: app, max: 1 });
    const sql = pgExecutor(pool, true);
    try {
      // When the connection is terminated while the transaction's code runs between two statements
      const failed = sql.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await terminate(await backends(app));
        await sleep(200);
        await tx.query('SELECT 2');
      });
      // Then the transaction fails, the process lives on, and the pool's one slot serves the next query
      await expect(failed).rejects.toThrow();
      expect(await sql.query<{ ok: number }>('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await sql.close();
    }
  });

  it('LISTENs again within a second when its connection is closed, and subscribers go on', async () => {
    const app = application_name();
    const schema = `es_loss_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const url = new URL(databaseUrl());
    url.searchParams.set('application_name', app);
    const reported: Array<string | undefined> = [];
    const store = await getPostgresEventStore({
      connectionString: url.toString(),
      schema,
      onIdleConnectionError: (error) => reported.push(codeOf(error)),
    });
    // Another process's store: its appends reach this one only through NOTIFY (or polling)
    const other = await getPostgresEventStore({ connectionString: databaseUrl(), schema });
    const subscription = store.subscribeToAll();
    const events = subscription[Symbol.asyncIterator]();
    try {
      const eventually = async (what: () => Promise<boolean>) => {
        for (let i = 0; i < 100 && !(await what()); i++) await sleep(50);
        return what();
      };
      expect(await eventually(async () => (await backends(app, true)).length === 1)).toBe(true);
      const [listener] = await backends(app, true);
      // When the server closes the LISTEN connection
      await terminate([listener!]);
      // Then it is reported, and a new LISTEN connection replaces it
      expect(
        await eventually(async () => {
          const now = await backends(app, true);
          return now.length === 1 && now[0] !== listener;
        }),
      ).toBe(true);
      expect(reported).toContain('57P01');
      // And the subscriber receives what the other process appends
      expectRight(await other.appendToStream('loss-1', [newEvent('AfterLoss')], 'no_stream'));
      const [received] = await nextEvents(events, 1);
      expect(received!.type).toBe('AfterLoss');
    } finally {
      await subscription.close();
      await other.close();
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });
});
