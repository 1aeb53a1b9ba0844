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
import { isClosedSalesStage } from '../funnel/stage';
import { contextEntryOf, isActionableLead, taskKindsFor } from './taskContext';
import { taskIdOf } from './taskId';

/** What the follow-up policy asks for after an event; the consumer turns them into commands or messages. */
export type TaskDecision =
  | { readonly type: 'schedule'; readonly task: TaskToSchedule }
  | { readonly type: 'extend-context'; readonly taskId: string; readonly leadId: string }
  | { readonly type: 'referral-noted'; readonly customerId: string; readonly leadId: string }
  | { readonly type: 'overdue'; readonly taskId: string; readonly dueAt: string }
  | { readonly type: 'at-risk'; readonly taskId: string; readonly atRiskAt: string };

/** A periodic check with no new event: only overdue tasks are looked at. */
export type PolicyTick = { readonly type: 'Tick' };

const delayFor = (kind: TaskKind, config: FollowUpConfig): number =>
  kind === 'trial-check-in'
    ? config.trialCheckInDelayHours
    : kind === 're-engaged'
      ? config.reEngagedDelayHours
      : config.firstContactDelayHours;

const trigger = (kind: TaskTrigger['kind'], id: string): TaskTrigger => ({ kind, id });

/**
 * Late contactability: the lead that brought the first email or phone opens the tasks the earlier
 * actionable leads would have opened, due from now. Each kind is triggered by the first lead that asked
 * for it (as it would have been with contact details from the start) and holds every such lead.
 */
const onContactable = (
  state: CustomerState,
  lead: LeadReceivedData,
  config: FollowUpConfig,
): TaskDecision[] => {
  if (state.salesStage === 'qualified' || state.salesStage === 'won') return [];
  const asking = [
    ...(state.missedLeads ?? []).map((m) => ({ leadId: m.leadId, action: m.action, context: m.context })),
    ...(isActionableLead(lead)
      ? [{ leadId: lead.leadId, action: lead.action.known, context: contextEntryOf(lead) }]
      : []),
  ];
  const kindsOf = (action: string | null): ReadonlyArray<TaskKind> =>
    isClosedSalesStage(state.salesStage)
      ? ['re-engaged']
      : action === 'StartTestDrive'
        ? ['first-contact', 'trial-check-in']
        : ['first-contact'];
  const kinds = [...new Set(asking.flatMap((a) => kindsOf(a.action)))];
  return kinds.flatMap((kind): TaskDecision[] => {
    if (openTaskOfKind(state, kind) !== undefined) return [];
    const leads = asking.filter((a) => kindsOf(a.action).includes(kind));
    const first = leads[0]!;
    const taskId = taskIdOf(state.customerId, kind, trigger('lead', first.leadId));
    if (taskById(state, taskId) !== undefined) return [];
    const task: TaskToSchedule = {
      taskId,
      kind,
      trigger: trigger('lead', first.leadId),
      scheduledAt: lead.receivedAt,
      dueAt: addHours(lead.receivedAt, delayFor(kind, config)),
      context: leads.map((a) => a.context),
      nurture: null,
    };
    return [{ type: 'schedule', task }];
  });
};

/** First contact / trial check-in / re-engaged for an actionable lead, or context added to the open one. */
const onLead = (state: CustomerState, lead: LeadReceivedData, config: FollowUpConfig): TaskDecision[] => {
  if (lead.isTest || lead.unrecognized || !isContactable(state)) return [];
  if ((state.contactableByLead ?? null) === lead.leadId && (state.missedLeads ?? []).length > 0) {
    const referral: TaskDecision[] =
      lead.action.known === 'DNC'
        ? [{ type: 'referral-noted', customerId: state.customerId, leadId: lead.leadId }]
        : [];
    return [...referral, ...onContactable(state, lead, config)];
  }
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

/** When a task becomes at risk: `fraction` of the time from its scheduling to its due time has passed. */
export const atRiskTimeOf = (task: { scheduledAt: string; dueAt: string }, fraction: number): string => {
  const from = Date.parse(task.scheduledAt);
  const due = Date.parse(task.dueAt);
  return new Date(from + Math.max(0, due - from) * fraction).toISOString();
};

/** Open tasks whose at-risk time has come, not yet flagged (once per task); nothing for an opted-out customer. */
export const atRiskDecisions = (state: CustomerState, now: string, fraction: number): TaskDecision[] =>
  state.status !== 'active' || state.optedOut
    ? []
    : state.tasks.flatMap((t): TaskDecision[] => {
        if (t.status !== 'open' || t.atRisk === true) return [];
        const atRiskAt = atRiskTimeOf(t, fraction);
        return atRiskAt <= now ? [{ type: 'at-risk', taskId: t.taskId, atRiskAt }] : [];
      });

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
