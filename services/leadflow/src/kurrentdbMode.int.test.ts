import { loadConfig, type Config } from '@leadflow/config';
import { customerStreamName } from '@leadflow/contracts';
import { getInMemoryEventStore, openEventStore, type EventStore } from '@leadflow/eventstore';
import { createTaskIndex } from '@leadflow/followups';
import { startFollowUpsService } from '@leadflow/followups-service';
import { createLeadWriter } from '@leadflow/ingestion';
import { createKafka } from '@leadflow/kafka';
import { createLogger } from '@leadflow/observability';
import { CUSTOMERS_PROJECTION, rebuildProjection } from '@leadflow/projections';
import { startPublisherService, type StartedService } from '@leadflow/publisher';
import { startQueryService, type QueryService } from '@leadflow/query';
import * as E from 'fp-ts/Either';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { openWriteSide, type OpenedWriteSide } from './openWriteSide';

// LEADFLOW_EVENTSTORE=kurrentdb with the in-memory adapter standing in for KurrentDB (the adapter has
// its own contract suite): every process reads the events through the port only, as with KurrentDB,
// and keeps its tables in a real PostgreSQL; the bus is the run's Kafka broker.

const logger = createLogger('kurrentdb-mode-test', 'warn');

const eventually = async <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: process.env['DATABASE_URL'] });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const canonicalLead = (id: string, email: string) =>
  JSON.stringify({
    id,
    occurredAt: '2026-11-02T00:00:00Z',
    action: 'PLT',
    source: 'AzureMarketplace',
    customer: { email, firstName: 'Kim', country: 'US' },
  });

const portOf = (app: { server: { address(): unknown } }) => (app.server.address() as AddressInfo).port;

