import type { CustomerEvent } from '@leadflow/contracts';
import type { CustomerState } from '@leadflow/domain';
import type { RecordedEvent } from '@leadflow/eventstore';
import type { Row } from './columns';

const CUSTOMER_STREAM = 'customer-';

/** The customer id of a `customer-<id>` stream, null for other streams. */
export const streamCustomerId = (streamName: string): string | null =>
  streamName.startsWith(CUSTOMER_STREAM) ? streamName.slice(CUSTOMER_STREAM.length) : null;

interface Specific {
  leadId: string | null;
  source: string | null;
  action: string | null;
  publisherId: string | null;
  offerId: string | null;
  country: string | null;
  taskId: string | null;
  taskKind: string | null;
  outcome: string | null;
}

const none: Specific = {
  leadId: null,
  source: null,
  action: null,
  publisherId: null,
  offerId: null,
  country: null,
  taskId: null,
  taskKind: null,
  outcome: null,
};

/** The task kind of a task event: from the event itself, or the stream's state (completions and escalations). */
const kindOf = (state: CustomerState | null, taskId: string): string | null =>
  state?.tasks.find((task) => task.taskId === taskId)?.kind ?? null;

/** The non-personal fields of one event type (names, emails, phones, company, title, free text never). */
const specificOf = (event: CustomerEvent | null, state: CustomerState | null): Specific => {
  switch (event?.type) {
    case 'LeadReceived': {
      const lead = event.data;
      return {
        ...none,
        leadId: lead.leadId,
        source: lead.source.known ?? lead.source.raw,
        action: lead.action.known ?? lead.action.raw,
        publisherId: lead.offer.publisherId,
        offerId: lead.offer.offerId,
        country: lead.customer.normalised.country,
      };
    }
    case 'FollowUpScheduled': {
      const first = event.data.context[0];
      return {
        ...none,
        action: first?.action ?? null,
        publisherId: first?.publisherId ?? null,
        offerId: first?.offerId ?? null,
        taskId: event.data.taskId,
        taskKind: event.data.kind,
      };
    }
    case 'FollowUpCompleted':
      return {
        ...none,
        taskId: event.data.taskId,
        taskKind: kindOf(state, event.data.taskId),
        outcome: event.data.outcome,
      };
    case 'FollowUpOverdue':
      return { ...none, taskId: event.data.taskId, taskKind: kindOf(state, event.data.taskId) };
    default:
      return none;
  }
};

/** Flattens one event into a row of `EVENT_COLUMNS`; `state` is its stream's state after it. */
export const eventRow = (
  event: RecordedEvent,
  decoded: CustomerEvent | null,
  state: CustomerState | null,
  survivor: string | null,
): Row => {
  const s = specificOf(decoded, state);
  return [
    event.globalPosition,
    event.id,
    Number(event.streamRevision),
    survivor,
    streamCustomerId(event.streamName),
    event.type,
    event.createdAt,
    s.leadId,
    s.source,
    s.action,
    s.publisherId,
    s.offerId,
    s.country,
    state?.stage ?? null,
    s.taskId,
    s.taskKind,
    s.outcome,
    state?.owner ?? null,
  ];
};
