import { createSqlCheckpoint } from './checkpoint';
import { startLifecyclePublisher } from './lifecyclePublisher';
import { followUpTopics, runService } from './serviceRuntime';

/** The publisher process: event store → `leads.lifecycle` on Kafka, checkpoint beside the events. */
runService('publisher', async ({ config, settings, logger, store, bus }) => {
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
