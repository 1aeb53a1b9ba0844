// `pnpm bench followups`: leads at a fixed rate through the HTTP API with publisher and followups on a
// real Kafka broker; after a warm-up at the same rate (BENCH_WARMUP_SECONDS, default 10), latency from a
// lead's 202 to its first-contact task in the read API (GET /v1/tasks of the query service) over the
// measured BENCH_SECONDS (default 60), then the followups consumer's throughput at saturation (a backlog
// consumed from a cold start). BENCH_CPU_PROF=<preload script> runs every service with it (profiling).
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createScratchDatabase, startService, type ServiceProcess } from '../infra';
import { startLocalKafka, type LocalKafka } from '../infra/kafkaLocal';

const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const SAMPLE_EVERY = Number(process.env['BENCH_SAMPLE_EVERY'] ?? 10);
const BACKLOG = Number(process.env['BENCH_BACKLOG'] ?? 5000);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 10);
/** Warm-up leads are numbered from here (the measured ones from 0, the backlog's from 1,000,000). */
const WARMUP_FIRST = 2_000_000;
const runId = Date.now().toString(36);

const lead = (n: number, action = 'plt') => ({
  UserDetails: {
    FirstName: `Bench${n}`,
    LastName: `Run${runId}`,
    Email: `bench${n}.${runId}@example.org`,
    Country: 'DE',
    Company: `Bench ${runId} ${n}`,
  },
  LeadSource: 'AzureMarketplace',
  ActionCode: action,
  OfferTitle: `Offer ${n % 5}`,
  Description: '',
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FIRST_POLL_MS = 150;
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// The load generator shares the 2 cores with the stack: plain keep-alive HTTP costs it a fraction
// of what fetch does, so more of the machine goes to the system under test.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const request = (url: string, method: 'GET' | 'POST', body?: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body === undefined ? {} : { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
const cpuSeconds = (pid: number | undefined): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
};
/** CPU seconds of every PostgreSQL process of the server (its backends come and go with the pools). */
const postgresCpuSeconds = (): number => {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim().startsWith('postgres'))
        total += cpuSeconds(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
};

const consumerLag = async (kafka: Kafka, topic: string, groupId: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
    const end = ends.reduce((s, o) => s + Number(o.high), 0);
    const done = committed.reduce((s, o) => s + Math.max(0, Number(o.offset)), 0);
    return { end, done, lag: end - done };
  } finally {
    await admin.disconnect();
  }
};

