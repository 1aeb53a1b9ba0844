import type { Bus, BusMessage, MessageHandler } from '@leadflow/bus';
import type { CustomerEvent } from '@leadflow/contracts';
import {
  followUpPolicy,
  type CustomerCommand,
  type FollowUpConfig,
  type TaskDecision,
} from '@leadflow/domain';
import type { EventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { decideAll, toStoredEvents, updateCustomer } from './customerStreams';
import { decodeLifecycleMessage, type LifecycleEvent } from './lifecycleMessage';
import { assignWaitingTasks, assignmentCommands, followUpEventIdOf } from './routing/assignTasks';
import type { Router } from './routing/router';
import { escalationMessageOf, referralNotedMessage, taskMessageOf } from './taskMessages';

/** What the follow-up handlers need: the store, the bus, topic names, policy settings and a clock. */
export interface FollowUpDeps {
  readonly store: EventStore;
  readonly bus: Bus;
  /** `leads.followups` as named on the bus (with any prefix). */
  readonly followupsTopic: string;
  readonly config: FollowUpConfig;
  readonly now: () => Date;
  /** Routing of new tasks to sales reps; absent: tasks are left unassigned. */
  readonly router?: Router;
  /** Fraction of a task's time to due after which it is at risk (default 0.75). */
  readonly atRiskFraction?: number;
}

/** A message the handler cannot read; retried like any failure, then dead-lettered. */
export class PoisonMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessage';
  }
}

/** Schedule and overdue decisions become commands; the others need no event. */
const commandsOf = (
  decisions: ReadonlyArray<TaskDecision>,
  now: string,
  cause: LifecycleEvent,
): CustomerCommand[] => {
  const metadata = { correlationId: cause.event.metadata.correlationId, causationId: cause.eventId };
  return decisions.flatMap((d): CustomerCommand[] =>
    d.type === 'schedule'
      ? [{ type: 'ScheduleFollowUp', data: d.task, metadata }]
      : d.type === 'overdue'
        ? [{ type: 'MarkFollowUpOverdue', data: { taskId: d.taskId, now }, metadata }]
        : [],
  );
};

type Applied = { referrals: ReadonlyArray<string> };

/**
 * Applies the domain's follow-up policy to one lifecycle event against the customer's current
 * state and appends the decided events with ids from (task id, type). A lead on a customer merged
 * since is applied to the survivor. Redelivery decides nothing new.
 */
export const applyFollowUpPolicy = async (deps: FollowUpDeps, cause: LifecycleEvent): Promise<void> => {
  const now = deps.now().toISOString();
  const result = await updateCustomer<Applied>(
    deps.store,
    cause.customerId,
    async ({ state }) => {
      const none = E.left<Applied>({ referrals: [] });
      if (state.status !== 'active') return none;
      const decisions = followUpPolicy(state, cause.event, now, deps.config);
      const referrals = decisions.flatMap((d) => (d.type === 'referral-noted' ? [d.leadId] : []));
      const decided = decideAll(state, commandsOf(decisions, now, cause));
      if (E.isLeft(decided)) throw new Error(`follow-up command refused: ${decided.left.type}`);
      const scheduled = decided.right.events.flatMap((e) =>
        e.type === 'FollowUpScheduled' ? [e.data.taskId] : [],
      );
      const decidedEvents = [...decided.right.events];
      // New tasks are routed before they are appended: task and assignment land in one append.
      if (deps.router !== undefined && scheduled.length > 0) {
        const metadata = { correlationId: cause.event.metadata.correlationId, causationId: cause.eventId };
        const assigns = await assignmentCommands(deps.router, decided.right.state, scheduled, now, metadata);
        const assigned = decideAll(decided.right.state, assigns);
        if (E.isLeft(assigned)) throw new Error(`assignment refused: ${assigned.left.type}`);
        decidedEvents.push(...assigned.right.events);
      }
      const events = toStoredEvents(decidedEvents, followUpEventIdOf);
      return E.right({ events, value: { referrals } });
    },
    {
      followMerges: cause.event.type === 'LeadReceived',
    },
  );
  const referrals = result.value.referrals.map((leadId) =>
    referralNotedMessage(result.customerId, leadId, cause.event.metadata.correlationId),
  );
  await deps.bus.publish(deps.followupsTopic, referrals);
};

/**
 * The `leads.lifecycle` handler of the followups consumer: leads and completed tasks go through the
 * policy; task events are forwarded to `leads.followups` (the completion route finds a task through
 * the index on its stored FollowUpScheduled event). Undecodable messages throw PoisonMessage.
 */
export const createLifecycleHandler =
  (deps: FollowUpDeps): MessageHandler =>
  async (message: BusMessage) => {
    const decoded = decodeLifecycleMessage(message);
    if (E.isLeft(decoded)) throw new PoisonMessage(`message ${message.id}: ${decoded.left}`);
    const cause = decoded.right;
    if (cause.event.type === 'LeadReceived' || cause.event.type === 'FollowUpCompleted')
      await applyFollowUpPolicy(deps, cause);
    if (deps.router !== undefined) await updateRouting(deps, deps.router, cause.event);
    const assignee = await assigneeForMessage(deps.router, cause.event);
    const task = taskMessageOf(cause.eventId, cause.customerId, cause.event, assignee);
    const escalation = escalationMessageOf(cause.eventId, cause.customerId, cause.event, assignee);
    const messages = [task, escalation].filter((m): m is BusMessage => m !== null);
    if (messages.length > 0) await deps.bus.publish(deps.followupsTopic, messages);
  };

/** A completed or superseded task stops counting against its rep, and a rep with room takes a waiting task. */
const updateRouting = async (deps: FollowUpDeps, router: Router, event: CustomerEvent): Promise<void> => {
  if (event.type === 'FollowUpCompleted') {
    await router.close(event.data.taskId);
    await assignWaitingTasks({ store: deps.store, router, now: deps.now }, 5);
  } else if (event.type === 'CustomerMerged') {
    for (const superseded of event.data.supersededTasks) await router.close(superseded.taskId);
  }
};

/** The assignee a task message carries: the event's own, else the one routing holds for the task. */
const assigneeForMessage = async (
  router: Router | undefined,
  event: CustomerEvent,
): Promise<string | null> => {
  if (event.type === 'FollowUpAssigned') return event.data.assignee;
  if (event.type === 'FollowUpAtRisk') return event.data.assignee;
  if (!('taskId' in event.data) || router === undefined) return null;
  return router.assigneeOf(String(event.data.taskId));
};
