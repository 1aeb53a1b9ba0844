import { randomUUID } from 'node:crypto';
import type { CustomerEvent, EventMetadata, LeadReceivedData } from '@leadflow/contracts';
import { foldEvents, initialState, toSnapshot } from '@leadflow/domain';
import type { JsonObject, NewEvent, SqlEventStore } from '@leadflow/eventstore';

/** One append of a synthetic log: events for one customer stream. */
export interface SyntheticAppend {
  readonly stream: string;
  readonly events: ReadonlyArray<NewEvent>;
  /** Appends of phase 1 (merges) start after every append of phase 0 committed. */
  readonly phase: 0 | 1;
}

const ACTIONS = ['PLT', 'INS', 'StartTestDrive', 'DNC', 'Create'] as const;
const SOURCES = ['AzureMarketplace', 'AppSource', 'AzurePortal'] as const;

const meta = (correlationId: string): EventMetadata => ({
  schemaVersion: 1,
  correlationId,
  causationId: correlationId,
});
const asNew = (event: CustomerEvent): NewEvent => ({
  id: randomUUID(),
  type: event.type,
  data: event.data as unknown as JsonObject,
  metadata: event.metadata as unknown as JsonObject,
});

const lead = (customerId: string, n: number, k: number, at: Date): CustomerEvent => {
  const leadId = randomUUID();
  const action = ACTIONS[(n + k) % ACTIONS.length]!;
  const data: LeadReceivedData = {
    leadId,
    customerId,
    receivedAt: at.toISOString(),
    source: { raw: SOURCES[n % 3]!, known: SOURCES[n % 3]! },
    action: { raw: action, known: action },
    offer: { publisherId: 'contoso', offerId: `offer-${(n + k) % 7}`, title: `Offer ${(n + k) % 7}` },
    description: null,
    customer: {
      original: {
        firstName: `First${n}`,
        lastName: `Last${n}`,
        email: `person${n}@example.org`,
        phone: null,
        country: 'US',
        company: `Company ${n % 97}`,
        title: null,
      },
      normalised: {
        email: `person${n}@example.org`,
        phone: null,
        country: 'US',
        firstName: `first${n}`,
        lastName: `last${n}`,
        fullName: `first${n} last${n}`,
        company: `company ${n % 97}`,
      },
    },
    contentHash: leadId,
    producer: { format: 'webhook', name: null, producerLeadId: null, idempotencyKey: null, occurredAt: null },
    matchedBy: k === 0 ? null : 'email',
    isTest: n % 101 === 0,
    unrecognized: false,
  };
  return { type: 'LeadReceived', data, metadata: meta(leadId) } as CustomerEvent;
};

/**
 * A synthetic log of about `events` customer events: 1 to 3 leads per customer, and every 50th customer merged
 * into the one before it (merges appended last, as the write path would after both customers exist).
 */
export const syntheticLog = (events: number, start = new Date('2026-01-05T09:00:00Z')): SyntheticAppend[] => {
  const appends: SyntheticAppend[] = [];
  const merges: SyntheticAppend[] = [];
  const folded = new Map<string, CustomerEvent[]>();
  let total = 0;
  for (let n = 0; total < events; n += 1) {
    const customerId = randomUUID();
    const leads = Array.from({ length: 1 + (n % 3) }, (_, k) =>
      lead(customerId, n, k, new Date(start.getTime() + (n * 3 + k) * 60_000)),
    );
    folded.set(customerId, leads);
    appends.push({ stream: `customer-${customerId}`, events: leads.map(asNew), phase: 0 });
    total += leads.length;
    const previous = appends[appends.length - 2];
    if (n % 50 === 49 && previous && total + 2 <= events) {
      const survivorId = previous.stream.slice('customer-'.length);
      const mergedAt = new Date(start.getTime() + (n * 3 + 2) * 60_000).toISOString();
      const state = foldEvents(initialState(), folded.get(customerId)!);
      const common = { rule: 'email' as const, leadId: randomUUID(), mergedAt };
      merges.push({
        stream: `customer-${customerId}`,
        phase: 1,
        events: [
          asNew({
            type: 'CustomerMergedInto',
            data: { customerId, survivorId, ...common },
            metadata: meta(mergedAt),
          }),
        ],
      });
      merges.push({
        stream: `customer-${survivorId}`,
        phase: 1,
        events: [
          asNew({
            type: 'CustomerMerged',
            data: {
              customerId: survivorId,
              mergedCustomerId: customerId,
              ...common,
              absorbed: toSnapshot(state),
              supersededTasks: [],
            },
            metadata: meta(mergedAt),
          }),
        ],
      });
      total += 2;
    }
  }
  return [...appends, ...merges];
};

/**
 * Appends a synthetic log fast: `perTx` appends per statement (the event store's own `append_to_stream`
 * function, called set-based), `concurrency` statements at once.
 */
export const appendSyntheticLog = async (
  store: SqlEventStore,
  log: ReadonlyArray<SyntheticAppend>,
  options: { perTx?: number; concurrency?: number } = {},
): Promise<number> => {
  for (const phase of [0, 1])
    await appendPhase(
      store,
      log.filter((a) => a.phase === phase),
      options,
    );
  store.notifyCommitted();
  return log.reduce((n, a) => n + a.events.length, 0);
};

const appendPhase = async (
  store: SqlEventStore,
  log: ReadonlyArray<SyntheticAppend>,
  options: { perTx?: number; concurrency?: number },
): Promise<void> => {
  const perTx = options.perTx ?? 500;
  const chunks: SyntheticAppend[][] = [];
  for (let i = 0; i < log.length; i += perTx) chunks.push(log.slice(i, i + perTx));
  let next = 0;
  const worker = async () => {
    for (let chunk = chunks[next++]; chunk !== undefined; chunk = chunks[next++]) {
      await store.executor.query(
        `SELECT (${store.schema}.append_to_stream(x.stream, 'any', x.events)).status
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (stream text, events jsonb)) WITH ORDINALITY AS x(stream, events, ord)
          ORDER BY x.ord`,
        [JSON.stringify(chunk.map((a) => ({ stream: a.stream, events: a.events })))],
      );
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
};