describe('every service with LEADFLOW_EVENTSTORE=kurrentdb (streams outside SQL)', () => {
  const database = `lf_kurrentdb_mode_${Date.now().toString(36)}`;
  const prefix = `kdbmode-${Date.now().toString(36)}.`;
  // One log shared by every process, as one KurrentDB would be; each process's close leaves it open.
  const streams = getInMemoryEventStore();
  const openStreams = (): EventStore => ({ ...streams, close: async () => {} });
  let config: Config;
  let writeSide: OpenedWriteSide;
  const started: Array<StartedService | QueryService> = [];
  let query: QueryService;

  beforeAll(async () => {
    const brokers = process.env['KAFKA_BROKERS'];
    const admin = process.env['DATABASE_URL'];
    if (!brokers || !admin)
      throw new Error('run through jest: the global setup sets KAFKA_BROKERS and DATABASE_URL');
    await withAdmin((c) => c.query(`CREATE DATABASE ${database}`));
    const url = new URL(admin);
    url.pathname = `/${database}`;
    const loaded = loadConfig({
      LEADFLOW_EVENTSTORE: 'kurrentdb',
      LEADFLOW_MASTER_KEY: process.env['LEADFLOW_MASTER_KEY'],
      ESDB_CONNECTION_STRING: 'esdb://kurrentdb.invalid:2113?tls=false',
      DATABASE_URL: url.toString(),
      LEADFLOW_BUS: 'kafka',
      KAFKA_BROKERS: brokers,
      LEADFLOW_KAFKA_TOPIC_PREFIX: prefix,
      LEADFLOW_KAFKA_PARTITIONS: '2',
      LEADFLOW_PORT: '0',
      LEADFLOW_OVERDUE_SCAN_MS: '200',
      LOG_LEVEL: 'warn',
    });
    if (E.isLeft(loaded)) throw new Error(loaded.left.join('; '));
    config = loaded.right;
    writeSide = await openWriteSide(config, logger, { openStreams });
    started.push(await startPublisherService(config, { logger, openStreams }));
    started.push(await startFollowUpsService(config, { logger, openStreams }));
    query = await startQueryService(config, { logger, openStreams });
    started.push(query);
  });

  afterAll(async () => {
    for (const service of started) await service.close().catch(() => undefined);
    await writeSide?.close();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('publishes the lifecycle, schedules the tasks and serves the customers over HTTP', async () => {
    // Given: three leads written by the write side leadflow uses on KurrentDB
    expect(writeSide.store.eventsInSql).toBe(false);
    const writer = createLeadWriter({
      writeSide: writeSide.writeSide,
      rejected: writeSide.rejected,
      maxLeadBytes: config.maxLeadBytes,
      dedupWindowSeconds: config.dedupWindowSeconds,
      logger,
    });
    const customers: string[] = [];
    for (const n of [1, 2, 3]) {
      const outcome = await writer.ingest({
        text: canonicalLead(`kdb-lead-${n}`, `kim.${n}.${Date.now()}@fabrikam.com`),
        idempotencyKey: null,
        receivedAt: new Date(),
        correlationId: `kdb-${n}`,
        channel: 'http',
      });
      if (outcome.kind !== 'accepted') throw new Error(`lead ${n} was ${outcome.kind}`);
      customers.push(outcome.customerId);
    }

    // Then: the publisher forwards them to leads.lifecycle, keyed by customer
    const kafka = createKafka('kurrentdb-mode-test', config.kafkaBrokers, logger);
    const consumer = kafka.consumer({ groupId: `${prefix}probe` });
    const keys = new Set<string>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: `${prefix}leads.lifecycle`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key) keys.add(message.key.toString());
        },
      });
      await eventually(
        async () => (customers.every((c) => keys.has(c)) ? true : undefined),
        'the lifecycle messages',
      );
    } finally {
      await consumer.disconnect();
    }

    // And: the followups consumer schedules a task on each customer's stream
    const taskIds = await eventually(async () => {
      const ids = await Promise.all(
        customers.map(async (c) => {
          const events = await streams.readStream(customerStreamName(c));
          return events.find((e) => e.type === 'FollowUpScheduled')?.data['taskId'];
        }),
      );
      return ids.every((id) => typeof id === 'string') ? (ids as string[]) : undefined;
    }, 'the scheduled tasks');

    // And: the task index (the task routes' lookup) finds them through its subscription
    const taskIndex = await createTaskIndex(writeSide.store, logger);
    try {
      const owners = await eventually(async () => {
        const found = await Promise.all(taskIds.map((id) => taskIndex.customerOf(id)));
        return found.every((c) => c !== null) ? found : undefined;
      }, 'the task index');
      expect(owners).toEqual(customers);
    } finally {
      await taskIndex.close();
    }

    // And: the query service projects them and answers GET /v1/customers, with no lag left
    const base = `http://127.0.0.1:${portOf(query.app)}`;
    const listed = await eventually(async () => {
      const body = (await (await fetch(`${base}/v1/customers`)).json()) as { items: Array<{ id: string }> };
      const ids = body.items.map((item) => item.id);
      return customers.every((c) => ids.includes(c)) ? ids : undefined;
    }, 'the customers in the read API');
    expect(listed).toHaveLength(customers.length);
    const ready = await eventually(async () => {
      const response = await fetch(`${base}/readyz`);
      const body = (await response.json()) as {
        checks: Array<{ name: string; detail?: { lagEvents: number } }>;
      };
      const lag = body.checks.find((c) => c.name === 'projections')?.detail?.lagEvents;
      return response.status === 200 && lag === 0 ? body : undefined;
    }, 'a ready query service with no projection lag');
    expect(ready.checks.map((c) => c.name)).toEqual(['database', 'projections']);
  });

  it('rebuilds the read models from the streams through the port', async () => {
    const store = await openEventStore(config, { openStreams });
    try {
      const customerEvents = (await streams.readAll({ maxCount: 10_000 })).filter((e) =>
        e.streamName.startsWith('customer-'),
      );
      const result = await rebuildProjection({
        store,
        location: { base: config.readSchema, name: CUSTOMERS_PROJECTION },
        batchSize: 2,
      });
      expect(result.events).toBe(customerEvents.length);
      const base = `http://127.0.0.1:${portOf(query.app)}`;
      const body = (await (await fetch(`${base}/v1/customers`)).json()) as { items: unknown[] };
      expect(body.items).toHaveLength(3);
    } finally {
      await store.close();
    }
  });
});
