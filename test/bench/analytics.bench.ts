// `pnpm bench analytics`: PostgreSQL with 200,000 events; export to NDJSON and to Parquet (events/s), each as
// a ratio to a plain readAll of the same events in the same run, with the process's RSS growth while exporting.
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { prepareExport, rowWriterFactory, type ExportFormat } from '../../packages/analytics/src';
import { getPostgresEventStore, type SqlEventStore } from '../../packages/eventstore/src';
import { benchAsOf, benchCohorts } from './analyticsTimeTravel';
import {
  CUSTOMERS_PROJECTION,
  DEFAULT_READ_SCHEMA,
  appendSyntheticLog,
  liveSchemaOf,
  rebuildProjection,
  syntheticLog,
} from '../../packages/projections/src';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const PAGE = 1000;
const ADMIN_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const location = { base: DEFAULT_READ_SCHEMA, name: CUSTOMERS_PROJECTION };
const MB = 1024 * 1024;

const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** Samples the process's RSS every 20 ms while `work` runs: the growth is the peak minus the RSS before. */
const measured = async <T>(work: () => Promise<T>) => {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, rssGrowthMb: (peak - before) / MB };
  } finally {
    clearInterval(timer);
  }
};

const readAllOnce = async (store: SqlEventStore): Promise<number> => {
  let read = 0;
  let position: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: position, maxCount: PAGE });
    const last = page[page.length - 1];
    if (last === undefined) return read;
    read += page.length;
    position = last.globalPosition;
  }
};

/** One full export of `events` in a format, written to /dev/null through a stream (as a file or a reply is). */
const exportOnce = async (store: SqlEventStore, readSchema: string, format: ExportFormat) => {
  const prepared = await prepareExport({ store, readSchema }, 'events', {});
  const writer = (await rowWriterFactory(format))(prepared.columns);
  let bytes = 0;
  const chunks = prepared.chunks(writer);
  const counted = async function* () {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      yield chunk;
    }
  };
  await pipeline(Readable.from(counted(), { highWaterMark: 1 }), createWriteStream('/dev/null'));
  return { rows: prepared.count(), bytes };
};

const main = async () => {
  const name = `lf_bench_${Date.now().toString(36)}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await getPostgresEventStore({ connectionString: url.toString() });
  try {
    let t = performance.now();
    const appended = await appendSyntheticLog(store, syntheticLog(EVENTS), { perTx: 500, concurrency: 4 });
    console.log(`appended ${appended} events in ${((performance.now() - t) / 1000).toFixed(1)}s`);
    await store.executor.exec(`VACUUM ANALYZE ${store.schema}.events`);
    // The read models resolve survivors after merges, as on a running server.
    t = performance.now();
    await rebuildProjection({ store, location, batchSize: 2000 });
    console.log(`read models built in ${((performance.now() - t) / 1000).toFixed(1)}s`);
    const readSchema = (await liveSchemaOf(store.executor, location))!;

    // Warm-up pass of each path (JIT, the pool's connections), not in the figures.
    await readAllOnce(store);
    await exportOnce(store, readSchema, 'ndjson');

    const base = await measured(() => readAllOnce(store));
    const readAllPerSec = base.result / base.seconds;
    console.log(
      `readAll: ${base.result} events, ${Math.round(readAllPerSec)} events/s, RSS growth ${base.rssGrowthMb.toFixed(1)} MB`,
    );
    const figures: Record<string, { perSec: number; rssGrowthMb: number }> = {};
    for (const format of ['ndjson', 'parquet'] as const) {
      const run = await measured(() => exportOnce(store, readSchema, format));
      if (run.result.rows !== base.result)
        throw new Error(`readAll read ${base.result} events, the ${format} export wrote ${run.result.rows}`);
      const perSec = run.result.rows / run.seconds;
      figures[format] = { perSec, rssGrowthMb: run.rssGrowthMb };
      console.log(
        `export ${format}: ${run.result.rows} events, ${(run.result.bytes / MB).toFixed(1)} MB, ` +
          `${Math.round(perSec)} events/s (${(perSec / readAllPerSec).toFixed(2)} of readAll), ` +
          `RSS growth ${run.rssGrowthMb.toFixed(1)} MB`,
      );
    }
    const ndjson = figures['ndjson']!;
    const parquet = figures['parquet']!;
    const rssGrowthMb = Math.max(ndjson.rssGrowthMb, parquet.rssGrowthMb);
    if (rssGrowthMb >= 100) console.log(`RSS growth ${rssGrowthMb.toFixed(1)} MB is over the 100 MB bound`);

    // Time travel: customers of 100 events each, added after the exports so these count the log alone.
    const asOf = await benchAsOf(store);
    const asOfP99Ms = Number(asOf.p99Ms.toFixed(2));
    console.log(
      `asOf: ${asOf.reads} reads of 100-event customers, p50 ${asOf.p50Ms.toFixed(2)} ms, p99 ${asOfP99Ms} ms`,
    );
    const cohort = await benchCohorts(store, readSchema);
    const cohortsMs = Math.round(Math.max(cohort.weekMs, cohort.monthMs));
    console.log(
      `cohorts over ${cohort.customers} customers: week ${cohort.weekMs.toFixed(0)} ms, month ${cohort.monthMs.toFixed(0)} ms`,
    );

    console.log(
      JSON.stringify({
        bench: 'analytics',
        parquetPerSec: Math.round(parquet.perSec),
        ndjsonPerSec: Math.round(ndjson.perSec),
        readAllPerSec: Math.round(readAllPerSec),
        parquetRatio: Number((parquet.perSec / readAllPerSec).toFixed(3)),
        ndjsonRatio: Number((ndjson.perSec / readAllPerSec).toFixed(3)),
        asOfP99Ms,
        cohortsMs,
        events: base.result,
        exportRssGrowthMb: Number(rssGrowthMb.toFixed(1)),
      }),
    );
  } finally {
    await store.close();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
