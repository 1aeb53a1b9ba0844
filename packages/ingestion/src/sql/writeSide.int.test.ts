import {
  getInMemoryEventStore,
  getPostgresEventStore,
  pgExecutor,
  type EventStore,
  type SqlEventStore,
  type SqlExecutor,
} from '@leadflow/eventstore';
import { deliveryText, loadSampleDeliveries, pairwiseScores } from '@leadflow/test';
import pg from 'pg';
import { createLeadWriter } from '../createLeadWriter';
import type { LeadWriter } from '../leadWriter';
import { createExternalStoreWriteSide } from './externalStoreWriteSide';
import { rebuildWriteSide } from './rebuildWriteSide';
import { createSqlWriteSide } from './sqlWriteSide';

const deliveries = loadSampleDeliveries();
const schemaName = (label: string) =>
  `ws_${label}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e4)}`;

/**
 * Replays the corpus through the writer; returns person/customer assignments of the stored leads,
 * each lead's customer read back afterwards (a later lead may have merged the one it was answered with).
 */
const replay = async (
  writer: LeadWriter,
  queries: { getLead(id: string): Promise<{ customerId: string } | null> },
) => {
  const stored: Array<{ person: number; leadId: string }> = [];
  for (const d of deliveries) {
    const outcome = await writer.ingest({
      text: deliveryText(d),
      idempotencyKey: d.headers['Idempotency-Key'] ?? null,
      receivedAt: new Date(),
      correlationId: `seq-${d.seq}`,
      channel: 'http',
    });
    if (d.expect.bad) expect({ seq: d.seq, kind: outcome.kind }).toEqual({ seq: d.seq, kind: 'rejected' });
    else {
      expect({ seq: d.seq, kind: outcome.kind }).toEqual({ seq: d.seq, kind: 'accepted' });
      if (outcome.kind === 'accepted') {
        expect({ seq: d.seq, duplicate: outcome.duplicate }).toEqual({
          seq: d.seq,
          duplicate: d.expect.duplicate === true,
        });
        if (!outcome.duplicate) stored.push({ person: d.expect.person!, leadId: outcome.leadId });
      }
    }
  }
  const assignments: Array<{ person: number; customer: string }> = [];
  for (const { person, leadId } of stored)
    assignments.push({ person, customer: (await queries.getLead(leadId))!.customerId });
  return assignments;
};

const canonicalLead = (id: string, customer: Record<string, string>) =>
  JSON.stringify({
    id,
    occurredAt: '2026-11-02T00:00:00Z',
    action: 'PLT',
    source: 'AzureMarketplace',
    customer,
  });

/** A later lead carrying one customer's email and another's phone merges them into the older one. */
const mergeScenario = async (
  writer: LeadWriter,
  queries: { getLead(id: string): Promise<{ customerId: string } | null> },
) => {
  const ingest = async (id: string, customer: Record<string, string>) => {
    const outcome = await writer.ingest({
      text: canonicalLead(id, customer),
      idempotencyKey: null,
      receivedAt: new Date(),
      correlationId: id,
      channel: 'http',
    });
    if (outcome.kind !== 'accepted') throw new Error(`${id} was rejected`);
    return outcome;
  };
  const byEmail = await ingest('merge-a', { email: 'merge.me@northwind.com', country: 'US' });
  const byPhone = await ingest('merge-b', { phone: '+1 (415) 555-0199', country: 'US', firstName: 'Mer' });
  expect(byPhone.customerId).not.toBe(byEmail.customerId);
  const linking = await ingest('merge-c', {
    email: 'merge.me@northwind.com',
    phone: '4155550199',
    country: 'US',
  });
  expect(linking.customerId).toBe(byEmail.customerId);
  expect((await queries.getLead(byPhone.leadId))?.customerId).toBe(byEmail.customerId);
  const after = await ingest('merge-d', { phone: '+14155550199', country: 'US' });
  expect(after.customerId).toBe(byEmail.customerId);
};

/**
 * On PostgreSQL, readAll shows a committed event once no older transaction of the server is in
 * flight (the xmin horizon, see the event store's schema.ts): wait until the last lead is visible.
 */
