import { kafkaName, loadConfig, type Config } from '@leadflow/config';
import { Topics, dlqTopic } from '@leadflow/contracts';
import { createKafkaBus, type Bus } from '@leadflow/bus';
import {
  getPGliteEventStore,
  getPostgresEventStore,
  isConnectionError,
  type SqlEventStore,
} from '@leadflow/eventstore';
import { loadFollowUpSettings, type FollowUpSettings } from '@leadflow/followups';
import { buildHttpApp } from '@leadflow/http';
import { createKafka, ensureTopics } from '@leadflow/kafka';
import { createLogger, createRegistry, logDroppedConnection, type Logger } from '@leadflow/observability';
import * as E from 'fp-ts/Either';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** What a follow-up service process starts with. */
export interface ServiceContext {
  readonly config: Config;
  readonly settings: FollowUpSettings;
  readonly logger: Logger;
  readonly store: SqlEventStore;
  readonly bus: Bus;
}

/** A started service part: readiness for /readyz and an orderly stop. */
export interface RunningPart {
  ready(): boolean;
  close(): Promise<void>;
}

/** The topics the follow-up services use, as named on the cluster (with any prefix). */
export const followUpTopics = (config: Config) => {
  const lifecycle = kafkaName(config, Topics.lifecycle);
  const followups = kafkaName(config, Topics.followups);
  return { lifecycle, followups, lifecycleDlq: dlqTopic(lifecycle) };
};

/** Creates the follow-up topics that are missing (partitions and replication factor from configuration). */
export const ensureFollowUpTopics = async (config: Config, logger: Logger): Promise<void> => {
  const topics = followUpTopics(config);
  const kafka = createKafka(`leadflow-admin`, config.kafkaBrokers, logger);
  await ensureTopics(
    kafka,
    [topics.lifecycle, topics.followups, topics.lifecycleDlq],
    config.kafkaTopicPartitions,
    config.kafkaReplicationFactor,
  );
};

/** The configured SQL event store (PostgreSQL for the separate services; PGlite works for one process). */
export const openSqlEventStore = async (config: Config, logger: Logger): Promise<SqlEventStore> => {
  if (config.eventStore === 'postgres')
    return getPostgresEventStore({
      connectionString: config.databaseUrl!,
      onIdleConnectionError: logDroppedConnection(logger),
    });
  if (config.eventStore === 'pglite') {
    const dataDir = path.resolve(config.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    return getPGliteEventStore({ dataDir });
  }
  throw new Error(
    'LEADFLOW_EVENTSTORE=kurrentdb is not supported by the follow-up services (they keep tables beside the events)',
  );
};

/**
 * Runs a follow-up service process on Kafka: validated configuration, event store, topics, bus,
 * `/healthz` + `/readyz` on LEADFLOW_PORT, and SIGTERM/SIGINT → finish, commit, leave, exit 0.
 */
export const runService = (name: string, start: (ctx: ServiceContext) => Promise<RunningPart>): void => {
  const main = async () => {
    const loaded = loadConfig(process.env);
    const settings = loadFollowUpSettings(process.env);
    const errors = [...(E.isLeft(loaded) ? loaded.left : []), ...(E.isLeft(settings) ? settings.left : [])];
    if (E.isLeft(loaded) || E.isLeft(settings)) {
      for (const line of errors) process.stderr.write(`${name}: bad configuration: ${line}\n`);
      process.exit(2);
    }
    const config = loaded.right;
    const logger = createLogger(name, config.logLevel);
    if (config.bus !== 'kafka' || config.kafkaBrokers.length === 0) {
      process.stderr.write(
        `${name}: needs LEADFLOW_BUS=kafka and KAFKA_BROKERS (the embedded default runs it in leadflow)\n`,
      );
      process.exit(2);
    }
    const store = await openSqlEventStore(config, logger);
    await ensureFollowUpTopics(config, logger);
    const bus = await createKafkaBus({
      kafka: createKafka(name, config.kafkaBrokers, logger),
      logger,
      partitionsConsumedConcurrently: settings.right.concurrency,
      sessionTimeoutMs: settings.right.sessionTimeoutMs,
      keysConsumedConcurrently: settings.right.keyConcurrency,
    });
    const part = await start({ config, settings: settings.right, logger, store, bus });
    const app = await buildHttpApp({
      service: name,
      version: '0.1.0',
      logger,
      registry: createRegistry(name),
      readiness: [{ name, check: async () => part.ready() }],
      bodyLimit: 1024,
      unavailable: isConnectionError,
    });
    await app.listen({ host: config.host, port: config.port });
    logger.info({ port: config.port }, `${name} running`);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      await app.close();
      await part.close().catch((err: unknown) => logger.error({ err }, 'stop failed'));
      await bus.close().catch((err: unknown) => logger.error({ err }, 'bus close failed'));
      await store.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
};
