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
import { followUpEventId } from './ids';
import { decodeLifecycleMessage, type LifecycleEvent } from './lifecycleMessage';
import { referralNotedMessage, taskMessageOf } from './taskMessages';

/** What the follow-up handlers need: the store, the bus, topic names, policy settings and a clock. */
export interface FollowUpDeps {
  readonly store: EventStore;
  readonly bus: Bus;
  /** `leads.followups` as named on the bus (with any prefix). */
  readonly followupsTopic: string;
  readonly config: FollowUpConfig;
  readonly now: () => Date;
}

/** A message the handler cannot read; retried like any failure, then dead-lettered. */
export class PoisonMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessage';
  }
}

/** The id of the task a follow-up event is about. */
const taskIdOf = (event: CustomerEvent): string =>
  'taskId' in event.data ? String(event.data.taskId) : event.type;

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
    ({ state }) => {
      const none = E.left<Applied>({ referrals: [] });
      if (state.status !== 'active') return none;
      const decisions = followUpPolicy(state, cause.event, now, deps.config);
      const referrals = decisions.flatMap((d) => (d.type === 'referral-noted' ? [d.leadId] : []));
      const decided = decideAll(state, commandsOf(decisions, now, cause));
      if (E.isLeft(decided)) throw new Error(`follow-up command refused: ${decided.left.type}`);
      const events = toStoredEvents(decided.right.events, (e) => followUpEventId(taskIdOf(e), e.type));
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
    const task = taskMessageOf(cause.eventId, cause.customerId, cause.event);
    if (task !== null) await deps.bus.publish(deps.followupsTopic, [task]);
  };
