import type { Logger } from '@leadflow/observability';
import { Kafka, Partitioners, logLevel, type LogEntry, type ProducerConfig } from 'kafkajs';

/**
 * The options of every leadflow producer: idempotent, one request in flight (order per partition),
 * and the kafkajs v2 default partitioner (murmur2, as the Java client) named explicitly, which is
 * what keeps kafkajs from warning that its default changed.
 */
export const producerOptions = (): ProducerConfig => ({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client logging through pino, with bounded connection timeouts and retries. */
export const createKafka = (clientId: string, brokers: ReadonlyArray<string>, logger: Logger): Kafka =>
  new Kafka({
    clientId,
    brokers: [...brokers],
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        logger[levels[level] ?? 'info']({ kafka: extra }, message);
      },
  });

/** Creates the topics that do not exist yet (partitions and replication factor from configuration). */
export const ensureTopics = async (
  kafka: Kafka,
  topics: ReadonlyArray<string>,
  partitions: number,
  replicationFactor: number,
): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
        waitForLeaders: true,
      });
    }
  } finally {
    await admin.disconnect();
  }
};
