import type {
  CustomerEvent,
  FollowUpCompletedData,
  LeadReceivedData,
  TaskKind,
  TaskTrigger,
} from '@leadflow/contracts';
import type { TaskToSchedule } from '../customer/command';
import { isContactable, openTaskOfKind, taskById, type CustomerState } from '../customer/state';
import { addHours, type FollowUpConfig } from './config';
import { contextEntryOf, isActionableLead, taskKindsFor } from './taskContext';
import { taskIdOf } from './taskId';

/** What the follow-up policy asks for after an event; the consumer turns them into commands or messages. */
export type TaskDecision =
  | { readonly type: 'schedule'; readonly task: TaskToSchedule }
  | { readonly type: 'extend-context'; readonly taskId: string; readonly leadId: string }
  | { readonly type: 'referral-noted'; readonly customerId: string; readonly leadId: string }
  | { readonly type: 'overdue'; readonly taskId: string; readonly dueAt: string };

/** A periodic check with no new event: only overdue tasks are looked at. */
export type PolicyTick = { readonly type: 'Tick' };

const delayFor = (kind: TaskKind, config: FollowUpConfig): number =>
  kind === 'trial-check-in'
    ? config.trialCheckInDelayHours
    : kind === 're-engaged'
      ? config.reEngagedDelayHours
      : config.firstContactDelayHours;

const trigger = (kind: TaskTrigger['kind'], id: string): TaskTrigger => ({ kind, id });

/** First contact / trial check-in / re-engaged for an actionable lead, or context added to the open one. */
const onLead = (state: CustomerState, lead: LeadReceivedData, config: FollowUpConfig): TaskDecision[] => {
  if (lead.isTest || lead.unrecognized || !isContactable(state)) return [];
  if (lead.action.known === 'DNC')
    return [{ type: 'referral-noted', customerId: state.customerId, leadId: lead.leadId }];
  if (!isActionableLead(lead)) return [];
  // A customer already in the hands of sales (qualified, won) gets no automatic task.
  if (state.salesStage === 'qualified' || state.salesStage === 'won') return [];
  return taskKindsFor(lead, state).flatMap((kind): TaskDecision[] => {
    const open = openTaskOfKind(state, kind);
    if (open !== undefined) {
      // evolve already added the lead to the open task's context; say so, unless the lead opened it.
      const addedByLead =
        open.triggerId !== `lead:${lead.leadId}` && open.context.some((c) => c.leadId === lead.leadId);
      return addedByLead ? [{ type: 'extend-context', taskId: open.taskId, leadId: lead.leadId }] : [];
    }
    const taskId = taskIdOf(state.customerId, kind, trigger('lead', lead.leadId));
    if (taskById(state, taskId) !== undefined) return [];
    const task: TaskToSchedule = {
      taskId,
      kind,
      trigger: trigger('lead', lead.leadId),
      scheduledAt: lead.receivedAt,
      dueAt: addHours(lead.receivedAt, delayFor(kind, config)),
      context: [contextEntryOf(lead)],
      nurture: null,
    };
    return [{ type: 'schedule', task }];
  });
};

/** An unanswered first contact starts the nurture sequence; each unanswered email schedules the next. */
const onCompleted = (
  state: CustomerState,
  done: FollowUpCompletedData,
  config: FollowUpConfig,
): TaskDecision[] => {
  const task = taskById(state, done.taskId);
  if (task === undefined || done.outcome !== 'no-response' || !isContactable(state)) return [];
  // A newer lead reopened first contact, or sales set a stage: the sequence stops.
  if (openTaskOfKind(state, 'first-contact') !== undefined || state.salesStage !== null) return [];
  const startedAt = task.kind === 'first-contact' ? done.completedAt : task.nurture?.startedAt;
  const step =
    task.kind === 'first-contact' ? 1 : task.kind === 'nurture-email' ? (task.nurture?.step ?? 0) + 1 : 0;
  const days = config.nurtureDays[step - 1];
  if (startedAt === undefined || step === 0 || days === undefined) return [];
  const taskId = taskIdOf(state.customerId, 'nurture-email', trigger('task', task.taskId));
  if (taskById(state, taskId) !== undefined) return [];
  const next: TaskToSchedule = {
    taskId,
    kind: 'nurture-email',
    trigger: trigger('task', task.taskId),
    scheduledAt: done.completedAt,
    dueAt: addHours(startedAt, days * 24),
    context: task.context,
    nurture: { step, of: config.nurtureDays.length, startedAt },
  };
  return [{ type: 'schedule', task: next }];
};

/** Open tasks past due, not yet escalated; nothing for an opted-out customer. */
export const overdueDecisions = (state: CustomerState, now: string): TaskDecision[] =>
  state.status !== 'active' || state.optedOut
    ? []
    : state.tasks
        .filter((t) => t.status === 'open' && !t.overdue && t.dueAt < now)
        .map((t) => ({ type: 'overdue', taskId: t.taskId, dueAt: t.dueAt }));

/**
 * The follow-up policy. `state` is the customer's state with `event` already applied; time is
 * passed in. Deterministic task ids make every decision safe to repeat on redelivery.
 */
export const followUpPolicy = (
  state: CustomerState,
  event: CustomerEvent | PolicyTick,
  now: string,
  config: FollowUpConfig,
): ReadonlyArray<TaskDecision> => {
  if (state.status !== 'active') return [];
  const overdue = overdueDecisions(state, now);
  switch (event.type) {
    case 'LeadReceived':
      return [...onLead(state, event.data, config), ...overdue];
    case 'FollowUpCompleted':
      return [...onCompleted(state, event.data, config), ...overdue];
    default:
      return overdue;
  }
};
