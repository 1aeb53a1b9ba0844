import { spawnSync } from 'node:child_process';
import { dockerAnswers } from './docker';
import { startLocalKafka } from './kafkaLocal';

/** Where the run's Kafka came from, and how to let go of it. */
export interface KafkaServer {
  brokers: string;
  origin: string;
  stop: () => Promise<void>;
}

const has = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
};

/**
 * KAFKA_BROKERS if set (not probed here: tests fail naming the address when it does not answer);
 * else testcontainers when Docker answers; else a broker from the Apache Kafka jars when Java and
 * Maven exist; else an error naming what to install.
 */
export const resolveKafka = async (log: (line: string) => void): Promise<KafkaServer> => {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) return { brokers: fromEnv, origin: 'KAFKA_BROKERS', stop: async () => {} };
  if (await dockerAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.8.0').withKraft().start();
    return {
      brokers: `${container.getHost()}:${container.getMappedPort(9093)}`,
      origin: 'testcontainers',
      stop: async () => void (await container.stop()),
    };
  }
  if (has('java', ['-version']) && has('mvn', ['-v'])) {
    const local = await startLocalKafka(log);
    return { brokers: local.brokers, origin: `local Apache Kafka jars (pid ${local.pid})`, stop: local.stop };
  }
  throw new Error(
    'No Kafka for the tests: set KAFKA_BROKERS, start Docker (testcontainers), or install Java 17+ and Maven ' +
      '(the tests then start a broker from the Apache Kafka jars on Maven Central)',
  );
};
