import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/** The broker list the global setup resolved (KAFKA_BROKERS, a container, or the local jars). */
export const kafkaBrokers = (): string[] => {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: run integration tests through `pnpm test` (jest global setup starts Kafka)',
    );
  }
  return brokers.split(',').map((b) => b.trim());
};

/** A kafkajs client for tests, with bounded connection timeouts and retries so nothing hangs. */
export const createTestKafka = (clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka =>
  new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
    ...overrides,
  });

/** Fails fast, naming the address, when no broker answers a metadata request. */
export const requireKafka = async (brokers: string[] = kafkaBrokers()): Promise<void> => {
  const admin = new Kafka({
    clientId: 'leadflow-test-probe',
    brokers,
    connectionTimeout: 2000,
    retry: { retries: 2, initialRetryTime: 300, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    const origin = process.env.LEADFLOW_TEST_KAFKA_ORIGIN ?? 'KAFKA_BROKERS';
    throw new Error(
      `Kafka broker ${brokers.join(',')} (from ${origin}) is not reachable: ${(error as Error).message}. ` +
        'Start a broker there, unset KAFKA_BROKERS to let the tests start one from the Apache Kafka jars, or run `pnpm kafka:local`.',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};
