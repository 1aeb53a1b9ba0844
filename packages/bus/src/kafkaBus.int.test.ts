import { randomUUID } from 'node:crypto';
import { createLogger } from '@leadflow/observability';
import { Kafka, logLevel, type Producer, type ProducerBatch } from 'kafkajs';
import type { Bus } from './bus';
import { createKafkaBus } from './kafkaBus';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

/** A Kafka client whose producers report each produce request's message count (and may refuse one). */
const spiedKafka = (refuse: (batch: ProducerBatch) => boolean) => {
  const kafka = new Kafka({ clientId: `bus-test-${randomUUID()}`, brokers, logLevel: logLevel.NOTHING });
  const requests: number[] = [];
  const producer = kafka.producer.bind(kafka);
  kafka.producer = (config) => {
    const created: Producer = producer(config);
    const sendBatch = created.sendBatch.bind(created);
    created.sendBatch = async (batch) => {
      requests.push((batch.topicMessages ?? []).reduce((n, t) => n + t.messages.length, 0));
      if (refuse(batch)) throw new Error('refused by the test');
      return sendBatch(batch);
    };
    return created;
  };
  return { kafka, requests };
};

const newTopic = async (kafka: Kafka) => {
  const topic = `bus-test-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
};

const readAll = async (kafka: Kafka, topic: string, count: number) => {
  const consumer = kafka.consumer({ groupId: `bus-test-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received: Array<{ key: string; value: string }> = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${received.length} of ${count}`)), 60_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ key: message.key!.toString(), value: message.value!.toString() });
        if (received.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return received;
};

describe('Kafka bus publishing', () => {
  let bus: Bus | undefined;
  afterEach(async () => bus?.close());

  it('sends concurrent publishes together, every one acknowledged, each key in order', async () => {
    const { kafka, requests } = spiedKafka(() => false);
    const topic = await newTopic(kafka);
    bus = await createKafkaBus({ kafka, logger: createLogger('bus-test', 'silent') });
    const publishOne = (n: number) =>
      bus!.publish(topic, [{ key: `k${n % 10}`, id: `m${n}`, value: String(n) }]);

    // 700 handlers publishing at once, then 300 more, one per tick, while those are on their way.
    const sent = Array.from({ length: 700 }, (_, n) => publishOne(n));
    for (let n = 700; n < 1000; n += 1) {
      await new Promise((r) => setImmediate(r));
      sent.push(publishOne(n));
    }
    await Promise.all(sent);

    // A request per tick would have been 301 (and one of 700); at most 500 messages a request.
    expect(requests.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(requests.length).toBeLessThan(50);
    expect(Math.max(...requests)).toBeLessThanOrEqual(500);
    const received = await readAll(kafka, topic, 1000);
    expect(new Set(received.map((r) => r.value)).size).toBe(1000);
    for (let k = 0; k < 10; k += 1) {
      const values = received.filter((r) => r.key === `k${k}`).map((r) => Number(r.value));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });

  it('fails the publishes of a refused request, and only those', async () => {
    const poisoned = (batch: ProducerBatch) =>
      (batch.topicMessages ?? []).some((t) => t.messages.some((m) => m.value === 'refuse me'));
    const { kafka, requests } = spiedKafka(poisoned);
    const topic = await newTopic(kafka);
    bus = await createKafkaBus({ kafka, logger: createLogger('bus-test', 'silent') });
    const refused = bus.publish(topic, [{ key: 'a', id: 'x', value: 'refuse me' }]);
    const sameRequest = bus.publish(topic, [{ key: 'b', id: 'y', value: 'fine' }]);
    await expect(refused).rejects.toThrow('refused by the test');
    await expect(sameRequest).rejects.toThrow('refused by the test');
    // The next request is its own, and goes through.
    await expect(bus.publish(topic, [{ key: 'c', id: 'z', value: 'later' }])).resolves.toBeUndefined();
    expect(requests).toEqual([2, 1]);
  });
});

describe('Kafka bus consuming', () => {
  let bus: Bus | undefined;
  afterEach(async () => bus?.close());
  const eventually = async (what: () => boolean, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return what();
  };

  it('dead-letters no message that failed on a transient error: the partition is consumed again', async () => {
    const kafka = new Kafka({ clientId: `bus-test-${randomUUID()}`, brokers, logLevel: logLevel.NOTHING });
    const topic = await newTopic(kafka);
    const dlq = await newTopic(kafka);
    bus = await createKafkaBus({ kafka, logger: createLogger('bus-test', 'silent') });
    // Given a handler whose database is away until the test brings it back
    let away = true;
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    await bus.subscribe({
      topic,
      groupId: `bus-test-${randomUUID()}`,
      retries: 1,
      initialBackoffMs: 10,
      maxBackoffMs: 10,
      dlqTopic: dlq,
      isTransient: (error) => (error as { code?: string }).code === 'ECONNREFUSED',
      handle: async (message) => {
        attempts.set(message.id, (attempts.get(message.id) ?? 0) + 1);
        if (away) throw unreachable;
        handled.push(message.id);
      },
    });
    // When two messages arrive and their handler fails more often than its retries allow
    await bus.publish(topic, [
      { key: 'k1', id: 'a', value: '1' },
      { key: 'k1', id: 'b', value: '2' },
    ]);
    expect(await eventually(() => (attempts.get('a') ?? 0) > 2)).toBe(true);
    away = false;
    // Then both are handled once the database is back, in order, and none reached the DLQ
    expect(await eventually(() => handled.length >= 2)).toBe(true);
    expect(handled).toEqual(['a', 'b']);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(dlq);
    await admin.disconnect();
    expect(offsets.map((o) => o.high)).toEqual(['0', '0', '0']);
  }, 120_000);
});
