import {
  customerStreamName,
  decodeStoredEvent,
  type CausalMetadata,
  type CustomerEvent,
  type IdentitySummary,
  type IncomingLead,
  type NormalisedCustomer,
} from '@leadflow/contracts';
import {
  emptyIdentityIndex,
  evolve,
  initialState,
  mergeSummaries,
  recordIdentity,
  type CustomerState,
  type IdentityIndex,
} from '@leadflow/domain';
import type { ExpectedRevision, NewEvent, RecordedEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { uuidFromName } from './ids';
import type { IndexedCustomer } from './writeTx';

/** An index holding just the candidate customers, oldest first so their age order is kept. */
export const indexOf = (candidates: ReadonlyArray<IndexedCustomer>): IdentityIndex =>
  [...candidates]
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.seq - b.seq))
    .reduce((index, c) => recordIdentity(index, c.customerId, c.summary, c.createdAt), emptyIdentityIndex());

/** Folds a stored stream into the customer state (old event versions are upcast on read). */
export const foldStream = (
  events: ReadonlyArray<RecordedEvent>,
): { state: CustomerState; revision: ExpectedRevision } => {
  let state = initialState();
  for (const recorded of events) {
    const decoded = decodeStoredEvent(recorded);
    if (E.isLeft(decoded)) {
      throw new Error(
        `${recorded.streamName}@${recorded.streamRevision}: unreadable ${recorded.type} (${decoded.left.type})`,
      );
    }
    state = evolve(state, decoded.right);
  }
  const last = events[events.length - 1];
  return { state, revision: last === undefined ? 'no_stream' : last.streamRevision };
};

/** Stored form of domain events; ids derive from the lead so a retried write appends the same ids. */
export const toNewEvents = (
  events: ReadonlyArray<CustomerEvent>,
  leadId: string,
  customerId: string,
): NewEvent[] =>
  events.map((event, i) => ({
    id: event.type === 'LeadReceived' ? leadId : uuidFromName(`${leadId}:${event.type}:${customerId}:${i}`),
    type: event.type,
    data: event.data as unknown as NewEvent['data'],
    metadata: event.metadata as unknown as NewEvent['metadata'],
  }));

/** An accepted lead as the write path carries it through its attempts. */
export interface LeadInput {
  readonly leadId: string;
  readonly lead: IncomingLead;
  readonly normalised: NormalisedCustomer;
  readonly summary: IdentitySummary;
  readonly contentHash: string;
  readonly idempotencyKey: string | null;
  readonly receivedAt: Date;
  readonly metadata: CausalMetadata;
}

/** The survivor's identity after a lead (and any merged customers) joined it. */
export const summaryAfter = (summaries: ReadonlyArray<IdentitySummary>): IdentitySummary =>
  summaries.reduce((acc, s) => mergeSummaries(acc, s));

export { customerStreamName };
