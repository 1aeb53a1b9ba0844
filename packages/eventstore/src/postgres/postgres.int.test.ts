import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { runEventStoreContract } from '../contract/eventStoreContract';
import { getPostgresEventStore } from './getPostgresEventStore';

// Each run of the contract gets its own schema in the run's database, dropped afterwards.
runEventStoreContract('PostgreSQL', async () => {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set (test/infra/globalSetup.ts sets it)');
  const schema = `es_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const pool = new pg.Pool({ connectionString, max: 10 });
  const store = await getPostgresEventStore({ pool, schema });
  return {
    store,
    dispose: async () => {
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
});