const waitUntilVisible = async (events: EventStore, count: number) => {
  for (let waited = 0; waited < 60_000; waited += 200) {
    let seen = 0;
    let from: bigint | 'start' = 'start';
    for (;;) {
      const page = await events.readAll({ fromPosition: from, maxCount: 1000 });
      seen += page.length;
      const last = page[page.length - 1];
      if (last === undefined) break;
      from = last.globalPosition;
    }
    if (seen >= count) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`fewer than ${count} events became visible within 60 s`);
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

const writerOver = (side: Awaited<ReturnType<typeof createSqlWriteSide>>) =>
  createLeadWriter({
    writeSide: side.writeSide,
    rejected: side.rejected,
    maxLeadBytes: 65536,
    dedupWindowSeconds: 7 * 86400,
  });

/** A PostgreSQL event store in schema `s` for the enclosing describe, opened before its tests and dropped after. */
const postgresStoreIn = (s: string) => {
  const db = {} as { store: SqlEventStore };
  beforeAll(async () => {
    db.store = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema: s });
  });
  afterAll(async () => {
    await db.store.executor.exec(`DROP SCHEMA ${s} CASCADE`);
    await db.store.close();
  });
  return db;
};

describe('write side on PostgreSQL (index in the append transaction)', () => {
  const s = schemaName('sql');
  const db = postgresStoreIn(s);

  it('resolves the corpus and can be rebuilt from the streams row for row', async () => {
    // Given the corpus written through the write path
    const side = await createSqlWriteSide(db.store, { rejectedMaxCount: 100, maxLeadBytes: 65536 });
    const writer = writerOver(side);
    expect(pairwiseScores(await replay(writer, side.queries))).toEqual({ precision: 1, recall: 1 });
    await mergeScenario(writer, side.queries);
    const live = await snapshot(db.store.executor, s);
    expect(live.customers.some((c) => (c as { merged_into: string | null }).merged_into !== null)).toBe(true);

    // When the index is rebuilt from the streams (once every committed event is visible to readAll)
    const [{ n }] = (await db.store.executor.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${s}.events`,
    )) as [{ n: string }];
    await waitUntilVisible(db.store, Number(n));
    await rebuildWriteSide(db.store, db.store.executor, s);

    // Then it equals what the write path kept
    expect(await snapshot(db.store.executor, s)).toEqual(live);
  });
});

describe("a new customer's first lead in one statement, against concurrent writers", () => {
  const s = schemaName('direct');
  const db = postgresStoreIn(s);
  const post = (writer: LeadWriter, text: string) =>
    writer.ingest({
      text,
      idempotencyKey: null,
      receivedAt: new Date(),
      correlationId: 'c',
      channel: 'http',
    });
  const accepted = (outcome: Awaited<ReturnType<LeadWriter['ingest']>>) => {
    if (outcome.kind !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('stores one of 20 simultaneous deliveries of an anonymous lead and answers the others with its ids', async () => {
    // Given an anonymous webhook lead (no key to share a customer id: each delivery starts its own
    // customer, so they collide on the dedup key inside the single-statement write)
    const side = await createSqlWriteSide(db.store, { rejectedMaxCount: 100, maxLeadBytes: 65536 });
    const writer = writerOver(side);
    const text = JSON.stringify({
      UserDetails: { Country: 'DE' },
      LeadSource: 'AzureMarketplace',
      ActionCode: 'PLT',
      OfferTitle: 'Anonymous at once',
      Description: `anonymous ${s}`,
    });

    // When it is delivered 20 times at once
    const outcomes = (await Promise.all(Array.from({ length: 20 }, () => post(writer, text)))).map(accepted);

    // Then one delivery is stored, the 19 others are duplicates with its ids, and nothing else is written
    const stored = outcomes.filter((o) => !o.duplicate);
    expect(stored).toHaveLength(1);
    for (const o of outcomes)
      expect([o.leadId, o.customerId]).toEqual([stored[0]!.leadId, stored[0]!.customerId]);
    const rows = await snapshot(db.store.executor, s);
    expect([rows.customers.length, rows.leads.length, rows.dedup.length]).toEqual([1, 1, 1]);
    const [{ n }] = (await db.store.executor.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${s}.events`,
    )) as [{ n: string }];
    expect(n).toBe('1');
  });

  it('gives 20 simultaneous first leads of one new person one customer whose stream holds all 20', async () => {
    // Given a writer and 20 distinct leads of one new person
    const side = await createSqlWriteSide(db.store, { rejectedMaxCount: 100, maxLeadBytes: 65536 });
    const writer = writerOver(side);
    const lead = (i: number) =>
      JSON.stringify({
        UserDetails: {
          FirstName: 'Grace',
          LastName: 'Hopper',
          Email: `grace.${s}@navy.example`,
          Country: 'US',
        },
        LeadSource: 'AzureMarketplace',
        ActionCode: 'INS',
        OfferTitle: 'At once',
        Description: `lead ${i}`,
      });

    // When they arrive at once
    const outcomes = (await Promise.all(Array.from({ length: 20 }, (_, i) => post(writer, lead(i))))).map(
      accepted,
    );

    // Then all are stored for one customer, whose stream holds the 20 leads at revisions 0..19
    expect(outcomes.filter((o) => o.duplicate)).toEqual([]);
    const customers = new Set(outcomes.map((o) => o.customerId));
    expect(customers.size).toBe(1);
    const revisions = await db.store.executor.query<{ r: string }>(
      `SELECT stream_revision::text AS r FROM ${s}.events WHERE stream_name = $1 ORDER BY stream_revision`,
      [`customer-${[...customers][0]}`],
    );
    expect(revisions.map((row) => Number(row.r))).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('write side for an event store outside PostgreSQL (the KurrentDB mode, on the port)', () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  const sql = pgExecutor(pool, true);
  const s = schemaName('ext');
  let events: EventStore;
  beforeAll(() => (events = getInMemoryEventStore()));
  afterAll(async () => {
    await sql.exec(`DROP SCHEMA ${s} CASCADE`);
    await events.close();
    await sql.close();
  });

  it('resolves the corpus, and a lead appended without its index entry is recovered by a rebuild', async () => {
    const side = await createExternalStoreWriteSide(sql, s, events, {
      rejectedMaxCount: 100,
      maxLeadBytes: 65536,
    });
    const writer = writerOver(side);
    expect(pairwiseScores(await replay(writer, side.queries))).toEqual({ precision: 1, recall: 1 });
    await mergeScenario(writer, side.queries);
    const stored = await writer.ingest({
      text: JSON.stringify({
        id: 'lost-index-1',
        occurredAt: '2026-11-01T00:00:00Z',
        action: 'PLT',
        customer: { email: 'lost@contoso.com' },
      }),
      idempotencyKey: null,
      receivedAt: new Date(),
      correlationId: 'lost',
      channel: 'http',
    });
    if (stored.kind !== 'accepted') throw new Error('expected the lead to be accepted');

    // Given a crash after the append and before the index commit (simulated: the index rows are lost)
    await sql.query(`DELETE FROM ${s}.ws_leads WHERE lead_id = $1`, [stored.leadId]);
    await sql.query(`DELETE FROM ${s}.ws_dedup_keys WHERE lead_id = $1`, [stored.leadId]);
    expect(await side.queries.getLead(stored.leadId)).toBeNull();

    // When the index is rebuilt from the streams
    await rebuildWriteSide(events, sql, s);

    // Then the lead is found again and a redelivery is a duplicate of it
    expect((await side.queries.getLead(stored.leadId))?.customerId).toBe(stored.customerId);
    const again = await writer.ingest({
      text: JSON.stringify({
        id: 'lost-index-1',
        occurredAt: '2026-11-01T00:00:00Z',
        action: 'PLT',
        customer: { email: 'lost@contoso.com' },
      }),
      idempotencyKey: null,
      receivedAt: new Date(),
      correlationId: 'lost-again',
      channel: 'http',
    });
    expect(again).toEqual({
      kind: 'accepted',
      leadId: stored.leadId,
      customerId: stored.customerId,
      duplicate: true,
    });
  });
});

describe('a write on a connection the server closed (restart, failover)', () => {
  it('is written on another connection, once', async () => {
    const s = schemaName('conn');
    const app = `lf_wsconn_${Math.random().toString(36).slice(2, 8)}`;
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, application_name: app, max: 2 });
    const store = await getPostgresEventStore({ pool, schema: s });
    const writer = writerOver(await createSqlWriteSide(store, { rejectedMaxCount: 10, maxLeadBytes: 65536 }));
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      // Given the pool's two connections, idle
      await Promise.all([1, 2].map(() => pool.query('SELECT pg_sleep(0.02)')));
      expect(pool.idleCount).toBe(2);
      // When the server terminates them and a lead arrives before the process has read why
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [app],
      );
      const outcome = await writer.ingest({
        text: canonicalLead('after-restart-1', { email: 'restart@contoso.com' }),
        idempotencyKey: null,
        receivedAt: new Date(),
        correlationId: 'restart',
        channel: 'http',
      });
      // Then it is accepted and stored once
      expect(outcome).toMatchObject({ kind: 'accepted', duplicate: false });
      const events = await store.executor.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${s}.events WHERE event_type = 'LeadReceived'`,
      );
      expect(events).toEqual([{ n: 1 }]);
    } finally {
      await admin.end();
      await store.executor.exec(`DROP SCHEMA ${s} CASCADE`);
      await store.close();
      await pool.end();
    }
  });
});
