import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pgExecutor } from './pgExecutor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pgExecutor: the server closes idle connections', () => {
  it('drops them without an unhandled error, and the next query connects anew', async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set (test/infra/globalSetup.ts sets it)');
    const application_name = `lf_idle_${randomUUID().slice(0, 8)}`;
    const pool = new pg.Pool({ connectionString, application_name, max: 3 });
    const sql = pgExecutor(pool, true);
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      // Given three idle connections in the pool
      const pids = await Promise.all(
        [1, 2, 3].map(() => sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')),
      );
      expect(pool.idleCount).toBe(3);
      // When the server terminates them (as a restart or DROP DATABASE ... WITH (FORCE) does)
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [application_name],
      );
      expect(killed.rowCount).toBe(3);
      for (let i = 0; i < 100 && pool.totalCount > 0; i++) await sleep(20);
      // Then the pool dropped them (an unhandled 'error' event would have failed this file)
      expect(pool.totalCount).toBe(0);
      // And the next query runs on a fresh connection
      const [row] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(pids.flat().map((r) => r.pid)).not.toContain(row!.pid);
    } finally {
      await admin.end();
      await sql.close();
    }
  });
});
