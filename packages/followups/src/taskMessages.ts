import {
  FOLLOWUPS_SOURCE,
  FollowUpMessageTypes,
  REFERRAL_NOTED_TYPE,
  TASK_ESCALATED_TYPE,
  makeCloudEvent,
  withoutPersonalData,
  type CustomerEvent,
  type ReferralNotedData,
  type TaskEscalatedData,
} from '@leadflow/contracts';
import type { BusMessage } from '@leadflow/bus';
import { uuidFromName } from './ids';

// The message types and data codecs live in contracts, where the AsyncAPI document is derived from them.
const TASK_TYPES: Partial<Record<CustomerEvent['type'], string>> = FollowUpMessageTypes;

/** The `leads.followups` message of a task event, for CRM and email integrations (id = stored event id). */
export const taskMessageOf = (
  eventId: string,
  customerId: string,
  event: CustomerEvent,
  assignee: string | null = null,
): BusMessage | null => {
  const type = TASK_TYPES[event.type];
  if (type === undefined) return null;
  const envelope = makeCloudEvent({
    id: eventId,
    source: FOLLOWUPS_SOURCE,
    type,
    subject: customerId,
    time: new Date(),
    // No personal data downstream: a completion's note stays in leadflow (read it through the API).
    data: { ...withoutPersonalData(event.type, event.data), assignee },
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
  });
  return { key: customerId, id: eventId, value: JSON.stringify(envelope) };
};

/** The ops message for a DNC lead (`referral-noted`); its id derives from the lead. */
export const referralNotedMessage = (
  customerId: string,
  leadId: string,
  correlationId: string,
): BusMessage => {
  const id = uuidFromName(`referral-noted:${leadId}`);
  const data: ReferralNotedData = { customerId, leadId };
  const envelope = makeCloudEvent({
    id,
    source: FOLLOWUPS_SOURCE,
    type: REFERRAL_NOTED_TYPE,
    subject: customerId,
    time: new Date(),
    data,
    correlationId,
    causationId: leadId,
  });
  return { key: customerId, id, value: JSON.stringify(envelope) };
};

/**
 * The escalation of an overdue task to its assignee's manager (`task-escalated`), sent with the
 * forwarded FollowUpOverdue; its id derives from the overdue event, so a redelivery repeats it exactly.
 */
export const escalationMessageOf = (
  eventId: string,
  customerId: string,
  event: CustomerEvent,
  assignee: string | null,
): BusMessage | null => {
  if (event.type !== 'FollowUpOverdue') return null;
  const id = uuidFromName(`task-escalated:${eventId}`);
  const data: TaskEscalatedData = {
    taskId: event.data.taskId,
    customerId,
    assignee,
    manager: event.data.escalatedTo ?? null,
    dueAt: event.data.dueAt,
    detectedAt: event.data.detectedAt,
  };
  const envelope = makeCloudEvent({
    id,
    source: FOLLOWUPS_SOURCE,
    type: TASK_ESCALATED_TYPE,
    subject: customerId,
    time: new Date(),
    data,
    correlationId: event.metadata.correlationId,
    causationId: eventId,
  });
  return { key: customerId, id, value: JSON.stringify(envelope) };
};
