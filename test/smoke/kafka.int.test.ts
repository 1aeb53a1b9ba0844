import { randomUUID } from 'node:crypto';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { createTestKafka, kafkaBrokers, requireKafka } from '../infra/kafka';

// Proves the broker is a real Kafka: partitions, keyed routing, consumer groups and committed offsets.
describe('Kafka broker (smoke)', () => {
  const topic = `smoke-${randomUUID()}`;
  const groupId = `smoke-group-${randomUUID()}`;
  const kafka = () => createTestKafka(`smoke-${process.pid}`);
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    await requireKafka();
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
  });

  const startConsumer = async (onMessage: (p: EachMessagePayload) => void) => {
    const consumer = kafka().consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
    consumers.push(consumer);
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async (p) => onMessage(p) });
    await joined;
    return consumer;
  };

  it('creates a topic with 3 partitions', async () => {
    // Given the topic created in beforeAll / When we read its metadata
    const admin = kafka().admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    // Then it has three partitions, each with a leader
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
    expect(metadata.topics[0]?.partitions.every((p) => p.leader >= 0)).toBe(true);
  });

  it('a consumer group reads 1,000 keyed messages, commits, and a restarted member reads nothing again', async () => {
    // Given 1,000 messages over 50 keys, produced by an idempotent producer
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: 1000 }, (_, i) => ({
      key: `customer-${i % 50}`,
      value: JSON.stringify({ i }),
    }));
    await producer.send({ topic, messages });

    // When the first group member reads them all
    const seen = new Map<number, { key: string; partition: number }>();
    let allSeen: () => void = () => {};
    const done = new Promise<void>((resolve) => (allSeen = resolve));
    const first = await startConsumer(({ message, partition }) => {
      const { i } = JSON.parse(message.value!.toString()) as { i: number };
      seen.set(i, { key: message.key!.toString(), partition });
      if (seen.size === 1000) allSeen();
    });
    await done;
    await first.disconnect(); // commits what it consumed and leaves the group

    // Then every message arrived once, and each key stayed on one partition
    expect(seen.size).toBe(1000);
    const partitionsByKey = new Map<string, Set<number>>();
    for (const { key, partition } of seen.values()) {
      partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(partition));
    }
    expect([...partitionsByKey.values()].every((ps) => ps.size === 1)).toBe(true);
    expect(new Set([...seen.values()].map((s) => s.partition)).size).toBeGreaterThan(1);

    // And the group's committed offsets reach the end of every partition
    const admin = kafka().admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    for (const end of ends) {
      expect(committed?.partitions.find((p) => p.partition === end.partition)?.offset).toBe(end.high);
    }

    // When a second member of the same group starts, and one new message is produced after it joined
    const secondSeen: string[] = [];
    let sentinelSeen: () => void = () => {};
    const sentinel = new Promise<void>((resolve) => (sentinelSeen = resolve));
    await startConsumer(({ message }) => {
      secondSeen.push(message.value!.toString());
      if (message.value!.toString() === 'sentinel') sentinelSeen();
    });
    await producer.send({ topic, messages: [{ key: 'customer-0', value: 'sentinel' }] });
    await sentinel;
    await producer.disconnect();

    // Then it read only the new message: nothing committed was delivered again
    expect(secondSeen).toEqual(['sentinel']);
  });
});

describe('Kafka client against an unreachable broker', () => {
  it('fails within seconds, naming the address', async () => {
    // Given an address where nothing listens
    const started = Date.now();
    // When we probe it / Then the error names it, and it came quickly
    await expect(requireKafka(['127.0.0.1:1'])).rejects.toThrow(/127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(kafkaBrokers().length).toBeGreaterThan(0);
  });
});
