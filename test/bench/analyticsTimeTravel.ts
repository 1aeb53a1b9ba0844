// The time-travel and cohort figures of `pnpm bench analytics`: `asOf` reads of customers with 100 events
// (the query function the route calls, p50 and p99), and cohorts over the read model of the run.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CausalMetadata, IncomingLead, KnownAction } from '../../contracts/src';
import { cohorts, customerAsOf } from '../../packages/analytics/src';
import { acceptLead, defaultFollowUpConfig, emptyLeadFlow } from '../../packages/domain/src';
import type { JsonObject, SqlEventStore } from '../../packages/eventstore/src';
import * as E from 'fp-ts/Either';

const ACTIONS: ReadonlyArray<KnownAction> = ['PLT', 'StartTestDrive', 'INS', 'Create', 'PLT'];

const leadOf = (person: string, n: number): IncomingLead => ({
  format: 'webhook',
  producerLeadId: null,
  occurredAt: null,
  source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
  action: { raw: ACTIONS[n % ACTIONS.length]!, known: ACTIONS[n % ACTIONS.length]! },
  offer: { publisherId: 'contoso', offerId: `offer-${n % 9}`, title: null },
  customer: {
    firstName: 'Bench',
    lastName: person,
    email: `${person}@bench.example.org`,
    phone: null,
    country: 'US',
    company: 'Bench',
    title: null,
  },
  description: null,
  producer: null,
  isTest: false,
  unrecognized: false,
});

/** Appends one customer of exactly `events` events (its leads and the tasks the policy opens), lead by lead. */
const appendBusyCustomer = async (store: SqlEventStore, events: number): Promise<string> => {
  const person = randomUUID().slice(0, 8);
  let flow = emptyLeadFlow(defaultFollowUpConfig);
  let written = 0;
  let customerId = '';
  for (let n = 0; written < events; n += 1) {
    const leadId = randomUUID();
    const metadata: CausalMetadata = { correlationId: leadId, causationId: leadId };
    const accepted = acceptLead(
      flow,
      {
        leadId,
        receivedAt: new Date().toISOString(),
        lead: leadOf(person, n),
        contentHash: leadId,
        idempotencyKey: null,
      },
      `bench:${leadId}`,
      metadata,
    );
    if (E.isLeft(accepted)) throw new Error(JSON.stringify(accepted.left));
    flow = accepted.right.flow;
    customerId = accepted.right.accepted.customerId;
    for (const append of accepted.right.appends) {
      const batch = append.events.slice(0, events - written).map((e) => ({
        id: randomUUID(),
        type: e.type,
        data: e.data as unknown as JsonObject,
        metadata: e.metadata as unknown as JsonObject,
      }));
      if (batch.length === 0) continue;
      await store.appendToStream(`customer-${append.customerId}`, batch);
      written += batch.length;
    }
  }
  return customerId;
};

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;

/** `asOf` reads of customers with `events` events each, at random instants inside their history. */
export const benchAsOf = async (
  store: SqlEventStore,
  options: { customers?: number; events?: number; reads?: number } = {},
): Promise<{ p50Ms: number; p99Ms: number; reads: number }> => {
  const ids: string[] = [];
  for (let i = 0; i < (options.customers ?? 40); i += 1)
    ids.push(await appendBusyCustomer(store, options.events ?? 100));
  const spans = new Map<string, { first: number; last: number }>();
  for (const id of ids) {
    const stream = await store.readStream(`customer-${id}`);
    spans.set(id, {
      first: stream[0]!.createdAt.getTime(),
      last: stream[stream.length - 1]!.createdAt.getTime(),
    });
  }
  const read = async (n: number) => {
    const id = ids[n % ids.length]!;
    const { first, last } = spans.get(id)!;
    // Most reads near the end of the history: the whole stream folded, the costly case.
    const at = n % 4 === 0 ? first + Math.random() * (last - first) : last;
    const started = performance.now();
    const found = await customerAsOf(store, id, new Date(at));
    if (found === null) throw new Error(`no customer ${id} as of ${new Date(at).toISOString()}`);
    return performance.now() - started;
  };
  for (let n = 0; n < 100; n += 1) await read(n); // warm-up
  const times: number[] = [];
  for (let n = 0; n < (options.reads ?? 1000); n += 1) times.push(await read(n));
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99), reads: times.length };
};

/** Cohorts (weekly and monthly) over the read model: the median of five runs of the slower period. */
export const benchCohorts = async (
  store: SqlEventStore,
  readSchema: string,
): Promise<{ customers: number; weekMs: number; monthMs: number }> => {
  // A fresh rebuild has neither statistics nor a visibility map until autovacuum passes; a live read model has.
  for (const table of ['customers', 'stage_history'])
    await store.executor.exec(`VACUUM ANALYZE ${readSchema}.${table}`);
  const [count] = await store.executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${readSchema}.customers WHERE status = 'active' AND NOT is_test`,
  );
  const median = async (period: 'week' | 'month') => {
    await cohorts(store.executor, readSchema, { period });
    const runs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      await cohorts(store.executor, readSchema, { period });
      runs.push(performance.now() - started);
    }
    return runs.sort((a, b) => a - b)[2]!;
  };
  return { customers: count?.n ?? 0, weekMs: await median('week'), monthMs: await median('month') };
};
