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

export const FollowUpOverdueData = t.type({
  taskId: t.string,
  customerId: t.string,
  dueAt: t.string,
  detectedAt: t.string,
});
export type FollowUpOverdueData = t.TypeOf<typeof FollowUpOverdueData>;
/** An open task passed its due time (raised once per task: the escalation). */
export const FollowUpOverdue = eventCodec('FollowUpOverdue', FollowUpOverdueData);
export type FollowUpOverdue = t.TypeOf<typeof FollowUpOverdue>;
