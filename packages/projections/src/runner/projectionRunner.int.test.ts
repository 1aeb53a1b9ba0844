import { randomUUID } from 'node:crypto';
import {
  createNodePGlite,
  getPGliteEventStore,
  getPostgresEventStore,
  type SqlEventStore,
} from '@leadflow/eventstore';
import { compareReadModels } from '../compare/compareReadModels';
import { listDeadLetters } from '../read/deadLetterQueries';
import { rebuildProjection } from '../rebuild/rebuildProjection';
import { liveSchemaOf, type ReadModelLocation } from '../schema/pointer';
import { appendSyntheticLog, syntheticLog } from '../testing/syntheticLog';
import { createProjectionRunner } from './projectionRunner';

const waitFor = async (predicate: () => Promise<boolean>, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

const suffix = () => randomUUID().replace(/-/g, '').slice(0, 10);

// PGlite is single-connection and slower: a smaller log there.
const adapters: Array<[string, () => Promise<SqlEventStore>, number]> = [
  [
    'PostgreSQL',
    () => getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema: `ev_${suffix()}` }),
    1500,
  ],
  ['PGlite', () => getPGliteEventStore({ db: createNodePGlite() }), 120],
];

describe.each(adapters)('projection runner on %s', (_name, open, size) => {
  let store: SqlEventStore;
  let location: ReadModelLocation;

  beforeEach(async () => {
    store = await open();
    location = { base: `rd_${suffix()}`, name: 'customers' };
  });
  afterEach(() => store.close());

  it('applies the log once, equals a clean rebuild row for row, and parks poison events', async () => {
    // Given a log with merges, one malformed event, and one event whose handler keeps throwing
    const appended = await appendSyntheticLog(store, syntheticLog(size));
    const bad = randomUUID();
    await store.appendToStream(`customer-${bad}`, [
      { id: randomUUID(), type: 'LeadReceived', data: { nonsense: true }, metadata: { schemaVersion: 1 } },
    ]);
    const cursed = (await store.readAll({ maxCount: 10 }))[3]!;
    let tries = 0;
    const apply = {
      retry: { attempts: 3, baseDelayMs: 5 },
      beforeApply: (event: { id: string }) => {
        if (event.id === cursed.id) {
          tries += 1;
          throw new Error('handler exploded');
        }
      },
    };
    const runner = createProjectionRunner({ store, location, ...apply });
    // When the runner catches up
    await runner.start();
    await waitFor(async () => (await runner.lag()).events === 0);
    // Then both poison events are parked with their errors, after bounded retries, and the runner went on
    const schema = (await liveSchemaOf(store.executor, location))!;
    const parked = await listDeadLetters(store.executor, schema, { limit: 10 });
    const parkedIds = parked!.items.map((d) => d.eventId);
    expect(parkedIds).toHaveLength(2);
    expect(parkedIds).toContain(cursed.id);
    expect(parked!.items.find((d) => d.eventId === cursed.id)).toMatchObject({
      error: 'handler exploded',
      attempts: 3,
    });
    expect(tries).toBe(3);
    const [counts] = await store.executor.query<{ n: number }>(
      `SELECT sum(event_count)::int AS n FROM ${schema}.customers`,
    );
    expect(counts!.n).toBe(appended - 1);
    await runner.stop();
    // And a clean rebuild (same handlers) equals the live model row for row
    const rebuilt = await rebuildProjection({ store, location, switchLive: false, apply });
    expect(await compareReadModels(store.executor, schema, rebuilt.schema)).toEqual([]);
    expect(rebuilt.events).toBe(appended + 1);
    // And so does a rebuild past its memory bound (folds a few customers, then goes on batch by batch)
    const bounded = await rebuildProjection({
      store,
      location,
      switchLive: false,
      apply,
      maxCustomers: 5,
      batchSize: 7,
      loadChunk: 3,
    });
    expect(await compareReadModels(store.executor, schema, bounded.schema)).toEqual([]);
    expect(bounded.events).toBe(appended + 1);
    // And a rebuild in small pages (customers written while the fold goes on, merged ones written again)
    const paged = await rebuildProjection({ store, location, switchLive: false, apply, batchSize: 11 });
    expect(await compareReadModels(store.executor, schema, paged.schema)).toEqual([]);
  });

  it('follows a rebuild switch and keeps applying new events to the new generation', async () => {
    await appendSyntheticLog(store, syntheticLog(size / 3));
    const runner = createProjectionRunner({ store, location });
    await runner.start();
    await waitFor(async () => (await runner.lag()).events === 0);
    const before = (await liveSchemaOf(store.executor, location))!;
    const rebuilt = await rebuildProjection({ store, location });
    expect(await liveSchemaOf(store.executor, location)).toBe(rebuilt.schema);
    await appendSyntheticLog(store, syntheticLog(size / 5));
    await waitFor(async () => (await runner.lag()).events === 0);
    await runner.stop();
    // The live generation equals a clean rebuild of everything
    const check = await rebuildProjection({ store, location, switchLive: false });
    expect(await compareReadModels(store.executor, rebuilt.schema, check.schema)).toEqual([]);
    expect(before).not.toBe(rebuilt.schema);
  });
});
