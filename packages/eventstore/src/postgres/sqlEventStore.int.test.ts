import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import pg from 'pg';
import { expectRight, newEvent, nextEvents } from '../contract/fixtures';
import { getPGliteEventStore } from '../pglite/getPGliteEventStore';
import { createNodePGlite } from '../testing/createNodePGlite';
import { getPostgresEventStore } from './getPostgresEventStore';
import type { SqlEventStore } from './sqlEventStore';

const schemaName = (): string => `es_sql_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

// SQL-only behaviour: appends inside a caller's transaction, and migrations re-run at start.
const sqlStoreBehaviour = (open: (schema: string) => Promise<SqlEventStore>): void => {
  it('appends to two streams in one transaction with distinct, increasing positions', async () => {
    const store = await open(schemaName());
    try {
      const subscription = store.subscribeToAll();
      const [a, b] = await store.transaction(async (tx) => [
        expectRight(await tx.appendToStream('merge-a', [newEvent('MergedInto'), newEvent('X')], 'no_stream')),
        expectRight(await tx.appendToStream('merge-b', [newEvent('Merged')], 'no_stream')),
      ]);
      expect([...a.positions, ...b.positions]).toEqual(
        [...a.positions, ...b.positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
      );
      expect(new Set([...a.positions, ...b.positions]).size).toBe(3);
      const events = await nextEvents(subscription[Symbol.asyncIterator](), 3);
      expect(events.map((e) => e.globalPosition)).toEqual([...a.positions, ...b.positions]);
      await subscription.close();
    } finally {
      await store.close();
    }
  });

  it('rolls back the appends of a failed transaction', async () => {
    const store = await open(schemaName());
    try {
      await expect(
        store.transaction(async (tx) => {
          expectRight(await tx.appendToStream('rolled-back', [newEvent('A')]));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.readStream('rolled-back')).toEqual([]);
      expect(E.isRight(await store.appendToStream('rolled-back', [newEvent('A')], 'no_stream'))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('re-runs its migrations idempotently on an existing schema', async () => {
    const schema = schemaName();
    const first = await open(schema);
    expectRight(await first.appendToStream('kept', [newEvent('A')]));
    await first.close();
    const second = await open(schema);
    try {
      expect(await second.readStream('kept')).toHaveLength(1);
      expect(
        await second.executor.query(`SELECT version FROM ${schema}.migrations ORDER BY version`),
      ).toEqual([{ version: 1 }, { version: 2 }]);
    } finally {
      await second.close();
    }
  });
};

describe('SQL event store on PostgreSQL', () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });
  sqlStoreBehaviour((schema) => {
    schemas.push(schema);
    return getPostgresEventStore({ pool, schema });
  });
});

describe('SQL event store on PGlite', () => {
  const db = createNodePGlite();
  afterAll(() => db.close());
  sqlStoreBehaviour((schema) => getPGliteEventStore({ db, schema }));
});
