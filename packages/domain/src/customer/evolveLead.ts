import type { LeadReceivedData } from '@leadflow/contracts';
import { highestMarketplaceStage, marketplaceStageOf } from '../funnel/stage';
import { contextEntryOf, isActionableLead, tasksExtendedBy } from '../followup/taskContext';
import { mergeSummaries, summaryOfLead } from '../identity/identitySummary';
import { withStages } from './stageChange';
import { isContactable, isTestCustomer, type CustomerState, type MissedLead } from './state';
import { withChanges } from './withChanges';

const later = (a: string | null, b: string): string => (a === null || b > a ? b : a);

/**
 * Whether a lead moves the funnel: recognised leads do; a test lead only moves a customer that is
 * itself a test customer (so its figures can be excluded), never a real one.
 */
const movesStage = (state: CustomerState, lead: LeadReceivedData): boolean =>
  !lead.unrecognized && lead.action.known !== null && (!lead.isTest || state.realLeadCount === 0);

const withStageOf = (state: CustomerState, lead: LeadReceivedData): CustomerState => {
  if (!movesStage(state, lead) || lead.action.known === null) return state;
  const marketplace = highestMarketplaceStage(state.marketplaceStage, marketplaceStageOf(lead.action.known));
  // An actionable lead brings a nurtured customer back to its marketplace stage.
  const sales = state.salesStage === 'nurturing' && isActionableLead(lead) ? null : state.salesStage;
  return withStages(state, marketplace, sales, lead.receivedAt, `lead:${lead.leadId}`);
};

/** Later leads add their offer and action to the open task they would have asked for. */
const withTaskContext = (state: CustomerState, lead: LeadReceivedData): CustomerState => {
  const extended = tasksExtendedBy(state, lead);
  if (extended.length === 0) return state;
  const entry = contextEntryOf(lead);
  return withChanges(state, {
    tasks: state.tasks.map((t) => (extended.includes(t) ? { ...t, context: [...t.context, entry] } : t)),
  });
};

const isMissable = (action: string | null): action is MissedLead['action'] =>
  action === 'PLT' || action === 'INS' || action === 'Create' || action === 'StartTestDrive';

/**
 * Late contactability: an actionable lead on a customer with no email or phone is remembered, and the
 * lead that brings the first one is noted, so the policy opens the remembered leads' tasks then.
 */
const withContactability = (
  before: CustomerState,
  after: CustomerState,
  lead: LeadReceivedData,
): CustomerState => {
  const missed = after.missedLeads ?? [];
  if (isActionableLead(lead) && isMissable(lead.action.known) && !after.optedOut && !isTestCustomer(after)) {
    if (!isContactable(after))
      return withChanges(after, {
        missedLeads: [
          ...missed,
          {
            leadId: lead.leadId,
            receivedAt: lead.receivedAt,
            action: lead.action.known,
            context: contextEntryOf(lead),
          },
        ],
      });
  }
  if (
    missed.length > 0 &&
    !isContactable(before) &&
    isContactable(after) &&
    (after.contactableByLead ?? null) === null
  )
    return withChanges(after, { contactableByLead: lead.leadId });
  return after;
};

/** Applies LeadReceived: identity keys, counts, activity, stage, speed-to-lead start, task context. */
export const evolveLeadReceived = (state: CustomerState, lead: LeadReceivedData): CustomerState => {
  const created = state.status === 'empty';
  // One new object per lead (this runs for every lead on the write path).
  const counted: CustomerState = withChanges(state, {
    status: created ? 'active' : state.status,
    customerId: created ? lead.customerId : state.customerId,
    createdAt: created ? lead.receivedAt : state.createdAt,
    identity: mergeSummaries(state.identity, summaryOfLead(lead.customer.normalised)),
    leadIds: [...state.leadIds, lead.leadId],
    realLeadCount: state.realLeadCount + (lead.isTest ? 0 : 1),
    testLeadCount: state.testLeadCount + (lead.isTest ? 1 : 0),
    unrecognizedLeadCount: state.unrecognizedLeadCount + (lead.unrecognized ? 1 : 0),
    lastActivityAt: later(state.lastActivityAt, lead.receivedAt),
    country:
      !lead.isTest && lead.customer.normalised.country !== null
        ? lead.customer.normalised.country
        : (state.country ?? null),
    firstActionableLeadAt:
      state.firstActionableLeadAt === null && isActionableLead(lead)
        ? lead.receivedAt
        : state.firstActionableLeadAt,
  });
  // Task context is chosen on the state before the lead changed the stage (a closed customer's re-engaged task).
  return withStageOf(withContactability(state, withTaskContext(counted, lead), lead), lead);
};
