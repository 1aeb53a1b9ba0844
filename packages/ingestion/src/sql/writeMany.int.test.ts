import { getPostgresEventStore, type SqlEventStore, type SqlExecutor } from '@leadflow/eventstore';
import { deliveryText, loadSampleDeliveries, pairwiseScores, type SampleDelivery } from '@leadflow/test';
import { createLeadWriter } from '../createLeadWriter';
import type { BatchOutcome, IngestRequest, LeadWriter } from '../leadWriter';
import { rebuildWriteSide } from './rebuildWriteSide';
import { createSqlWriteSide, type SqlWriteSide } from './sqlWriteSide';

const deliveries = loadSampleDeliveries();
const schemaName = (label: string) =>
  `wm_${label}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e4)}`;

const requestOf = (text: string, idempotencyKey: string | null = null): IngestRequest => ({
  text,
  idempotencyKey,
  receivedAt: new Date(),
  correlationId: 'many',
  channel: 'http',
});
const deliveryRequest = (d: SampleDelivery) =>
  requestOf(deliveryText(d), d.headers['Idempotency-Key'] ?? null);

const writerOver = (side: SqlWriteSide, batchConcurrency?: number) =>
  createLeadWriter({
    writeSide: side.writeSide,
    rejected: side.rejected,
    maxLeadBytes: 65536,
    dedupWindowSeconds: 7 * 86400,
    ...(batchConcurrency === undefined ? {} : { batchConcurrency }),
  });

/**
 * What a run made of the corpus, free of generated ids: per delivery its answer (for a duplicate, the
 * delivery it repeats), the stored deliveries grouped by their customer now, and the number of merges.
 */
const resultOf = async (side: SqlWriteSide, sql: SqlExecutor, s: string, outcomes: BatchOutcome[]) => {
  const seqOfLead = new Map<string, number>();
  outcomes.forEach((o, i) => {
    if (o.kind === 'accepted' && !o.duplicate) seqOfLead.set(o.leadId, deliveries[i]!.seq);
  });
  const answers = outcomes.map((o, i) =>
    o.kind === 'accepted'
      ? { seq: deliveries[i]!.seq, duplicateOf: o.duplicate ? seqOfLead.get(o.leadId) : null }
      : { seq: deliveries[i]!.seq, kind: o.kind, reason: o.kind === 'rejected' ? o.reason : null },
  );
  const byCustomer = new Map<string, number[]>();
  const assignments: Array<{ person: number; customer: string }> = [];
  for (const [leadId, seq] of seqOfLead) {
    const customer = (await side.queries.getLead(leadId))!.customerId;
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), seq]);
    assignments.push({ person: deliveries.find((d) => d.seq === seq)!.expect.person!, customer });
  }
  const customers = [...byCustomer.values()].map((seqs) => seqs.sort((a, b) => a - b).join(',')).sort();
  const [{ merged }] = (await sql.query<{ merged: number }>(
    `SELECT count(*)::int AS merged FROM ${s}.ws_customers WHERE merged_into IS NOT NULL`,
  )) as [{ merged: number }];
  return { answers, customers, merged, scores: pairwiseScores(assignments) };
};

/** The write side's derived rows, in a comparable form. */
const snapshot = async (sql: SqlExecutor, s: string) => ({
  customers: await sql.query(
    `SELECT customer_id, created_at, merged_into, summary->'emails' AS emails FROM ${s}.ws_customers ORDER BY customer_id`,
  ),
  keys: await sql.query(`SELECT key, customer_id FROM ${s}.ws_identity_keys ORDER BY key, customer_id`),
  leads: await sql.query(
    `SELECT lead_id, customer_id, stream_name, unrecognized FROM ${s}.ws_leads ORDER BY lead_id`,
  ),
  dedup: await sql.query(`SELECT dedup_key, lead_id FROM ${s}.ws_dedup_keys ORDER BY dedup_key`),
});

