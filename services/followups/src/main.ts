import { kafkaName } from '@leadflow/config';
import { followUpTopics, runService } from '@leadflow/publisher';
import { startFollowUps } from './startFollowUps';

/** The followups process: a consumer group on `leads.lifecycle` plus the overdue scanner. */
runService('followups', async ({ config, settings, logger, store, bus }) =>
  startFollowUps({
    store,
    bus,
    topics: followUpTopics(config),
    groupId: kafkaName(config, 'leadflow-followups'),
    settings,
    logger,
  }),
);
