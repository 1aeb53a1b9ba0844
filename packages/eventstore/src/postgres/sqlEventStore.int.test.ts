import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import pg from 'pg';
import { expectRight, newEvent, nextEvents } from '../contract/fixtures';
import { getPGliteEventStore } from '../pglite/getPGliteEventStore';
import { createNodePGlite } from '../testing/createNodePGlite';
import { getPostgresEventStore } from './getPostgresEventStore';
import { coalescedAppender } from './appendCoalesced';
import type { SqlEventStore } from './sqlEventStore';
import type { SqlExecutor } from './sqlExecutor';

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
      ).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
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

describe('concurrent appends on PostgreSQL (coalesced into shared statements)', () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  const schema = schemaName();
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('answers 300 simultaneous appends each as if it were alone', async () => {
    const store = await getPostgresEventStore({ pool, schema });
    try {
      // Given streams holding one event each, and a redelivery batch for some of them
      const existing = Array.from({ length: 40 }, (_, i) => `existing-${i}`);
      const first = new Map<string, ReturnType<typeof newEvent>>();
      for (const stream of existing) {
        const event = newEvent('First');
        first.set(stream, event);
        expectRight(await store.appendToStream(stream, [event], 'no_stream'));
      }
      const original = new Map(
        await Promise.all(
          existing.map(async (s) => [s, (await store.readStream(s))[0]!.globalPosition] as const),
        ),
      );

      // When 300 appends are made at once: new streams, wrong expectations, redeliveries, one busy stream
      const calls = [
        ...Array.from({ length: 100 }, (_, i) => ({
          kind: 'new',
          run: () => store.appendToStream(`new-${i}`, [newEvent('A'), newEvent('B')], 'no_stream'),
        })),
        ...existing
          .slice(0, 20)
          .map((s) => ({ kind: 'wrong', run: () => store.appendToStream(s, [newEvent('A')], 'no_stream') })),
        ...existing
          .slice(20)
          .map((s) => ({ kind: 'again', run: () => store.appendToStream(s, [first.get(s)!], 0n) })),
        ...Array.from({ length: 140 }, () => ({
          kind: 'busy',
          run: () => store.appendToStream('busy', [newEvent('A')], 'any'),
        })),
      ];
      const results = await Promise.all(calls.map((c) => c.run()));

      // Then each got its own answer
      results.forEach((result, i) => {
        const kind = calls[i]!.kind;
        if (kind === 'wrong') expect(E.isLeft(result) && result.left.name).toBe('WrongExpectedVersion');
        else expect(E.isRight(result)).toBe(true);
      });
      // the new streams hold their two events; the redeliveries kept their original positions
      for (let i = 0; i < 100; i += 1)
        expect((await store.readStream(`new-${i}`)).map((e) => e.type)).toEqual(['A', 'B']);
      results.forEach((result, i) => {
        if (calls[i]!.kind !== 'again' || E.isLeft(result)) return;
        expect(result.right.positions).toEqual([original.get(existing[20 + (i - 120)]!)]);
      });
      for (const s of existing) expect(await store.readStream(s)).toHaveLength(1);
      // the busy stream holds 140 events at revisions 0..139 whose positions increase with the revision
      const busy = await store.readStream('busy');
      expect(busy.map((e) => Number(e.streamRevision))).toEqual(Array.from({ length: 140 }, (_, i) => i));
      const positions = busy.map((e) => e.globalPosition);
      expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    } finally {
      await store.close();
    }
  });

  it('sends 50 simultaneous appends in a few statements, and each stream gets its events', async () => {
    // Given an appender over an executor that counts the statements it is sent
    const store = await getPostgresEventStore({ pool, schema });
    try {
      let statements = 0;
      const counting: SqlExecutor = {
        ...store.executor,
        query: (sql, params, options) => {
          statements += 1;
          return store.executor.query(sql, params, options);
        },
      };
      const append = coalescedAppender(counting, schema);

      // When 50 appends to new streams are made at once
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => append(`coalesced-${i}`, [newEvent('A')], 'no_stream')),
      );

      // Then all succeed in far fewer statements than appends, and every stream holds its event
      expect(results.every(E.isRight)).toBe(true);
      expect(statements).toBeLessThanOrEqual(4);
      for (let i = 0; i < 50; i += 1) expect(await store.readStream(`coalesced-${i}`)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('SQL event store on PGlite', () => {
  const db = createNodePGlite();
  afterAll(() => db.close());
  sqlStoreBehaviour((schema) => getPGliteEventStore({ db, schema }));
});