const main = async () => {
  process.env['DATABASE_URL'] ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  let local: LocalKafka | undefined;
  if (!process.env['KAFKA_BROKERS']) local = await startLocalKafka((l) => console.log(l), { fullJit: true });
  const brokers = process.env['KAFKA_BROKERS'] ?? local!.brokers;
  const db = await createScratchDatabase('bench_followups');
  const prefix = `bench-${runId}.`;
  const env = {
    LEADFLOW_EVENTSTORE: 'postgres',
    DATABASE_URL: db.url,
    // Every process of the stack shares one master key, as a deployment's must.
    LEADFLOW_MASTER_KEY: process.env['LEADFLOW_MASTER_KEY'] ?? randomBytes(32).toString('base64'),
    LEADFLOW_BUS: 'kafka',
    KAFKA_BROKERS: brokers,
    LEADFLOW_KAFKA_TOPIC_PREFIX: prefix,
    LEADFLOW_FOLLOWUPS_IN_PROCESS: 'false',
    LEADFLOW_KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'error',
    ...(process.env['BENCH_CPU_PROF'] ? { NODE_OPTIONS: `--require ${process.env['BENCH_CPU_PROF']}` } : {}),
  };
  const services: ServiceProcess[] = [];
  const kafka = new Kafka({ clientId: 'bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  try {
    // The full stack: leadflow takes the writes, the query service runs the projection and serves
    // the reads (BENCH_QUERY_SERVICE=0 keeps both in the leadflow process).
    const separateReads = process.env['BENCH_QUERY_SERVICE'] !== '0';
    const api = await startService(
      'services/leadflow/src/main.ts',
      separateReads ? { ...env, LEADFLOW_PROJECTIONS: 'off' } : env,
    );
    services.push(api);
    const reads = separateReads ? await startService('services/query/src/main.ts', env) : api;
    if (separateReads) services.push(reads);
    const publisher = await startService('services/publisher/src/main.ts', env);
    services.push(publisher);
    let followups = await startService('services/followups/src/main.ts', env);
    services.push(followups);
    // Assignment on: every task goes through routing (a territory for the leads' country, a default pool).
    const reps = [
      { id: 'bench-de-1', name: 'Bench DE 1', territories: { countries: ['DE'], offers: [] } },
      { id: 'bench-de-2', name: 'Bench DE 2', territories: { countries: ['DE'], offers: [] } },
      { id: 'bench-pool-1', name: 'Bench pool 1' },
      { id: 'bench-pool-2', name: 'Bench pool 2' },
    ];
    for (const rep of reps) await request(`${api.url}/v1/reps`, 'POST', JSON.stringify(rep));

    // Phase 1: open-loop arrivals at RATE/s; every SAMPLE_EVERY-th lead is watched in the read API.
    const latencies: number[] = [];
    const timeline: Array<[number, number]> = [];
    const watchers: Promise<void>[] = [];
    let accepted = 0;
    let failed = 0;
    const failures = new Map<string, number>();
    const countFailure = (reason: string) => {
      failed += 1;
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    };
    const watch = async (customerId: string, acceptedAt: number) => {
      const deadline = acceptedAt + 30_000;
      // No task can be visible sooner than the pipeline's hops and lingers allow (~100 ms even idle): the
      // first poll waits FIRST_POLL_MS, so a task visible earlier is reported as FIRST_POLL_MS (rounded up,
      // never down) and the observers cost the system under test a few polls less per watched lead.
      await sleep(FIRST_POLL_MS);
      while (performance.now() < deadline) {
        try {
          const response = await request(
            `${reads.url}/v1/tasks?customerId=${customerId}&kind=first-contact&limit=5`,
            'GET',
          );
          const page = JSON.parse(response.text) as { items?: unknown[] };
          if ((page.items?.length ?? 0) > 0) {
            latencies.push(performance.now() - acceptedAt);
            timeline.push([acceptedAt, performance.now() - acceptedAt]);
            return;
          }
        } catch {
          // an overloaded API refused the poll: try again
        }
        // 50 ms resolution up to the 1 s target; past it, back off (to at most 1 s) so that a lagging
        // system is not buried under its own observers' polls (the figure is then rounded up, never down).
        const elapsed = performance.now() - acceptedAt;
        await sleep(elapsed < 1000 ? 50 : Math.min(1000, elapsed / 10));
      }
      latencies.push(Infinity);
    };
    const send = async (n: number) => {
      const response = await request(`${api.url}/v1/leads`, 'POST', JSON.stringify(lead(n))).catch(
        (error: unknown) => {
          countFailure(String((error as Error).message ?? error).slice(0, 60));
          return null;
        },
      );
      if (response === null) return;
      const at = performance.now();
      let body: { customerId?: string } = {};
      try {
        body = JSON.parse(response.text) as { customerId?: string };
      } catch {
        // not JSON: counted below by its status
      }
      if (response.status !== 202 || body.customerId === undefined) {
        countFailure(`HTTP ${response.status}`);
        return;
      }
      accepted += 1;
      if (n % SAMPLE_EVERY === 0) watchers.push(watch(body.customerId, at));
    };
    /** Sends `count` leads numbered from `first` at RATE/s, open loop; resolves once every answer is in. */
    const offer = async (count: number, first: number) => {
      const started = performance.now();
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < count; i += 1) {
        const wait = started + (i * 1000) / RATE - performance.now();
        if (wait > 1) await sleep(wait);
        inflight.push(send(first + i));
      }
      await Promise.all(inflight);
    };
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    const lifecycle = `${prefix}leads.lifecycle`;
    const group = `${prefix}leadflow-followups`;
    // The progress line must not load the database it watches (two count(*) over the whole log took
    // ~160 ms of PostgreSQL CPU every 5 s): each count covers only the positions that became final since
    // the last line (below the readers' horizon; up to the publisher's checkpoint).
    let published = 0;
    let publishedUpTo = '-1';
    let events = 0;
    let eventsFrom = '0';
    const progress = async () => {
      // Events below the readers' horizon (every transaction under the snapshot's xmin has ended, see the
      // event store's schema.ts), counted over the range the horizon moved since the last line.
      const horizon = await sql.query<{ h: string }>(
        `SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)::text AS h`,
      );
      const below = horizon.rows[0]?.h ?? eventsFrom;
      const added = await sql.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM leadflow_events.events
          WHERE global_position >= $1::bigint AND global_position < $2::bigint`,
        [eventsFrom, below],
      );
      events += Number(added.rows[0]?.n ?? 0);
      eventsFrom = below;
      const checkpoint = await sql.query<{ p: string }>(
        `SELECT max(position)::text AS p FROM leadflow_events.publisher_checkpoints`,
      );
      const upTo = checkpoint.rows[0]?.p ?? null;
      if (upTo !== null && upTo !== publishedUpTo) {
        const moved = await sql.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM leadflow_events.events
            WHERE global_position > $1::bigint AND global_position <= $2::bigint`,
          [publishedUpTo, upTo],
        );
        published += Number(moved.rows[0]?.n ?? 0);
        publishedUpTo = upTo;
      }
      const lag = await consumerLag(kafka, lifecycle, group).catch(() => ({ lag: NaN }));
      return `events ${events}, published ${published}, consumer lag ${lag.lag}`;
    };
    const monitor = setInterval(
      () =>
        void progress()
          .then((line) => console.log(`  ${line}`))
          .catch(() => undefined),
      5000,
    );
    // Warm-up: the same load for WARMUP_SECONDS before the measured minute, so that the figures describe
    // the running system, not its first seconds (the JIT of five processes and the broker, the pools'
    // connections, plan caches, the consumer group's first join). Printed on its own line, not counted.
    if (WARMUP_SECONDS > 0) {
      await offer(RATE * WARMUP_SECONDS, WARMUP_FIRST);
      await Promise.all(watchers);
      const warm = latencies.filter(Number.isFinite).sort((a, b) => a - b);
      console.log(
        `warm-up (not in the figures): ${accepted} leads accepted (${failed} failed) in ${WARMUP_SECONDS} s; 202 -> task visible p50 ${percentile(warm, 50).toFixed(0)} ms, p99 ${percentile(warm, 99).toFixed(0)} ms`,
      );
      latencies.length = 0;
      timeline.length = 0;
      watchers.length = 0;
      failures.clear();
      accepted = 0;
      failed = 0;
    }
    // The pipeline figure below covers the leads stored from here on (positions only grow).
    const lastWarm = await sql.query<{ p: string }>(
      `SELECT coalesce(max(global_position), -1)::text AS p FROM leadflow_events.events`,
    );
    const measuredFrom = lastWarm.rows[0]?.p ?? '-1';
    const total = RATE * SECONDS;
    const measured: Array<[string, number | undefined]> = [
      ['leadflow (ingest)', api.child.pid],
      ...(separateReads
        ? [['query (projection + reads)', reads.child.pid] as [string, number | undefined]]
        : []),
      ['publisher', publisher.child.pid],
      ['followups', followups.child.pid],
      ['kafka broker', local?.pid],
      ['bench driver', process.pid],
    ];
    const cpuBefore = measured.map(([, pid]) => cpuSeconds(pid));
    const pgBefore = postgresCpuSeconds();
    const start = performance.now();
    await offer(total, 0);
    const sendSeconds = (performance.now() - start) / 1000;
    await Promise.all(watchers);
    clearInterval(monitor);
    console.log(`  after phase 1: ${await progress()}`);
    // Where the CPU went during phase 1, per accepted lead (2 cores: the whole stack shares them).
    const cpuAfter = measured.map(([, pid]) => cpuSeconds(pid));
    const pgSeconds = postgresCpuSeconds() - pgBefore;
    const perLead = (seconds: number) => `${((seconds * 1000) / Math.max(1, accepted)).toFixed(2)} ms/lead`;
    const rows = measured.map(([name], i) => [name, cpuAfter[i]! - cpuBefore[i]!] as const);
    for (const [name, seconds] of [...rows, ['postgresql (all backends)', pgSeconds] as const])
      console.log(`  cpu ${name.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s  ${perLead(seconds)}`);
    // The follow-up pipeline alone (store -> publisher -> Kafka -> consumer -> store), from the stored times.
    const pipeline = (
      await sql.query<{ ms: number }>(
        `SELECT extract(epoch FROM (f.created_at - l.created_at)) * 1000 AS ms
           FROM leadflow_events.events l
           JOIN leadflow_events.events f ON f.stream_name = l.stream_name AND f.event_type = 'FollowUpScheduled'
                AND f.metadata->>'causationId' = l.event_id::text
          WHERE l.event_type = 'LeadReceived' AND l.global_position > $1::bigint`,
        [measuredFrom],
      )
    ).rows
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    console.log(
      `LeadReceived stored -> FollowUpScheduled stored (${pipeline.length} tasks): p50 ${percentile(pipeline, 50).toFixed(0)} ms, p99 ${percentile(pipeline, 99).toFixed(0)} ms`,
    );
    await sql.end();
    const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
    const missing = latencies.length - sorted.length;
    if (failures.size > 0) console.log(`  failures: ${JSON.stringify(Object.fromEntries(failures))}`);
    console.log(
      `phase 1: ${accepted} leads accepted (${failed} failed) in ${sendSeconds.toFixed(1)} s = ${(accepted / sendSeconds).toFixed(0)} leads/s offered at ${RATE}/s`,
    );
    console.log(
      `202 -> task visible in GET /v1/tasks (${sorted.length} sampled, ${missing} not visible within 30 s): p50 ${percentile(sorted, 50).toFixed(0)} ms, p90 ${percentile(sorted, 90).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? NaN).toFixed(0)} ms`,
    );

    for (let w = 0; w < SECONDS; w += 10) {
      const inWindow = timeline
        .filter(([at]) => at - start >= w * 1000 && at - start < (w + 10) * 1000)
        .map(([, ms]) => ms)
        .sort((a, b) => a - b);
      console.log(
        `  leads sent in ${w}-${w + 10} s: p50 ${percentile(inWindow, 50).toFixed(0)} ms, p99 ${percentile(inWindow, 99).toFixed(0)} ms (${inWindow.length})`,
      );
    }
    // Phase 2: stop the consumer, build a backlog, start it and time the drain.
    const topic = lifecycle;
    await followups.stop();
    const backlogStart = performance.now();
    for (let from = 0; from < BACKLOG; from += 500) {
      const items = [];
      for (let n = from; n < Math.min(BACKLOG, from + 500); n += 1)
        items.push(JSON.stringify(lead(1_000_000 + n, n % 3 === 0 ? 'StartTestDrive' : 'ins')));
      await fetch(`${api.url}/v1/leads:batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: items.join('\n'),
      });
    }
    console.log(
      `phase 2: ${BACKLOG} leads posted in ${((performance.now() - backlogStart) / 1000).toFixed(1)} s with the consumer stopped`,
    );
    let before = await consumerLag(kafka, topic, group);
    for (let stable = 0; stable < 3;) {
      await sleep(1000);
      const now = await consumerLag(kafka, topic, group);
      stable = now.end === before.end ? stable + 1 : 0;
      before = now;
    }
    const profile = process.env['BENCH_PROFILE_DIR'];
    followups = await startService(
      'services/followups/src/main.ts',
      profile === undefined ? env : { ...env, NODE_OPTIONS: `--require ${profile}` },
    );
    services.push(followups);
    const drainStart = performance.now();
    let lag = await consumerLag(kafka, topic, group);
    while (lag.lag > 0 && performance.now() - drainStart < 600_000) {
      await sleep(250);
      lag = await consumerLag(kafka, topic, group);
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const consumed = lag.done - before.done;
    const messagesPerSec = consumed / drainSeconds;
    console.log(
      `consumer at saturation: ${consumed} lifecycle messages (the backlog of ${before.lag} and the task events it caused) in ${drainSeconds.toFixed(1)} s (includes the group join) = ${messagesPerSec.toFixed(0)} messages/s`,
    );
    console.log(
      JSON.stringify({
        bench: 'followups',
        p50Ms: Math.round(percentile(sorted, 50)),
        p99Ms: Math.round(percentile(sorted, 99)),
        messagesPerSec: Math.round(messagesPerSec),
        offeredRate: RATE,
        acceptedPerSec: Math.round(accepted / sendSeconds),
        pipelineP50Ms: Math.round(percentile(pipeline, 50)),
        pipelineP99Ms: Math.round(percentile(pipeline, 99)),
        sampled: sorted.length,
        notVisible: missing,
      }),
    );
  } finally {
    agent.destroy();
    await Promise.all(services.map((s) => s.stop()));
    await db.drop();
    await local?.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
