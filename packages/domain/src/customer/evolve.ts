import type {
  ContactPreferenceChangedData,
  CustomerEvent,
  FollowUpAssignedData,
  FollowUpCompletedData,
  FollowUpScheduledData,
} from '@leadflow/contracts';
import { salesStageOfOutcome } from '../funnel/stage';
import { emptySummary } from '../identity/identitySummary';
import { evolveLeadReceived } from './evolveLead';
import { evolveCustomerMerged } from './evolveMerge';
import { withStages } from './stageChange';
import type { CustomerState, Task } from './state';

const updateTask = (state: CustomerState, taskId: string, update: (task: Task) => Task): CustomerState => ({
  ...state,
  tasks: state.tasks.map((t) => (t.taskId === taskId ? update(t) : t)),
});

const scheduled = (state: CustomerState, data: FollowUpScheduledData): CustomerState =>
  state.tasks.some((t) => t.taskId === data.taskId)
    ? state
    : {
        ...state,
        tasks: [
          ...state.tasks,
          {
            taskId: data.taskId,
            kind: data.kind,
            status: 'open',
            scheduledAt: data.scheduledAt,
            dueAt: data.dueAt,
            triggerId: `${data.trigger.kind}:${data.trigger.id}`,
            context: data.context,
            nurture: data.nurture,
            overdue: false,
            outcome: null,
            completedAt: null,
            assignee: null,
            atRisk: false,
          },
        ],
      };

/** The sales stage after a completion: the outcome's stage, or `nurturing` when the last nurture email went unanswered. */
const salesStageAfter = (state: CustomerState, task: Task | undefined, data: FollowUpCompletedData) => {
  const byOutcome = salesStageOfOutcome(data.outcome);
  if (byOutcome !== null) return byOutcome;
  const lastNurture =
    task?.kind === 'nurture-email' && task.nurture !== null && task.nurture.step >= task.nurture.of;
  return lastNurture && data.outcome === 'no-response' && state.salesStage === null
    ? 'nurturing'
    : state.salesStage;
};

const completed = (state: CustomerState, data: FollowUpCompletedData): CustomerState => {
  const task = state.tasks.find((t) => t.taskId === data.taskId);
  const closed = updateTask(state, data.taskId, (t) => ({
    ...t,
    status: 'completed',
    outcome: data.outcome,
    completedAt: data.completedAt,
  }));
  const contacted: CustomerState = {
    ...closed,
    // Every outcome but no-response means someone reached the customer: the end of speed-to-lead.
    firstContactAt:
      closed.firstContactAt === null && data.outcome !== 'no-response'
        ? data.completedAt
        : closed.firstContactAt,
    optedOut: closed.optedOut || data.outcome === 'opted-out',
    lastActivityAt:
      closed.lastActivityAt === null || data.completedAt > closed.lastActivityAt
        ? data.completedAt
        : closed.lastActivityAt,
  };
  const sales = salesStageAfter(contacted, task, data);
  return withStages(contacted, contacted.marketplaceStage, sales, data.completedAt, `task:${data.taskId}`);
};

/** The task's assignee; the first rep a customer's task went to becomes its owner (sticky ownership). */
const assigned = (state: CustomerState, data: FollowUpAssignedData): CustomerState => {
  if (!state.tasks.some((t) => t.taskId === data.taskId)) return state;
  const withTask = updateTask(state, data.taskId, (t) => ({ ...t, assignee: data.assignee }));
  return (state.owner ?? null) === null ? { ...withTask, owner: data.assignee } : withTask;
};

const preferenceChanged = (state: CustomerState, data: ContactPreferenceChangedData): CustomerState =>
  state.optedOut === data.optedOut ? state : { ...state, optedOut: data.optedOut };

/** Decider `evolve`: the customer state after one event. Pure and total; unknown task ids are ignored. */
export const evolve = (state: CustomerState, event: CustomerEvent): CustomerState => {
  switch (event.type) {
    case 'LeadReceived':
      return evolveLeadReceived(state, event.data);
    case 'CustomerMerged':
      return evolveCustomerMerged(state, event.data);
    case 'CustomerMergedInto':
      return { ...state, status: 'merged', mergedInto: event.data.survivorId };
    case 'FollowUpScheduled':
      return scheduled(state, event.data);
    case 'FollowUpCompleted':
      return completed(state, event.data);
    case 'FollowUpOverdue': {
      const escalatedTo = event.data.escalatedTo ?? null;
      return updateTask(state, event.data.taskId, (t) => ({ ...t, overdue: true, escalatedTo }));
    }
    case 'ContactPreferenceChanged':
      return preferenceChanged(state, event.data);
    case 'FollowUpAssigned':
      return assigned(state, event.data);
    case 'FollowUpAtRisk':
      return updateTask(state, event.data.taskId, (t) => ({ ...t, atRisk: true }));
    case 'PersonalDataErased':
      // Keys, counts, stages and tasks stay; what identified the person goes (read models follow).
      // Whether earlier leads had contact details is forgotten too: a replay reads them as placeholders,
      // so keeping it would make a rebuild differ from the live state.
      return { ...state, identity: emptySummary, erased: true, missedLeads: [], contactableByLead: null };
  }
};

/** Folds a stream's events from the initial state. */
export const foldEvents = (initial: CustomerState, events: ReadonlyArray<CustomerEvent>): CustomerState =>
  events.reduce(evolve, initial);
