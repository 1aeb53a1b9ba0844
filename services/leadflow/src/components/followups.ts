import { createKafkaBus, createMemoryBus, type Bus } from '@leadflow/bus';
import { kafkaName, type Config } from '@leadflow/config';
import type { SqlEventStore } from '@leadflow/eventstore';
import { createRouter, createTaskIndex, repRoutes, taskRoutes } from '@leadflow/followups';
import { startFollowUps } from '@leadflow/followups-service';
import { createKafka } from '@leadflow/kafka';
import type { Logger } from '@leadflow/observability';
import {
  createSqlCheckpoint,
  ensureFollowUpTopics,
  followUpTopics,
  startLifecyclePublisher,
} from '@leadflow/publisher';
import type { FastifyInstance } from 'fastify';

/** What the follow-up component hands back to main: readiness and an orderly stop. */
export interface FollowUpsComponent {
  ready(): boolean;
  close(): Promise<void>;
}

/**
 * Registers the task and contact-preference routes and, unless LEADFLOW_FOLLOWUPS_IN_PROCESS=false
 * (the separate publisher and followups services do it), starts publisher, followups consumer and
 * overdue scanner on the configured bus (in-process by default, Kafka with LEADFLOW_BUS=kafka).
 */
export const startFollowUpsComponent = async (deps: {
  app: FastifyInstance;
  config: Config;
  store: SqlEventStore;
  logger: Logger;
}): Promise<FollowUpsComponent> => {
  const { app, config, store, logger } = deps;
  const settings = config.followUps;
  const taskIndex = await createTaskIndex(store, logger);
  const router = await createRouter(store);
  await taskRoutes(app, { store, taskIndex, tokens: config.apiTokens, now: () => new Date() });
  await repRoutes(app, { store, router, taskIndex, tokens: config.apiTokens, now: () => new Date() });
  if (!settings.inProcess) return { ready: () => true, close: () => taskIndex.close() };

  let bus: Bus;
  if (config.bus === 'kafka') {
    await ensureFollowUpTopics(config, logger);
    bus = await createKafkaBus({
      kafka: createKafka('leadflow-followups', config.kafkaBrokers, logger),
      logger,
      partitionsConsumedConcurrently: settings.concurrency,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      keysConsumedConcurrently: settings.keyConcurrency,
    });
  } else {
    bus = createMemoryBus(logger);
  }
  const topics = followUpTopics(config);
  const publisher = await startLifecyclePublisher({
    store,
    bus,
    topic: topics.lifecycle,
    checkpoint: await createSqlCheckpoint(store, 'leads.lifecycle'),
    logger,
    batchSize: settings.publisherBatch,
  });
  const followUps = await startFollowUps({
    store,
    bus,
    topics,
    groupId: kafkaName(config, 'leadflow-followups'),
    settings,
    logger,
    router,
  });
  return {
    ready: followUps.ready,
    close: async () => {
      await publisher.stop();
      await followUps.close();
      await bus.close();
      await taskIndex.close();
    },
  };
};
