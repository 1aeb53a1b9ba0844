import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import {
  CUSTOMERS_PROJECTION,
  DEFAULT_READ_SCHEMA,
  appendSyntheticLog,
  compareReadModels,
  ensureReadModel,
  liveSchemaOf,
  readCheckpoint,
  rebuildProjection,
  syntheticLog,
} from '@leadflow/projections';
import { createScratchDatabase, repoRoot, type ScratchDatabase } from '../infra';

// CI default 20,000 events and 10 kills; acceptance 2 is PROJECTIONS_CRASH_EVENTS=50000 (about 140 s on 2 cores).
const EVENTS = Number(process.env.PROJECTIONS_CRASH_EVENTS ?? 20_000);
const KILLS = Number(process.env.PROJECTIONS_CRASH_KILLS ?? 10);
const location = { base: DEFAULT_READ_SCHEMA, name: CUSTOMERS_PROJECTION };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('projections: kill -9 mid-batch', () => {
  let db: ScratchDatabase;
  let store: SqlEventStore;
  const children: ChildProcess[] = [];

  const startRunner = (url: string): ChildProcess => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'services/leadflow/src/cli.ts'), 'projections', 'run'],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          LEADFLOW_EVENTSTORE: 'postgres',
          DATABASE_URL: url,
          LOG_LEVEL: 'warn',
          LEADFLOW_PROJECTION_BATCH: '500',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    children.push(child);
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
    );
  const checkpoint = async (): Promise<bigint> => {
    const schema = await liveSchemaOf(store.executor, location);
    if (schema === null) return -1n;
    const position = await readCheckpoint(store.executor, schema, location.name).catch(
      () => 'start' as const,
    );
    return position === 'start' ? -1n : position;
  };

  beforeAll(async () => {
    db = await createScratchDatabase('crash');
    store = await getPostgresEventStore({ connectionString: db.url });
    await ensureReadModel(store.executor, location);
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await store?.close();
    await db?.drop();
  });

  it(`survives ${KILLS} SIGKILLs during ${EVENTS} events: equals a clean rebuild, nothing applied twice`, async () => {
    // Given a log of EVENTS customer events (with merges)
    let started = Date.now();
    const appended = await appendSyntheticLog(store, syntheticLog(EVENTS), { perTx: 200, concurrency: 4 });
    process.stdout.write(
      `crash test: appended ${appended} events in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
    started = Date.now();
    const [last] = await store.executor.query<{ p: string }>(
      `SELECT max(global_position)::text AS p FROM ${store.schema}.events`,
    );
    const head = BigInt(last!.p);
    // When the runner process is killed with SIGKILL shortly after each time it made progress
    let kills = 0;
    let progressSeen = -1n;
    while (kills < KILLS) {
      const child = startRunner(db.url);
      while ((await checkpoint()) <= progressSeen && child.exitCode === null) await sleep(20);
      await sleep(Math.floor(Math.random() * 150));
      child.kill('SIGKILL');
      await exited(child);
      const now = await checkpoint();
      if (now >= head) break;
      progressSeen = now;
      kills += 1;
    }
    // And finally left to finish
    const final = startRunner(db.url);
    while ((await checkpoint()) < head) await sleep(50);
    final.kill('SIGTERM');
    await exited(final);
    // Then every event was applied once, and the model equals a clean rebuild row for row
    const live = (await liveSchemaOf(store.executor, location))!;
    const [sum] = await store.executor.query<{ n: number }>(
      `SELECT sum(event_count)::int AS n FROM ${live}.customers`,
    );
    expect(sum!.n).toBe(appended);
    process.stdout.write(
      `crash test: kill loop and final catch-up ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
    started = Date.now();
    const rebuilt = await rebuildProjection({ store, location, switchLive: false });
    process.stdout.write(
      `crash test: ${kills} kills, ${appended} events; clean rebuild ${rebuilt.events} events in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
    expect(kills).toBe(KILLS);
    expect(await compareReadModels(store.executor, live, rebuilt.schema)).toEqual([]);
  }, 600_000);
});
