import { randomUUID } from 'node:crypto';
import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import { CUSTOMERS_PROJECTION, ensureReadModel, generationSchema } from './pointer';

// leadflow and the query service start together on one database (docker compose starts both at
// once): each creates the read model if it is missing, and neither may fail because the other won.
describe('ensureReadModel from concurrent processes', () => {
  const stores: SqlEventStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('creates the read model once and hands every starter the same live schema', async () => {
    // Given four stores, each with its own connection pool, as four processes would have
    for (let i = 0; i < 4; i += 1)
      stores.push(await getPostgresEventStore({ connectionString: process.env.DATABASE_URL! }));
    // When they all ensure the read model at the same moment, in rounds on fresh base schemas
    for (let round = 0; round < 5; round += 1) {
      const base = `rm_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
      const location = { base, name: CUSTOMERS_PROJECTION };
      const results = await Promise.allSettled(stores.map((s) => ensureReadModel(s.executor, location)));
      // Then none fails, all name generation 1, and the pointer has one row
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual(
        stores.map(() => generationSchema(base, 1)),
      );
      const rows = await stores[0]!.executor.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${base}.pointer`,
      );
      expect(rows[0]!.n).toBe(1);
    }
  });
});
