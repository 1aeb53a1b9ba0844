import { makeCloudEvent, type CustomerEvent } from '@leadflow/contracts';
import type { BusMessage } from '@leadflow/bus';
import { uuidFromName } from './ids';

const TASK_TYPES: Partial<Record<CustomerEvent['type'], string>> = {
  FollowUpScheduled: 'leadflow.followup.task-scheduled.v1',
  FollowUpCompleted: 'leadflow.followup.task-completed.v1',
  FollowUpOverdue: 'leadflow.followup.task-overdue.v1',
};

/** The `leads.followups` message of a task event, for CRM and email integrations (id = stored event id). */
export const taskMessageOf = (
  eventId: string,
  customerId: string,
  event: CustomerEvent,
): BusMessage | null => {
  const type = TASK_TYPES[event.type];
  if (type === undefined) return null;
  const envelope = makeCloudEvent({
    id: eventId,
    source: '/leadflow/followups',
    type,
    subject: customerId,
    time: new Date(),
    data: event.data,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
  });
  return { key: customerId, id: eventId, value: JSON.stringify(envelope) };
};

/** The ops message for a DNC lead (SPEC 4 `referral-noted`); its id derives from the lead. */
export const referralNotedMessage = (
  customerId: string,
  leadId: string,
  correlationId: string,
): BusMessage => {
  const id = uuidFromName(`referral-noted:${leadId}`);
  const envelope = makeCloudEvent({
    id,
    source: '/leadflow/followups',
    type: 'leadflow.followup.referral-noted.v1',
    subject: customerId,
    time: new Date(),
    data: { customerId, leadId },
    correlationId,
    causationId: leadId,
  });
  return { key: customerId, id, value: JSON.stringify(envelope) };
};
