// `pnpm bench projections`: rebuild throughput of the read models from PostgreSQL against a plain readAll of the
// same events (same run, same database) as baseline, then customer-by-id reads over HTTP with autocannon.
// The log is stored as leadflow stores it, personal fields sealed under each customer's key, and the rebuild
// opens them through a vault of its own (keys not yet in memory, as in a rebuild process).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { getPostgresEventStore, type SqlExecutor } from '../../packages/eventstore/src';
import { openVault, privateStore, type Vault } from '../../packages/privacy/src';
import {
  CUSTOMERS_PROJECTION,
  DEFAULT_READ_SCHEMA,
  appendSyntheticLog,
  createProgressBar,
  liveSchemaOf,
  rebuildProjection,
  syntheticLog,
  type SyntheticAppend,
} from '../../packages/projections/src';
import { freePort } from '../infra/freePort';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 2000);
const READ_SECONDS = Number(process.env['BENCH_READ_SECONDS'] ?? 10);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const ADMIN_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = path.resolve(__dirname, '../..');
const location = { base: DEFAULT_READ_SCHEMA, name: CUSTOMERS_PROJECTION };
const masterKey = randomBytes(32);
// BENCH_CLEAR=1: the log stored and rebuilt in clear, as before personal data was sealed (the cost of sealing, same tree).
const CLEAR = process.env['BENCH_CLEAR'] === '1';

/** The log as the write side stores it: every customer's key created (one statement), then its events sealed. */
const sealLog = async (vault: Vault, sql: SqlExecutor, log: ReadonlyArray<SyntheticAppend>) => {
  const customerOf = (stream: string) => stream.slice('customer-'.length);
  const ids = log.flatMap((a) => vault.sealingKeyIds(customerOf(a.stream), a.events));
  const { keys } = await vault.keysForWriting(sql, ids);
  return log.map((a) => ({ ...a, events: vault.sealEvents(customerOf(a.stream), a.events, keys) }));
};

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
    const vault = await openVault({ executor: store.executor, schema: store.schema, masterKey });
    const sealed = CLEAR ? syntheticLog(EVENTS) : await sealLog(vault, store.executor, syntheticLog(EVENTS));
    let t = performance.now();
    const appended = await appendSyntheticLog(store, sealed, { perTx: 500, concurrency: 4 });
    console.log(`appended ${appended} events in ${((performance.now() - t) / 1000).toFixed(1)}s`);
    await store.executor.exec(`VACUUM ANALYZE ${store.schema}.events`);
    const [stored] = await store.executor.query<{ sealed: number; clear: number }>(
      `SELECT count(*) FILTER (WHERE data ? 'sealed')::int AS sealed,
              count(*) FILTER (WHERE data::text LIKE '%@example.org%')::int AS clear FROM ${store.schema}.events`,
    );
    if (!CLEAR && (!stored || stored.sealed === 0 || stored.clear > 0))
      throw new Error(`the log is not stored sealed: ${JSON.stringify(stored)}`);

    // Baseline: plain readAll of the same stored events (sealed, not opened), same page size, decoded into
    // the same recorded events (the log holds only customer streams: the rebuild must report the same count).
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
    const opening = CLEAR
      ? store
      : privateStore(store, await openVault({ executor: store.executor, schema: store.schema, masterKey }));
    const rebuilt = await rebuildProjection({
      onStep: (step, ms) => steps.push(`${step} ${(ms / 1000).toFixed(1)}s`),
      store: opening,
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
    const [opened] = await store.executor.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${schema}.customers WHERE view LIKE '%@example.org%'`,
    );
    if (!opened || opened.n === 0) throw new Error('the rebuild did not open the sealed personal fields');
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
        LEADFLOW_MASTER_KEY: masterKey.toString('base64'),
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
