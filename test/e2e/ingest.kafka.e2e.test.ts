import { createTestKafka, deliveryText, loadSampleDeliveries, pairwiseScores } from '../infra';
import { startIngestHarness, type IngestHarness } from './ingestHarness';

type Accepted = { leadId: string; customerId: string; duplicate: boolean };

// Canonical leads published to leads.raw go through the same write path as POST /v1/leads.
describe('ingestion: the leads.raw consumer', () => {
  const canonical = loadSampleDeliveries().filter((d) => d.kind === 'canonical');
  let harness: IngestHarness;
  const kafka = createTestKafka('ingest-kafka-e2e');
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  beforeAll(async () => {
    harness = await startIngestHarness('rawtopic');
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await harness?.stop();
  });

  it('appends the corpus canonical leads to the same customers, and dead-letters an undecodable message', async () => {
    // Given the canonical leads of the corpus (with their redeliveries) and one broken message on leads.raw
    const topic = `${harness.topicPrefix}leads.raw`;
    await producer.send({
      topic,
      messages: [
        ...canonical.map((d) => ({ key: (d.body as { id: string }).id, value: deliveryText(d) })),
        {
          key: 'broken',
          value: '{"id": "broken-1", "occurredAt": 12',
          headers: { 'correlation-id': 'broken-1' },
        },
      ],
    });

    // When the consumer group has committed the end of every partition (offsets move only after the append)
    const admin = kafka.admin();
    await admin.connect();
    const groupId = `${harness.topicPrefix}leadflow-ingest`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const done = ends.every(
        (end) => committed?.partitions.find((p) => p.partition === end.partition)?.offset === end.high,
      );
      if (done) break;
      if (Date.now() > deadline)
        throw new Error(`the consumer did not commit the end of ${topic} within 90 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await admin.disconnect();

    // Then a redelivery over HTTP of each lead answers duplicate, with the ids the consumer stored
    const unique = canonical.filter((d) => !d.expect.duplicate);
    const stored = new Map<number, Accepted>();
    for (const d of unique) {
      const { json } = await harness.post('/v1/leads', deliveryText(d));
      const answer = json as Accepted;
      expect({ seq: d.seq, duplicate: answer.duplicate }).toEqual({ seq: d.seq, duplicate: true });
      stored.set(d.seq, answer);
    }
    expect(stored.size).toBe(unique.length);

    // Then every person's leads share one customer and no two persons share one
    const assignments = unique.map((d) => ({
      person: d.expect.person!,
      customer: stored.get(d.seq)!.customerId,
    }));
    expect(pairwiseScores(assignments)).toEqual({ precision: 1, recall: 1 });

    // And the broken message is on leads.raw.dlq with its original bytes and the error in headers
    const consumer = kafka.consumer({ groupId: `dlq-reader-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
    const dead = await new Promise<{ value: string; headers: Record<string, string> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nothing arrived on the DLQ')), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]),
          );
          resolve({ value: message.value!.toString(), headers });
        },
      });
    });
    await consumer.disconnect();
    expect(dead.value).toBe('{"id": "broken-1", "occurredAt": 12');
    expect(dead.headers['leadflow-error-reason']).toBe('not-json');
    expect(dead.headers['leadflow-original-topic']).toBe(topic);
    expect(JSON.parse(dead.headers['leadflow-error-detail']!)).toEqual([
      expect.objectContaining({ path: '', message: expect.stringContaining('JSON') }),
    ]);
    expect(dead.headers['correlation-id']).toBe('broken-1');
  });
});
