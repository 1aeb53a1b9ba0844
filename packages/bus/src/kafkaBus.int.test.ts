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
