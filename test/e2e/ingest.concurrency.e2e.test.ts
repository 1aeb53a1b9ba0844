import { Client } from 'pg';
import { startIngestHarness, type IngestHarness } from './ingestHarness';

type Accepted = { leadId: string; customerId: string; duplicate: boolean };

const leadFor = (i: number) =>
  JSON.stringify({
    id: `concurrent-${i}`,
    occurredAt: '2026-11-20T10:00:00Z',
    source: 'AppSource (SPZA)',
    action: i % 2 === 0 ? 'PLT' : 'INS',
    offer: { publisherId: 'contoso', offerId: `offer-${i % 5}`, title: 'Contoso Offer' },
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@contoso.com', country: 'GB' },
    producer: 'concurrency-test',
  });

// Many producers deliver leads of one new person at the same moment.
describe('ingestion under concurrency', () => {
  let harness: IngestHarness;
  beforeAll(async () => (harness = await startIngestHarness('concurrent')));
  afterAll(() => harness?.stop());

  it('100 concurrent POSTs for one new customer give one stream with 100 events and no error', async () => {
    // When 100 distinct leads of the same person are POSTed at once
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => harness.post('/v1/leads', leadFor(i))),
    );

    // Then every answer is 202 for the same customer
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(202));
    const customers = new Set(answers.map((a) => (a.json as Accepted).customerId));
    expect(customers.size).toBe(1);
    const [customerId] = [...customers];

    // And that customer's stream holds exactly the 100 leads, at revisions 0..99
    const client = new Client({ connectionString: harness.db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string; leads: string }>(
        `SELECT count(*)::text AS n, count(DISTINCT data->>'leadId')::text AS leads
           FROM leadflow_events.events WHERE stream_name = $1 AND event_type = 'LeadReceived'`,
        [`customer-${customerId}`],
      );
      expect(rows[0]).toEqual({ n: '100', leads: '100' });
      // (follow-up events may follow the leads in the stream; revisions stay gap-free)
      const revisions = await client.query<{ n: string; max: string }>(
        `SELECT count(*)::text AS n, max(stream_revision)::text AS max FROM leadflow_events.events WHERE stream_name = $1`,
        [`customer-${customerId}`],
      );
      expect(Number(revisions.rows[0]?.max)).toBe(Number(revisions.rows[0]?.n) - 1);
      const streams = await client.query<{ n: string }>(
        `SELECT count(DISTINCT stream_name)::text AS n FROM leadflow_events.events`,
      );
      expect(streams.rows[0]?.n).toBe('1');
    } finally {
      await client.end();
    }
  });
});
