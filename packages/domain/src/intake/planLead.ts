import type {
  CausalMetadata,
  CustomerEvent,
  IdentitySummary,
  IncomingLead,
  MatchRule,
  NormalisedCustomer,
} from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import type { DomainError } from '../customer/command';
import { decide } from '../customer/decide';
import { decideMerge } from '../customer/decideMerge';
import { evolve } from '../customer/evolve';
import { initialState, type CustomerState } from '../customer/state';
import { recordIdentity, recordMerge, type IdentityIndex } from '../identity/identityIndex';
import { summaryOfLead } from '../identity/identitySummary';
import { resolve, resolveSummary, type Resolution } from '../identity/resolve';
import { normaliseCustomer } from '../normalise/customer';

/** An accepted (decoded, not duplicate) lead with the ids and time the write path gave it. */
export type LeadInput = {
  readonly leadId: string;
  readonly receivedAt: string;
  readonly lead: IncomingLead;
  readonly contentHash: string;
  readonly idempotencyKey: string | null;
  /** The lead's identity summary as the index holds it (keyed hashes); the clear summary when absent. */
  readonly summary?: IdentitySummary;
};

/** Events to append to one customer stream, in order. */
export type StreamAppend = { readonly customerId: string; readonly events: ReadonlyArray<CustomerEvent> };

/** Where a lead goes and what to append: merges first (survivor, then each merged stream), then the lead. */
export type LeadPlan = {
  readonly customerId: string;
  readonly resolution: Resolution;
  readonly normalised: NormalisedCustomer;
  readonly appends: ReadonlyArray<StreamAppend>;
  /** The customer's state after the plan's events (policy input). */
  readonly state: CustomerState;
};

const foldAll = (state: CustomerState, events: ReadonlyArray<CustomerEvent>): CustomerState =>
  events.reduce(evolve, state);

/** Merges each linked customer into the survivor, in order; returns the survivor's events and each merged stream's. */
const planMerges = (
  survivor: CustomerState,
  mergedIds: ReadonlyArray<string>,
  stateOf: (customerId: string) => CustomerState,
  link: { rule: MatchRule; leadId: string; mergedAt: string },
  metadata: CausalMetadata,
): E.Either<
  DomainError,
  { survivor: CustomerState; survivorEvents: CustomerEvent[]; merged: StreamAppend[] }
> => {
  let state = survivor;
  const survivorEvents: CustomerEvent[] = [];
  const merged: StreamAppend[] = [];
  for (const id of mergedIds) {
    const result = decideMerge(state, stateOf(id), link, metadata);
    if (E.isLeft(result)) return result;
    state = foldAll(state, result.right.survivor);
    survivorEvents.push(...result.right.survivor);
    merged.push({ customerId: id, events: result.right.merged });
  }
  return E.right({ survivor: state, survivorEvents, merged });
};

/**
 * Plans one lead on the write path: normalise, resolve against the identity index, merge linked
 * customers into the oldest, and decide LeadReceived. `stateOf` gives each customer's current state.
 */
export const planLead = (
  index: IdentityIndex,
  stateOf: (customerId: string) => CustomerState,
  input: LeadInput,
  newCustomerId: string,
  metadata: CausalMetadata,
): E.Either<DomainError, LeadPlan> => {
  const normalised = normaliseCustomer(input.lead.customer);
  const resolution =
    input.summary === undefined ? resolve(index, normalised) : resolveSummary(index, input.summary);
  const customerId =
    resolution.kind === 'new'
      ? newCustomerId
      : resolution.kind === 'existing'
        ? resolution.customerId
        : resolution.survivor;
  const start = resolution.kind === 'new' ? initialState() : stateOf(customerId);
  const merges =
    resolution.kind === 'merge'
      ? planMerges(
          start,
          resolution.merged,
          stateOf,
          { rule: resolution.rule, leadId: input.leadId, mergedAt: input.receivedAt },
          metadata,
        )
      : E.right({ survivor: start, survivorEvents: [], merged: [] });
  if (E.isLeft(merges)) return merges;
  const { survivor, survivorEvents, merged } = merges.right;
  const matchedBy = resolution.kind === 'new' ? null : resolution.rule;
  // The command's data spelled out (it never leaves decide): a spread that adds keys is slow in V8.
  const data = {
    leadId: input.leadId,
    customerId,
    receivedAt: input.receivedAt,
    lead: input.lead,
    normalised,
    contentHash: input.contentHash,
    idempotencyKey: input.idempotencyKey,
    matchedBy,
  };
  const received = decide({ type: 'ReceiveLead', data, metadata }, survivor);
  if (E.isLeft(received)) return received;
  const events = survivorEvents.length === 0 ? received.right : [...survivorEvents, ...received.right];
  return E.right({
    customerId,
    resolution,
    normalised,
    appends: [{ customerId, events }, ...merged],
    state: foldAll(survivor, received.right),
  });
};

/** The identity index after a plan was appended: merges recorded, the lead's keys added to its customer. */
export const indexPlan = (index: IdentityIndex, plan: LeadPlan, receivedAt: string): IdentityIndex => {
  const merged =
    plan.resolution.kind === 'merge' ? recordMerge(index, plan.customerId, plan.resolution.merged) : index;
  return recordIdentity(merged, plan.customerId, summaryOfLead(plan.normalised), receivedAt);
};
