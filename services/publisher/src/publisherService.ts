import type { Config } from '@leadflow/config';
import { createSqlCheckpoint } from './checkpoint';
import { startLifecyclePublisher } from './lifecyclePublisher';
import { followUpTopics, startService, type ServiceDeps, type StartedService } from './serviceRuntime';

/** The publisher service: event store → `leads.lifecycle` on Kafka, its checkpoint in the store's tables. */
export const startPublisherService = (config: Config, deps: ServiceDeps = {}): Promise<StartedService> =>
  startService('publisher', config, deps, async ({ settings, logger, store, bus }) => {
    const publisher = await startLifecyclePublisher({
      store,
      bus,
      topic: followUpTopics(config).lifecycle,
      checkpoint: await createSqlCheckpoint(store, 'leads.lifecycle'),
      logger,
      batchSize: settings.publisherBatch,
    });
    return { ready: () => true, close: () => publisher.stop() };
  });
