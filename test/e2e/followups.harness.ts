import { customerStreamName, decodeStoredEvent, type CustomerEvent } from '@leadflow/contracts';
import {
  decide,
  defaultFollowUpConfig,
  evolve,
  followUpPolicy,
  initialState,
  type CustomerState,
} from '@leadflow/domain';
import { getPostgresEventStore, type RecordedEvent, type SqlEventStore } from '@leadflow/eventstore';
import { protectStore } from '@leadflow/privacy';
import * as E from 'fp-ts/Either';
import { Kafka, logLevel } from 'kafkajs';
import { createScratchDatabase, startService, type ScratchDatabase, type ServiceProcess } from '../infra';

export { eventually } from '../infra';

/** leadflow (API + write path) plus the publisher and followups services, on PostgreSQL and Kafka. */
export interface FollowUpStack {
  readonly leadflow: ServiceProcess;
  readonly publisher: ServiceProcess;
  readonly followups: ServiceProcess[];
  readonly db: ScratchDatabase;
  readonly topicPrefix: string;
  readonly store: SqlEventStore;
  readonly env: Record<string, string>;
  startFollowups(): Promise<ServiceProcess>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: unknown }>;
  get(path: string): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

/** Starts the stack; `brokers` defaults to the run's broker. Topics under a fresh prefix. */
export const startFollowUpStack = async (
  label: string,
  options: { brokers?: string; env?: Record<string, string>; followups?: number } = {},
): Promise<FollowUpStack> => {
  const brokers = options.brokers ?? process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run through `pnpm test`');
  const db = await createScratchDatabase(label);
  const topicPrefix = `${label}-${Date.now().toString(36)}.`;
  const env: Record<string, string> = {
    LEADFLOW_EVENTSTORE: 'postgres',
    DATABASE_URL: db.url,
    LEADFLOW_BUS: 'kafka',
    KAFKA_BROKERS: brokers,
    LEADFLOW_KAFKA_TOPIC_PREFIX: topicPrefix,
    LEADFLOW_KAFKA_PARTITIONS: '6',
    LEADFLOW_FOLLOWUPS_IN_PROCESS: 'false',
    ...options.env,
  };
  const started: ServiceProcess[] = [];
  // The test reads the streams as the services do: personal fields opened with the run's master key
  // (without them no customer is contactable and the reference expects no task).
  const store = await protectStore(await getPostgresEventStore({ connectionString: db.url }), {
    masterKey: Buffer.from(env.LEADFLOW_MASTER_KEY ?? process.env.LEADFLOW_MASTER_KEY ?? '', 'base64'),
    masterKeyFile: null,
    dataDir: '',
    eventStore: 'postgres',
  });
  try {
    const leadflow = await startService('services/leadflow/src/main.ts', env);
    started.push(leadflow);
    const publisher = await startService('services/publisher/src/main.ts', env);
    started.push(publisher);
    const followups: ServiceProcess[] = [];
    const startFollowups = async () => {
      const service = await startService('services/followups/src/main.ts', env);
      followups.push(service);
      return service;
    };
    for (let i = 0; i < (options.followups ?? 1); i += 1) await startFollowups();
    const request = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const response = await fetch(`${leadflow.url}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
    };
    return {
      leadflow,
      publisher,
      followups,
      db,
      topicPrefix,
      store,
      env,
      startFollowups,
      post: (path, body, headers) => request('POST', path, body, headers),
      get: (path) => request('GET', path),
      stop: async () => {
        await Promise.all([leadflow, publisher, ...followups].map((s) => s.stop()));
        await store.close();
        await db.drop();
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.kill()));
    await store.close();
    await db.drop();
    throw error;
  }
};

const decodeAll = (events: ReadonlyArray<RecordedEvent>): CustomerEvent[] =>
  events.map((recorded) => {
    const decoded = decodeStoredEvent({
      type: recorded.type,
      data: recorded.data,
      metadata: recorded.metadata,
    });
    if (E.isLeft(decoded)) throw new Error(`unreadable ${recorded.type} in ${recorded.streamName}`);
    return decoded.right;
  });

/** The customer's state folded from its stream (the reference read when the read API is not used). */
export const foldCustomer = async (store: SqlEventStore, customerId: string): Promise<CustomerState> =>
  decodeAll(await store.readStream(customerStreamName(customerId))).reduce(evolve, initialState());

/** Open tasks of a kind, by the fold. */
export const openCount = (state: CustomerState, kind: string): number =>
  state.tasks.filter((t) => t.status === 'open' && t.kind === kind).length;

/**
 * The in-memory reference: the stream's leads replayed through evolve and the domain's follow-up
 * policy right after each (as the in-memory LeadFlow does). Returns the task ids it schedules.
 */
export const expectedTaskIds = (events: ReadonlyArray<CustomerEvent>): string[] => {
  let state = initialState();
  const ids: string[] = [];
  for (const event of events) {
    if (event.type === 'FollowUpScheduled' || event.type === 'FollowUpOverdue') continue;
    state = evolve(state, event);
    for (const d of followUpPolicy(state, event, '2000-01-01T00:00:00.000Z', defaultFollowUpConfig)) {
      if (d.type !== 'schedule') continue;
      const result = decide({ type: 'ScheduleFollowUp', data: d.task, metadata: event.metadata }, state);
      if (E.isLeft(result)) throw new Error(`reference refused ${d.task.taskId}`);
      state = result.right.reduce(evolve, state);
      ids.push(d.task.taskId);
    }
  }
  return ids.sort();
};

/** Every customer stream's events (decoded), by reading the whole log in pages. */
export const allCustomerStreams = async (store: SqlEventStore): Promise<Map<string, RecordedEvent[]>> => {
  const streams = new Map<string, RecordedEvent[]>();
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 5000 });
    for (const e of page) {
      if (!e.streamName.startsWith('customer-')) continue;
      const list = streams.get(e.streamName) ?? [];
      list.push(e);
      streams.set(e.streamName, list);
    }
    const last = page[page.length - 1];
    if (last === undefined) return streams;
    from = last.globalPosition;
  }
};

/** Compares every customer stream with the reference: lost, doubled and unexpected task ids. */
export const compareWithReference = async (store: SqlEventStore) => {
  const lost: string[] = [];
  const doubled: string[] = [];
  const unexpected: string[] = [];
  let expectedTotal = 0;
  for (const [stream, recorded] of await allCustomerStreams(store)) {
    const events = decodeAll(recorded);
    const expected = expectedTaskIds(events);
    expectedTotal += expected.length;
    const actual = events.flatMap((e) => (e.type === 'FollowUpScheduled' ? [e.data.taskId] : []));
    const seen = new Set<string>();
    for (const id of actual) {
      if (seen.has(id)) doubled.push(`${stream}:${id}`);
      seen.add(id);
    }
    for (const id of expected) if (!seen.has(id)) lost.push(`${stream}:${id}`);
    const want = new Set(expected);
    for (const id of seen) if (!want.has(id)) unexpected.push(`${stream}:${id}`);
    const state = events.reduce(evolve, initialState());
    for (const kind of ['first-contact', 'trial-check-in'])
      if (openCount(state, kind) > 1) doubled.push(`${stream}: ${openCount(state, kind)} open ${kind}`);
  }
  return { expectedTotal, lost, doubled, unexpected };
};

/** Messages currently held by a topic (sum over partitions of high − low watermark). */
export const topicMessageCount = async (brokers: string, topic: string): Promise<number> => {
  const kafka = new Kafka({
    clientId: 'followups-test',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
};

/** A synthetic marketplace webhook lead for person `n` (unique email per person). */
export const syntheticLead = (
  n: number,
  action: 'PLT' | 'INS' | 'StartTestDrive' | 'DNC' | 'Create',
  runId: string,
  nonce = '',
) => ({
  UserDetails: {
    FirstName: `Person${n}`,
    LastName: `Load${runId}`,
    Email: `person${n}.${runId}@example.org`,
    Country: 'DE',
    Company: `Company ${runId} ${n}`,
  },
  LeadSource: 'AzureMarketplace',
  ActionCode: { PLT: 'plt', INS: 'ins', StartTestDrive: 'StartTestDrive', DNC: 'dnc', Create: 'Create' }[
    action
  ],
  OfferTitle: `Offer ${n % 7}`,
  Description: nonce,
});

const ACTIONS = ['PLT', 'INS', 'StartTestDrive', 'DNC', 'Create'] as const;

/**
 * POSTs `count` synthetic leads through /v1/leads:batch (70 % new people, 30 % a second lead of an
 * earlier person; actions spread over PLT, INS, StartTestDrive, DNC, Create). Resolves with the seconds taken.
 */
export const postLoad = async (
  stack: Pick<FollowUpStack, 'post'>,
  count: number,
  runId: string,
  options: { batch?: number; parallel?: number } = {},
): Promise<number> => {
  const started = Date.now();
  const batch = options.batch ?? 100;
  const people = Math.ceil(count * 0.7);
  const lead = (i: number) =>
    syntheticLead(
      i % people,
      ACTIONS[(i * 7 + Math.floor(i / people)) % ACTIONS.length]!,
      runId,
      `lead ${i}`,
    );
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + batch);
      const items = [];
      for (let i = from; i < next; i += 1) items.push(JSON.stringify(lead(i)));
      for (let attempt = 1; ; attempt += 1) {
        const answer = await stack.post('/v1/leads:batch', items.join('\n'), {
          'content-type': 'application/x-ndjson',
        });
        if (answer.status === 200 || answer.status === 207) break;
        if (attempt >= 5)
          throw new Error(`batch at ${from} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 4 }, worker));
  return (Date.now() - started) / 1000;
};
