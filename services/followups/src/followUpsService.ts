import { kafkaName, type Config } from '@leadflow/config';
import { followUpTopics, startService, type ServiceDeps, type StartedService } from '@leadflow/publisher';
import { createRouter } from '@leadflow/followups';
import { startFollowUps } from './startFollowUps';

/** The followups service: a consumer group on `leads.lifecycle` plus the overdue scanner. */
export const startFollowUpsService = (config: Config, deps: ServiceDeps = {}): Promise<StartedService> =>
  startService('followups', config, deps, async ({ settings, logger, store, bus }) =>
    startFollowUps({
      store,
      bus,
      topics: followUpTopics(config),
      groupId: kafkaName(config, 'leadflow-followups'),
      settings,
      logger,
      router: await createRouter(store),
    }),
  );
