// `pnpm bench ingest`: leads/s through POST /v1/leads on PostgreSQL, against a no-op POST route on the
// same server, and through POST /v1/leads:batch (500 leads a call). The bench builds the leadflow app
// itself (in a child process it starts with `--serve`), adds the no-op route to it, and drives it over
// real keep-alive HTTP from this process; the ratio of the two single-request rates is the figure to
// compare between machines. BENCH_LEADS (default 3000) single requests per phase, BENCH_BATCHES (20)
// batch calls; the run takes about a minute on two cores.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { buildLeadflowAppFromEnvironment } from '../../services/leadflow/src/leadflowApp';

const CONCURRENCY = 32;
const BATCH_SIZE = 500;
const BATCH_CONCURRENCY = 2;
const LEADS = Number(process.env['BENCH_LEADS'] ?? 3000);
const BATCHES = Number(process.env['BENCH_BATCHES'] ?? 20);
const WARMUP = 300;
const NOOP_PATH = '/bench/noop';
const baseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const runId = Date.now().toString(36);

const lead = (i: number) => ({
  UserDetails: {
    FirstName: `First${i % 997}`,
    LastName: `Last${i}`,
    Email: `person${i}.${runId}@bench${i % 50}.example.com`,
    Phone: `+1415555${String(1000 + (i % 9000)).padStart(4, '0')}`,
    Country: 'US',
    Company: `Company ${i % 200}`,
  },
  LeadSource: `AppSource (SPZA)-${['PLT', 'INS', 'StartTestDrive', 'DNC'][i % 4]} | bench.offer-${i % 20}`,
  Description: `bench lead ${i}`,
});

/** Child mode: build the app as `pnpm start` does, add the no-op route, listen, print the port. */
const serve = async () => {
  const built = await buildLeadflowAppFromEnvironment('leadflow-bench');
  // The baseline: same server, hooks, body parsing and sockets, no work behind it.
  built.app.post(NOOP_PATH, async (_request, reply) => reply.status(202).send({ ok: true }));
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => void built.close().then(() => process.exit(0)));
};

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const post = (port: number, target: string, body: string) =>
  new Promise<number>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: target,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });

const drive = async (count: number, concurrency: number, call: (i: number) => Promise<number>) => {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const status = await call(i);
        if (status >= 300) throw new Error(`request ${i}: status ${status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { perSec: count / seconds, p50: pct(0.5), p99: pct(0.99) };
};

const startServer = (databaseUrl: string) =>
  new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve'], {
      env: {
        ...process.env,
        LEADFLOW_EVENTSTORE: 'postgres',
        DATABASE_URL: databaseUrl,
        LEADFLOW_BUS: 'memory',
        LOG_LEVEL: 'warn',
        // PostgreSQL mode protects personal data under a master key: the bench's own, unless one is set.
        LEADFLOW_MASTER_KEY: process.env['LEADFLOW_MASTER_KEY'] ?? randomBytes(32).toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}: ${out}`)));
  });

const main = async () => {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  const db = `lf_bench_ingest_${runId}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${db}`;
  const { child, port } = await startServer(dbUrl.toString());
  try {
    const single = (offset: number) => (i: number) =>
      post(port, '/v1/leads', JSON.stringify(lead(offset + i)));
    await drive(WARMUP, CONCURRENCY, single(10_000_000));
    await drive(WARMUP, CONCURRENCY, (i) => post(port, NOOP_PATH, JSON.stringify(lead(i))));
    const noop = await drive(LEADS, CONCURRENCY, (i) => post(port, NOOP_PATH, JSON.stringify(lead(i))));
    const ingest = await drive(LEADS, CONCURRENCY, single(0));
    const batchBody = (call: number) =>
      JSON.stringify(Array.from({ length: BATCH_SIZE }, (_, j) => lead(1_000_000 + call * BATCH_SIZE + j)));
    const batch = await drive(BATCHES, BATCH_CONCURRENCY, (call) =>
      post(port, '/v1/leads:batch', batchBody(call)),
    );
    const batchPerSec = batch.perSec * BATCH_SIZE;
    console.log(
      `POST ${NOOP_PATH}    ${noop.perSec.toFixed(0)} req/s  p50 ${noop.p50.toFixed(1)} ms  p99 ${noop.p99.toFixed(1)} ms`,
    );
    console.log(
      `POST /v1/leads       ${ingest.perSec.toFixed(0)} leads/s  p50 ${ingest.p50.toFixed(1)} ms  p99 ${ingest.p99.toFixed(1)} ms  (${LEADS} leads, concurrency ${CONCURRENCY})`,
    );
    console.log(
      `POST /v1/leads:batch ${batchPerSec.toFixed(0)} leads/s  (${BATCHES} calls of ${BATCH_SIZE}, ${BATCH_CONCURRENCY} at a time, p50 ${batch.p50.toFixed(0)} ms a call)`,
    );
    console.log(
      JSON.stringify({
        bench: 'ingest',
        singlePerSec: Math.round(ingest.perSec),
        noopPerSec: Math.round(noop.perSec),
        ratioToNoop: Number((ingest.perSec / noop.perSec).toFixed(3)),
        p50Ms: Number(ingest.p50.toFixed(1)),
        p99Ms: Number(ingest.p99.toFixed(1)),
        batchPerSec: Math.round(batchPerSec),
      }),
    );
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
};

if (process.argv.includes('--serve')) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
