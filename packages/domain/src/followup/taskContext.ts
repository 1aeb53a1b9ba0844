import type { LeadReceivedData, TaskContextEntry, TaskKind } from '@leadflow/contracts';
import { isClosedSalesStage } from '../funnel/stage';
import type { CustomerState, Task } from '../customer/state';

/** A lead that asks for contact: a recognised, non-test PLT, INS, Create or StartTestDrive. */
export const isActionableLead = (lead: LeadReceivedData): boolean =>
  !lead.isTest && !lead.unrecognized && lead.action.known !== null && lead.action.known !== 'DNC';

/** The offer/action pair a lead adds to a task's context. */
export const contextEntryOf = (lead: LeadReceivedData): TaskContextEntry => ({
  leadId: lead.leadId,
  action: lead.action.known ?? lead.action.raw,
  offerId: lead.offer.offerId,
  publisherId: lead.offer.publisherId,
  offerTitle: lead.offer.title,
});

/** Kinds of task an actionable lead asks for: re-engaged on a closed customer, else first contact (+ trial check-in). */
export const taskKindsFor = (lead: LeadReceivedData, state: CustomerState): ReadonlyArray<TaskKind> => {
  if (isClosedSalesStage(state.salesStage)) return ['re-engaged'];
  return lead.action.known === 'StartTestDrive' ? ['first-contact', 'trial-check-in'] : ['first-contact'];
};

/** Open tasks a lead adds its offer and action to: one per kind it asks for, not already holding it. */
export const tasksExtendedBy = (state: CustomerState, lead: LeadReceivedData): ReadonlyArray<Task> => {
  if (!isActionableLead(lead)) return [];
  const kinds = taskKindsFor(lead, state);
  return state.tasks.filter(
    (t) => t.status === 'open' && kinds.includes(t.kind) && !t.context.some((c) => c.leadId === lead.leadId),
  );
};
