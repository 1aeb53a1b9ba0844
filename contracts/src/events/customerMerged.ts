import * as t from 'io-ts';
import { NurtureStep, TaskContextEntry, TaskKind, TaskOutcome } from './followUp';
import { IdentitySummary, MatchRule } from './identity';
import { eventCodec } from './metadata';
import { MarketplaceStage, SalesStage, Stage } from './stage';

const nullableString = t.union([t.string, t.null]);

/** A task as the customer state holds it; carried over by a merge. */
export const TaskSnapshot = t.intersection([
  t.type({
    taskId: t.string,
    kind: TaskKind,
    /** `superseded`: an open task of a merged customer that duplicated one of the survivor's. */
    status: t.keyof({ open: null, completed: null, superseded: null }),
    scheduledAt: t.string,
    dueAt: t.string,
    triggerId: t.string,
    context: t.readonlyArray(TaskContextEntry),
    nurture: t.union([NurtureStep, t.null]),
    overdue: t.boolean,
    outcome: t.union([TaskOutcome, t.null]),
    completedAt: nullableString,
  }),
  // Routing fields (absent in snapshots written before routing): the assignee, the at-risk flag, and
  // the manager an overdue task was escalated to.
  t.partial({ assignee: nullableString, atRisk: t.boolean, escalatedTo: nullableString }),
]);
export type TaskSnapshot = t.TypeOf<typeof TaskSnapshot>;

/** One stage transition with its time and cause. */
export const StageChange = t.type({
  stage: Stage,
  at: t.string,
  /** `lead:<id>`, `task:<id>`, `merge:<id>`. */
  cause: t.string,
});
export type StageChange = t.TypeOf<typeof StageChange>;

/** Everything the survivor takes over from a merged customer, so that nothing is lost. */
export const CustomerSnapshot = t.type({
  customerId: t.string,
  createdAt: t.string,
  aliases: t.readonlyArray(t.string),
  identity: IdentitySummary,
  leadIds: t.readonlyArray(t.string),
  realLeadCount: t.number,
  testLeadCount: t.number,
  unrecognizedLeadCount: t.number,
  optedOut: t.boolean,
  marketplaceStage: t.union([MarketplaceStage, t.null]),
  salesStage: t.union([SalesStage, t.null]),
  stageHistory: t.readonlyArray(StageChange),
  tasks: t.readonlyArray(TaskSnapshot),
  firstActionableLeadAt: nullableString,
  firstContactAt: nullableString,
  lastActivityAt: nullableString,
});
export type CustomerSnapshot = t.TypeOf<typeof CustomerSnapshot>;

export const CustomerMergedData = t.type({
  customerId: t.string,
  mergedCustomerId: t.string,
  /** The rule by which the linking lead matched the merged customer. */
  rule: MatchRule,
  /** The lead that linked the two customers. */
  leadId: t.string,
  mergedAt: t.string,
  absorbed: CustomerSnapshot,
  /** Open tasks of the merged customer that duplicate an open task of the survivor. */
  supersededTasks: t.readonlyArray(t.type({ taskId: t.string, supersededBy: t.string })),
});
export type CustomerMergedData = t.TypeOf<typeof CustomerMergedData>;
/** On the survivor's stream: another customer was merged into it. */
export const CustomerMerged = eventCodec('CustomerMerged', CustomerMergedData);
export type CustomerMerged = t.TypeOf<typeof CustomerMerged>;

export const CustomerMergedIntoData = t.type({
  customerId: t.string,
  survivorId: t.string,
  rule: MatchRule,
  leadId: t.string,
  mergedAt: t.string,
});
export type CustomerMergedIntoData = t.TypeOf<typeof CustomerMergedIntoData>;
/** On the merged customer's stream (its last event): reads by its id resolve to the survivor. */
export const CustomerMergedInto = eventCodec('CustomerMergedInto', CustomerMergedIntoData);
export type CustomerMergedInto = t.TypeOf<typeof CustomerMergedInto>;
