// `pnpm bench ingest`: leads/s through POST /v1/leads (real HTTP, PostgreSQL, one leadflow process)
// against GET /healthz on the same server and sockets as the baseline (the ratio is what to compare).
import { Client } from 'pg';
import { startService } from '../infra';

const LEADS = Number(process.env.BENCH_LEADS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const lead = (i: number) =>
  JSON.stringify({
    UserDetails: {
      FirstName: `First${i % 997}`,
      LastName: `Last${i}`,
      Email: `person${i % 3000}@bench${i % 50}.example.com`,
      Phone: `+1415555${String(1000 + (i % 9000)).padStart(4, '0')}`,
      Country: 'US',
      Company: `Company ${i % 200}`,
    },
    LeadSource: `AppSource (SPZA)-${['PLT', 'INS', 'StartTestDrive', 'DNC'][i % 4]} | bench.offer-${i % 20}`,
    Description: `bench lead ${i}`,
  });

const run = async (url: string, count: number, request: (i: number) => Promise<Response>) => {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const response = await request(i);
        await response.arrayBuffer();
        if (response.status >= 300) throw new Error(`${url}: ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { perSec: count / seconds, p50: pct(0.5), p99: pct(0.99) };
};

const main = async () => {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  const db = `lf_bench_ingest_${Date.now().toString(36)}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${db}`;
  const service = await startService('services/leadflow/src/main.ts', {
    LEADFLOW_EVENTSTORE: 'postgres',
    DATABASE_URL: dbUrl.toString(),
    LEADFLOW_BUS: 'memory',
    LOG_LEVEL: 'warn',
  });
  try {
    const post = (i: number) =>
      fetch(`${service.url}/v1/leads`, {
        method: 'POST',
        body: lead(i),
        headers: { 'content-type': 'application/json' },
      });
    await run('warm-up', 200, (i) => post(LEADS + i));
    const health = await run('/healthz', LEADS, () => fetch(`${service.url}/healthz`));
    const ingest = await run('/v1/leads', LEADS, post);
    console.log(
      `GET /healthz   ${health.perSec.toFixed(0)} req/s  p50 ${health.p50.toFixed(1)} ms  p99 ${health.p99.toFixed(1)} ms`,
    );
    console.log(
      `POST /v1/leads ${ingest.perSec.toFixed(0)} leads/s  p50 ${ingest.p50.toFixed(1)} ms  p99 ${ingest.p99.toFixed(1)} ms  (${LEADS} leads, concurrency ${CONCURRENCY})`,
    );
    console.log(
      JSON.stringify({
        bench: 'ingest',
        leadsPerSec: Math.round(ingest.perSec),
        healthzPerSec: Math.round(health.perSec),
        ratioToHealthz: Number((ingest.perSec / health.perSec).toFixed(3)),
        p50Ms: Number(ingest.p50.toFixed(1)),
        p99Ms: Number(ingest.p99.toFixed(1)),
      }),
    );
  } finally {
    await service.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