/** readAll shows a commit once no older transaction is in flight: wait until all events are visible. */
const waitUntilVisible = async (store: SqlEventStore) => {
  const [{ n }] = (await store.executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${store.schema}.events`,
  )) as [{ n: number }];
  for (let waited = 0; waited < 60_000; waited += 200) {
    let seen = 0;
    for (let from: bigint | 'start' = 'start'; ;) {
      const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
      seen += page.length;
      const last = page[page.length - 1];
      if (last === undefined) break;
      from = last.globalPosition;
    }
    if (seen >= n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`fewer than ${n} events became visible within 60 s`);
};

const inBatches = async (writer: LeadWriter, size: number): Promise<BatchOutcome[]> => {
  const outcomes: BatchOutcome[] = [];
  for (let i = 0; i < deliveries.length; i += size)
    outcomes.push(...(await writer.ingestMany(deliveries.slice(i, i + size).map(deliveryRequest))));
  return outcomes;
};

// PostgreSQL only: PGlite, loaded outside jest's module sandbox, refuses the sandbox's Date objects
// as parameters (the embedded end-to-end tests run it in a process of its own).
const open = (schema: string) =>
  getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });

describe('many leads at once on PostgreSQL', () => {
  const opened: SqlEventStore[] = [];
  const openSide = async (label: string) => {
    const store = await open(schemaName(label));
    opened.push(store);
    const side = await createSqlWriteSide(store, { rejectedMaxCount: 1000, maxLeadBytes: 65536 });
    return { store, side, s: store.schema };
  };
  afterAll(async () => {
    for (const store of opened) {
      await store.executor.exec(`DROP SCHEMA ${store.schema} CASCADE`);
      await store.close();
    }
  });

  it('gives the corpus posted in batches the answers, customers and merges it gets posted one by one', async () => {
    // Given the corpus written one lead at a time, in arrival order
    const one = await openSide('one');
    const oneWriter = writerOver(one.side);
    const sequential: BatchOutcome[] = [];
    for (const d of deliveries) sequential.push(await oneWriter.ingest(deliveryRequest(d)));
    const expected = await resultOf(one.side, one.store.executor, one.s, sequential);
    expect(expected.scores).toEqual({ precision: 1, recall: 1 });
    expect(expected.merged).toBeGreaterThan(0);

    // When it is written again, elsewhere, in batches of 120 (each holding several leads of one person)
    const many = await openSide('many');
    const batched = await inBatches(writerOver(many.side), 120);

    // Then every delivery is answered alike, the same deliveries share a customer, and as many merged
    expect(batched).toHaveLength(deliveries.length);
    expect(await resultOf(many.side, many.store.executor, many.s, batched)).toEqual(expected);

    // And the rows the batches wrote are what their streams rebuild, row for row
    const live = await snapshot(many.store.executor, many.s);
    await waitUntilVisible(many.store);
    await rebuildWriteSide(many.store, many.store.executor, many.s);
    expect(await snapshot(many.store.executor, many.s)).toEqual(live);
  });

  it('keeps one customer per person, its stream without gaps, when batches and single leads of the same people race', async () => {
    // Given 12 people, each with 6 leads spread over two batches and single deliveries
    const { side, store, s } = await openSide('race');
    const writer = writerOver(side);
    const lead = (person: number, n: number) =>
      JSON.stringify({
        UserDetails: {
          FirstName: `Race${person}`,
          LastName: 'Runner',
          Email: `race${person}.${s}@contoso.example`,
          Phone: `+1 415 555 ${String(1000 + person)}`,
          Country: 'US',
        },
        LeadSource: 'AzureMarketplace',
        ActionCode: 'INS',
        OfferTitle: 'Race',
        Description: `lead ${n}`,
      });
    const people = Array.from({ length: 12 }, (_, p) => p);
    const batch = (first: number) =>
      people.flatMap((p) => [first, first + 1].map((n) => requestOf(lead(p, n))));

    // When both batches and the single leads arrive at once
    const [a, b, ...singles] = await Promise.all([
      writer.ingestMany(batch(0)),
      writer.ingestMany(batch(2)),
      ...people.flatMap((p) => [4, 5].map((n) => writer.ingest(requestOf(lead(p, n))))),
    ]);
    const outcomes = [...(a as BatchOutcome[]), ...(b as BatchOutcome[]), ...(singles as BatchOutcome[])];

    // Then all 72 are stored, each person's under one customer of its own
    expect(outcomes.filter((o) => o.kind !== 'accepted' || o.duplicate)).toEqual([]);
    const customerOf = new Map<number, Set<string>>();
    for (const [i, o] of outcomes.entries()) {
      if (o.kind !== 'accepted') continue;
      const person = i < 48 ? Math.floor((i % 24) / 2) : Math.floor((i - 48) / 2);
      const customer = (await side.queries.getLead(o.leadId))!.customerId;
      customerOf.set(person, (customerOf.get(person) ?? new Set()).add(customer));
    }
    expect([...customerOf.values()].map((c) => c.size)).toEqual(people.map(() => 1));
    expect(new Set([...customerOf.values()].flatMap((c) => [...c])).size).toBe(people.length);

    // And every stream holds its leads at revisions 0..n-1
    const streams = await store.executor.query<{ n: number; max: number; leads: number }>(
      `SELECT count(*)::int AS n, max(stream_revision)::int AS max,
              count(*) FILTER (WHERE event_type = 'LeadReceived')::int AS leads
         FROM ${s}.events GROUP BY stream_name`,
    );
    for (const stream of streams) expect(stream.max).toBe(stream.n - 1);
    expect(streams.reduce((sum, st) => sum + st.leads, 0)).toBe(72);
  });

  it('answers the leads after a failing one with its failure and stores none of them', async () => {
    // Given a store that fails on one lead's write (as a server going away would)
    const { side, store, s } = await openSide('fail');
    const direct = side.writeSide.direct!;
    const failing: SqlWriteSide = {
      ...side,
      writeSide: {
        ...side.writeSide,
        direct: {
          writeFirstLead: (write) =>
            JSON.stringify(write.events).includes('boom@')
              ? Promise.reject(new Error('the server went away'))
              : direct.writeFirstLead(write),
        },
      },
    };
    const writer = writerOver(failing, 1);
    const lead = (email: string) =>
      JSON.stringify({
        id: email,
        occurredAt: '2026-11-02T00:00:00Z',
        action: 'PLT',
        source: 'AzureMarketplace',
        customer: { email, country: 'US' },
      });

    // When a batch holds a good lead, the failing one and two more
    const outcomes = await writer.ingestMany(
      [
        'first@contoso.example',
        'boom@contoso.example',
        'third@contoso.example',
        'fourth@contoso.example',
      ].map((email) => requestOf(lead(`${s}.${email}`))),
    );

    // Then the first is stored, the failing one and those after it are answered with the failure
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'failed', 'failed', 'failed']);
    expect(outcomes.map((o) => (o.kind === 'failed' ? [o.tried, (o.error as Error).message] : null))).toEqual(
      [
        null,
        [true, 'the server went away'],
        [false, 'the server went away'],
        [false, 'the server went away'],
      ],
    );
    // And only the first is stored
    expect(await store.executor.query(`SELECT count(*)::int AS n FROM ${s}.ws_leads`)).toEqual([{ n: 1 }]);
  });
});
