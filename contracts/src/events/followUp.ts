import * as t from 'io-ts';
import { eventCodec } from './metadata';

const nullableString = t.union([t.string, t.null]);

/** Kinds of follow-up task. */
export const TaskKind = t.keyof({
  'first-contact': null,
  'trial-check-in': null,
  'nurture-email': null,
  're-engaged': null,
});
export type TaskKind = t.TypeOf<typeof TaskKind>;

/** Outcomes a human (or the email integration) records when completing a task. */
export const TaskOutcome = t.keyof({
  contacted: null,
  'no-response': null,
  qualified: null,
  disqualified: null,
  won: null,
  lost: null,
  'opted-out': null,
});
export type TaskOutcome = t.TypeOf<typeof TaskOutcome>;

/** What caused a task: the lead or the completed task it follows, part of its deterministic id. */
export const TaskTrigger = t.type({
  kind: t.keyof({ lead: null, task: null }),
  /** The lead id (kind `lead`) or the task id (kind `task`). */
  id: t.string,
});
export type TaskTrigger = t.TypeOf<typeof TaskTrigger>;

/** One offer/action pair that asked for the task; later leads append to it. */
export const TaskContextEntry = t.type({
  leadId: t.string,
  action: t.string,
  offerId: nullableString,
  publisherId: nullableString,
  offerTitle: nullableString,
});
export type TaskContextEntry = t.TypeOf<typeof TaskContextEntry>;

/** Nurture sequence position: step 1..of; absent for other kinds. */
export const NurtureStep = t.type({ step: t.number, of: t.number, startedAt: t.string });
export type NurtureStep = t.TypeOf<typeof NurtureStep>;

export const FollowUpScheduledData = t.type({
  taskId: t.string,
  customerId: t.string,
  kind: TaskKind,
  scheduledAt: t.string,
  dueAt: t.string,
  trigger: TaskTrigger,
  context: t.readonlyArray(TaskContextEntry),
  nurture: t.union([NurtureStep, t.null]),
});
export type FollowUpScheduledData = t.TypeOf<typeof FollowUpScheduledData>;
/** A follow-up task was opened for sales (or the email integration). */
export const FollowUpScheduled = eventCodec('FollowUpScheduled', FollowUpScheduledData);
export type FollowUpScheduled = t.TypeOf<typeof FollowUpScheduled>;

export const FollowUpCompletedData = t.type({
  taskId: t.string,
  customerId: t.string,
  outcome: TaskOutcome,
  note: nullableString,
  /** Who completed it: a user name, token subject or integration name. */
  by: nullableString,
  completedAt: t.string,
});
export type FollowUpCompletedData = t.TypeOf<typeof FollowUpCompletedData>;
/** A task was completed with an outcome. */
export const FollowUpCompleted = eventCodec('FollowUpCompleted', FollowUpCompletedData);
export type FollowUpCompleted = t.TypeOf<typeof FollowUpCompleted>;

export const FollowUpOverdueData = t.intersection([
  t.type({
    taskId: t.string,
    customerId: t.string,
    dueAt: t.string,
    detectedAt: t.string,
  }),
  // Added with routing (absent before): the assignee's manager the escalation went to.
  t.partial({ escalatedTo: nullableString }),
]);
export type FollowUpOverdueData = t.TypeOf<typeof FollowUpOverdueData>;
/** An open task passed its due time (raised once per task: the escalation). */
export const FollowUpOverdue = eventCodec('FollowUpOverdue', FollowUpOverdueData);
export type FollowUpOverdue = t.TypeOf<typeof FollowUpOverdue>;

/** Which assignment rule chose a task's assignee. */
export const AssignmentRule = t.keyof({
  /** The customer's owner (sticky ownership: the first rep assigned to the customer). */
  owner: null,
  /** Round robin among the active reps whose territory matches the customer's country and offer. */
  territory: null,
  /** Round robin among the reps with no territory (no territory matched). */
  'default-pool': null,
  /** Reassigned by a person (POST /v1/tasks/{id}/assign). */
  manual: null,
});
export type AssignmentRule = t.TypeOf<typeof AssignmentRule>;

export const FollowUpAssignedData = t.type({
  taskId: t.string,
  customerId: t.string,
  /** The rep the task is assigned to. */
  assignee: t.string,
  /** The rep it was assigned to before (a reassignment), else null. */
  previousAssignee: nullableString,
  rule: AssignmentRule,
  /** The reps the rule considered, in the order it considered them. */
  candidates: t.readonlyArray(t.string),
  /** Why (a reassignment's reason, or what handed the task back), else null. */
  reason: nullableString,
  assignedAt: t.string,
});
export type FollowUpAssignedData = t.TypeOf<typeof FollowUpAssignedData>;
/** A task was assigned (or reassigned) to a sales rep. */
export const FollowUpAssigned = eventCodec('FollowUpAssigned', FollowUpAssignedData);
export type FollowUpAssigned = t.TypeOf<typeof FollowUpAssigned>;

export const FollowUpAtRiskData = t.type({
  taskId: t.string,
  customerId: t.string,
  /** The rep it is assigned to, else null. */
  assignee: nullableString,
  dueAt: t.string,
  /** When the configured fraction of the time to due had passed. */
  atRiskAt: t.string,
  detectedAt: t.string,
});
export type FollowUpAtRiskData = t.TypeOf<typeof FollowUpAtRiskData>;
/** An open task used up the configured fraction of its time to due (raised once per task). */
export const FollowUpAtRisk = eventCodec('FollowUpAtRisk', FollowUpAtRiskData);
export type FollowUpAtRisk = t.TypeOf<typeof FollowUpAtRisk>;
