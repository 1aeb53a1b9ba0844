import { isKafkaUnavailable, type Bus, type BusSubscription } from '@leadflow/bus';
import { defaultFollowUpConfig, type FollowUpConfig } from '@leadflow/domain';
import { isConnectionError, type EventStore } from '@leadflow/eventstore';
import {
  createLifecycleHandler,
  startOverdueScanner,
  type FollowUpSettings,
  type OverdueScanner,
  type Router,
} from '@leadflow/followups';
import type { Logger } from '@leadflow/observability';

/** The followups consumer and the overdue scanner, running on a bus. */
export interface RunningFollowUps {
  readonly subscription: BusSubscription;
  readonly scanner: OverdueScanner;
  ready(): boolean;
  /** Finishes the current batch, commits, leaves the group, stops the scanner. */
  close(): Promise<void>;
}

/**
 * Starts the `leads.lifecycle` consumer group (policy, task messages to `leads.followups`, bounded
 * retries then the DLQ) and the timer-driven overdue scanner. The same code runs embedded and on Kafka.
 */
export const startFollowUps = async (deps: {
  store: EventStore;
  bus: Bus;
  topics: { lifecycle: string; followups: string; lifecycleDlq: string };
  groupId: string;
  settings: FollowUpSettings;
  logger: Logger;
  now?: () => Date;
  policy?: FollowUpConfig;
  /** Routing of new tasks to sales reps; absent: tasks stay unassigned. */
  router?: Router;
}): Promise<RunningFollowUps> => {
  const handlerDeps = {
    store: deps.store,
    bus: deps.bus,
    followupsTopic: deps.topics.followups,
    config: deps.policy ?? defaultFollowUpConfig,
    now: deps.now ?? (() => new Date()),
    atRiskFraction: deps.settings.atRiskFraction,
    ...(deps.router === undefined ? {} : { router: deps.router }),
  };
  const subscription = await deps.bus.subscribe({
    topic: deps.topics.lifecycle,
    groupId: deps.groupId,
    handle: createLifecycleHandler(handlerDeps),
    retries: deps.settings.retries,
    initialBackoffMs: deps.settings.initialBackoffMs,
    maxBackoffMs: deps.settings.maxBackoffMs,
    dlqTopic: deps.topics.lifecycleDlq,
    // The database or the brokers being away is no fault of the message: it is not dead-lettered.
    isTransient: (error) => isConnectionError(error) || isKafkaUnavailable(error),
  });
  const scanner = startOverdueScanner(handlerDeps, deps.logger, { intervalMs: deps.settings.overdueScanMs });
  return {
    subscription,
    scanner,
    ready: () => subscription.ready(),
    close: async () => {
      await subscription.close();
      await scanner.stop();
    },
  };
};
