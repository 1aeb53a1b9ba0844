import { decodeLead } from '@leadflow/contracts';
import { isRight } from 'fp-ts/Either';
import { deliveryText, loadSampleDeliveries, pairwiseScores, type SampleDelivery } from '../infra';
import { startIngestHarness, type IngestHarness } from './ingestHarness';

type Accepted = { leadId: string; customerId: string; duplicate: boolean };

// The sample corpus through the real HTTP API of a leadflow process on PostgreSQL and Kafka.
describe('ingestion: the sample corpus over HTTP', () => {
  const deliveries = loadSampleDeliveries();
  let harness: IngestHarness;
  const answers = new Map<number, { status: number; json: unknown; contentType: string }>();

  beforeAll(async () => {
    harness = await startIngestHarness('corpus');
    // When every delivery is POSTed in arrival order
    for (const delivery of deliveries) {
      answers.set(delivery.seq, await harness.post('/v1/leads', deliveryText(delivery), delivery.headers));
    }
  });
  afterAll(() => harness?.stop());

  const answer = (d: SampleDelivery) => answers.get(d.seq)!;
  const accepted = (d: SampleDelivery) => answer(d).json as Accepted;

  it('answers every delivery with the expected status class', () => {
    const wrong = deliveries
      .filter((d) => {
        const status = answer(d).status;
        return d.expect.status === 2 ? status < 200 || status > 299 : status !== d.expect.status;
      })
      .map(
        (d) =>
          `seq ${d.seq}: expected ${d.expect.status}, got ${answer(d).status} ${JSON.stringify(answer(d).json)}`,
      );
    expect(wrong).toEqual([]);
  });

  it('answers a redelivery with duplicate: true and the original ids', () => {
    for (const d of deliveries.filter((x) => x.expect.status === 2)) {
      const got = accepted(d);
      expect({ seq: d.seq, duplicate: got.duplicate }).toEqual({
        seq: d.seq,
        duplicate: d.expect.duplicate === true,
      });
      if (d.expect.duplicate) {
        const original = accepted(deliveries.find((x) => x.seq === d.expect.dupOf)!);
        expect({ seq: d.seq, leadId: got.leadId }).toEqual({ seq: d.seq, leadId: original.leadId });
        expect(answer(d).status).toBe(200);
      } else {
        expect(answer(d).status).toBe(202);
      }
    }
  });

  it('rejects bad deliveries with problem+json naming the bad fields', () => {
    for (const d of deliveries.filter((x) => x.expect.bad)) {
      const { contentType, json } = answer(d);
      expect(contentType).toContain('application/problem+json');
      const problem = json as { errors: Array<{ path: string; message: string }>; rejectionId: string };
      expect(problem.errors.length).toBeGreaterThan(0);
      expect(typeof problem.rejectionId).toBe('string');
    }
  });

  it('puts every person in one customer and no two persons together (via GET /v1/leads/{id})', async () => {
    const assignments: Array<{ person: number; customer: string }> = [];
    for (const d of deliveries.filter((x) => x.expect.status === 2 && !x.expect.duplicate)) {
      const { status, json } = await harness.get(`/v1/leads/${accepted(d).leadId}`);
      expect(status).toBe(200);
      assignments.push({ person: d.expect.person!, customer: (json as { customerId: string }).customerId });
    }
    expect(assignments.length).toBeGreaterThan(200);
    expect(pairwiseScores(assignments)).toEqual({ precision: 1, recall: 1 });
  });

  it('lists every bad delivery in /v1/review/rejected, with its reason and body', async () => {
    const { json } = await harness.get('/v1/review/rejected?limit=500');
    const listed = new Map(
      (json as { items: Array<{ id: string; status: number; body: string }> }).items.map((r) => [r.id, r]),
    );
    for (const d of deliveries.filter((x) => x.expect.bad)) {
      const rejectionId = (answer(d).json as { rejectionId: string }).rejectionId;
      const kept = listed.get(rejectionId);
      expect({ seq: d.seq, status: kept?.status }).toEqual({ seq: d.seq, status: d.expect.status });
      expect(deliveryText(d).startsWith(kept!.body.slice(0, 100))).toBe(true);
    }
  });

  it('lists the unrecognized leads in /v1/review/unrecognized', async () => {
    const { json } = await harness.get('/v1/review/unrecognized?limit=500');
    const listed = new Set((json as { items: Array<{ leadId: string }> }).items.map((l) => l.leadId));
    const expected = deliveries.filter((d) => d.expect.unrecognized && !d.expect.duplicate);
    expect(expected.length).toBeGreaterThan(0);
    for (const d of expected) expect(listed.has(accepted(d).leadId)).toBe(true);
  });

  it('stores only what the codec accepts', () => {
    for (const d of deliveries.filter((x) => answer(x).status < 300)) {
      expect(isRight(decodeLead(JSON.parse(deliveryText(d))))).toBe(true);
    }
  });
});
