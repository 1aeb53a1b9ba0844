// `pnpm bench projections`: rebuild throughput of the read models from PostgreSQL against a plain readAll of the
// same events (same run, same database) as baseline, then customer-by-id reads over HTTP with autocannon.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { getPostgresEventStore } from '../../packages/eventstore/src';
import {
  CUSTOMERS_PROJECTION,
  DEFAULT_READ_SCHEMA,
  appendSyntheticLog,
  createProgressBar,
  liveSchemaOf,
  rebuildProjection,
  syntheticLog,
} from '../../packages/projections/src';
import { freePort } from '../infra/freePort';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 2000);
const READ_SECONDS = Number(process.env['BENCH_READ_SECONDS'] ?? 10);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const ADMIN_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = path.resolve(__dirname, '../..');
const location = { base: DEFAULT_READ_SCHEMA, name: CUSTOMERS_PROJECTION };

const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const waitReady = async (url: string) => {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('query service not ready');
};

const main = async () => {
  const name = `lf_bench_${Date.now().toString(36)}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await getPostgresEventStore({ connectionString: url.toString() });
  let child: ReturnType<typeof spawn> | undefined;
  try {
    let t = performance.now();
    const appended = await appendSyntheticLog(store, syntheticLog(EVENTS), { perTx: 500, concurrency: 4 });
    console.log(`appended ${appended} events in ${((performance.now() - t) / 1000).toFixed(1)}s`);
    await store.executor.exec(`VACUUM ANALYZE ${store.schema}.events`);

    // Baseline: plain readAll of the same events, same page size, decoded into the same recorded events
    // (the log holds only customer streams: the rebuild must report the same count, checked below).
    t = performance.now();
    let read = 0;
    let position: bigint | 'start' = 'start';
    for (;;) {
      const page = await store.readAll({ fromPosition: position, maxCount: BATCH });
      const last = page[page.length - 1];
      if (last === undefined) break;
      read += page.length;
      position = last.globalPosition;
    }
    const readAllPerSec = read / ((performance.now() - t) / 1000);
    console.log(`readAll: ${read} events, ${Math.round(readAllPerSec)} events/s`);

    t = performance.now();
    let bar: ReturnType<typeof createProgressBar> | undefined;
    const steps: string[] = [];
    const rebuilt = await rebuildProjection({
      onStep: (step, ms) => steps.push(`${step} ${(ms / 1000).toFixed(1)}s`),
      store,
      location,
      batchSize: BATCH,
      onProgress: (done, total) => {
        bar ??= createProgressBar(total);
        bar.update(done);
      },
    });
    bar?.finish(rebuilt.events);
    const rebuildPerSec = rebuilt.events / ((performance.now() - t) / 1000);
    console.log(
      `rebuild: ${rebuilt.events} events into ${rebuilt.schema}, ${Math.round(rebuildPerSec)} events/s`,
    );
    console.log(`rebuild steps: ${steps.join(', ')}`);
    if (rebuilt.events !== read)
      throw new Error(`baseline read ${read} events, the rebuild ${rebuilt.events}`);

    const schema = (await liveSchemaOf(store.executor, location))!;
    const ids = (
      await store.executor.query<{ id: string }>(
        `SELECT customer_id AS id FROM ${schema}.customers WHERE status = 'active'`,
      )
    ).map((r) => r.id);
    console.log(`customers: ${ids.length}`);

    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'services/query/src/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        LEADFLOW_EVENTSTORE: 'postgres',
        DATABASE_URL: url.toString(),
        LEADFLOW_PORT: String(port),
        LEADFLOW_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base);
    let next = 0;
    const readFor = (duration: number) =>
      autocannon({
        url: base,
        connections: 16,
        duration,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              path: `/v1/customers/${ids[(next = (next + 7919) % ids.length)]}`,
            }),
          },
        ],
      });
    const report = (label: string, r: autocannon.Result) =>
      console.log(
        `${label}: ${r.requests.total} requests, ${r.non2xx} non-2xx, ${Math.round(r.requests.average)} req/s, ` +
          `p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`,
      );
    // The first seconds of a new process (JIT, the pool's connections, each connection's prepared
    // statements) are reported apart: the figures are the steady state that follows.
    report(`customer by id, warm-up ${WARMUP_SECONDS}s (not in the figures)`, await readFor(WARMUP_SECONDS));
    const result = await readFor(READ_SECONDS);
    report('customer by id', result);
    console.log(
      JSON.stringify({
        bench: 'projections',
        events: rebuilt.events,
        customers: ids.length,
        rebuildPerSec: Math.round(rebuildPerSec),
        readAllPerSec: Math.round(readAllPerSec),
        ratioToReadAll: Number((rebuildPerSec / readAllPerSec).toFixed(3)),
        customerReadP50Ms: result.latency.p50,
        customerReadP99Ms: result.latency.p99,
      }),
    );
  } finally {
    child?.kill('SIGTERM');
    await store.close();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
