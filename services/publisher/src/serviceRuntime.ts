import { kafkaName, loadConfigOrExit, type Config, type FollowUpSettings } from '@leadflow/config';
import { Topics, dlqTopic } from '@leadflow/contracts';
import { createKafkaBus, type Bus } from '@leadflow/bus';
import {
  isConnectionError,
  openEventStore,
  type OpenEventStoreOptions,
  type SqlEventStore,
} from '@leadflow/eventstore';
import { buildHttpApp, serverOptionsOf } from '@leadflow/http';
import { createKafka, ensureTopics } from '@leadflow/kafka';
import { createLogger, createRegistry, logDroppedConnection, type Logger } from '@leadflow/observability';
import { isMasterKeyProblem, protectStore, type PrivateSqlEventStore } from '@leadflow/privacy';

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

/** What a service's start can be given instead of its defaults (tests: another port for the streams). */
export interface ServiceDeps {
  readonly logger?: Logger;
  readonly openStreams?: OpenEventStoreOptions['openStreams'];
}

/** A started service process: its HTTP app (listening) and the stop that undoes the start. */
export interface StartedService {
  readonly app: Awaited<ReturnType<typeof buildHttpApp>>;
  close(): Promise<void>;
}

/** The start of one service, as its main calls it. */
export type StartService = (config: Config, deps?: ServiceDeps) => Promise<StartedService>;

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

/**
 * The configured store of a process: events through the port, its tables in SQL beside them, personal
 * data sealed with per-customer keys (a wrong master key is refused here, at start).
 */
export const openConfiguredStore = async (
  config: Config,
  logger: Logger,
  deps: Pick<ServiceDeps, 'openStreams'> = {},
): Promise<PrivateSqlEventStore> =>
  protectStore(
    await openEventStore(config, {
      onIdleConnectionError: logDroppedConnection(logger),
      ...(deps.openStreams ? { openStreams: deps.openStreams } : {}),
    }),
    config,
    logger,
  );

/** The follow-up services run on Kafka only: embedded, leadflow runs their work itself. */
export const needsKafka =
  (name: string) =>
  (config: Config): string[] =>
    config.bus === 'kafka' && config.kafkaBrokers.length > 0
      ? []
      : [`${name} needs LEADFLOW_BUS=kafka and KAFKA_BROKERS (the embedded default runs it in leadflow)`];

/**
 * Starts a follow-up service on Kafka: the configured store, topics, bus, the part itself, and
 * `/healthz` + `/readyz` on LEADFLOW_PORT. `close` finishes the part, leaves, and closes bus and store.
 */
export const startService = async (
  name: string,
  config: Config,
  deps: ServiceDeps,
  start: (ctx: ServiceContext) => Promise<RunningPart>,
): Promise<StartedService> => {
  const logger = deps.logger ?? createLogger(name, config.logLevel);
  const problems = needsKafka(name)(config);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const settings = config.followUps;
  const store = await openConfiguredStore(config, logger, deps);
  await ensureFollowUpTopics(config, logger);
  const bus = await createKafkaBus({
    kafka: createKafka(name, config.kafkaBrokers, logger),
    logger,
    partitionsConsumedConcurrently: settings.concurrency,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    keysConsumedConcurrently: settings.keyConcurrency,
  });
  const part = await start({ config, settings, logger, store, bus });
  const app = await buildHttpApp({
    service: name,
    version: '0.1.0',
    logger,
    registry: createRegistry(name),
    readiness: [{ name, check: async () => part.ready() }],
    bodyLimit: 1024,
    unavailable: isConnectionError,
    ...serverOptionsOf(config),
  });
  await app.listen({ host: config.host, port: config.port });
  logger.info({ port: config.port, eventStore: config.eventStore }, `${name} running`);
  return {
    app,
    close: async () => {
      await app.close();
      await part.close().catch((err: unknown) => logger.error({ err }, 'stop failed'));
      await bus.close().catch((err: unknown) => logger.error({ err }, 'bus close failed'));
      await store.close();
    },
  };
};

/**
 * A service process's main: validated configuration (exit 2 with one line per bad value), the
 * service's start, and SIGTERM/SIGINT → finish, commit, leave, exit 0.
 */
export const runService = (
  name: string,
  start: StartService,
  requirements: (config: Config) => ReadonlyArray<string> = needsKafka(name),
): void => {
  const main = async () => {
    const config = loadConfigOrExit(name, requirements);
    const logger = createLogger(name, config.logLevel);
    const service = await start(config, { logger });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      await service.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  };
  main().catch((error: unknown) => {
    const text = isMasterKeyProblem(error) ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`${name}: failed to start: ${text}\n`);
    process.exit(1);
  });
};
