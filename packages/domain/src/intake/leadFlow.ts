import type { CausalMetadata, CustomerEvent } from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import type { CustomerCommand, DomainError } from '../customer/command';
import { decide } from '../customer/decide';
import { evolve } from '../customer/evolve';
import { initialState, type CustomerState } from '../customer/state';
import type { FollowUpConfig } from '../followup/config';
import { followUpPolicy, type TaskDecision } from '../followup/policy';
import { canonicalCustomerId, emptyIdentityIndex, type IdentityIndex } from '../identity/identityIndex';
import { emptyMap, getValue, setValue, type PersistentMap } from '../identity/persistentMap';
import { indexPlan, planLead, type LeadInput, type StreamAppend } from './planLead';

/**
 * An in-memory, immutable reference of the whole write path (dedup, identity, decider, follow-up
 * policy) over persistent maps. Used by the corpus test and the benchmark; the real write path
 * does the same steps against the event store.
 */
export type LeadFlow = {
  readonly index: IdentityIndex;
  readonly customers: PersistentMap<CustomerState>;
  /** Dedup key -> the original delivery's lead and customer ids. */
  readonly seen: PersistentMap<{ readonly leadId: string; readonly customerId: string }>;
  /** Follow-up policy settings; null runs the ingest path alone (the policy then belongs to a consumer). */
  readonly config: FollowUpConfig | null;
};

/** What a delivery was answered: the lead's id, its (current) customer, and whether it was a redelivery. */
export type Accepted = { readonly leadId: string; readonly customerId: string; readonly duplicate: boolean };

/** A flow that has seen nothing. */
export const emptyLeadFlow = (config: FollowUpConfig | null): LeadFlow => ({
  index: emptyIdentityIndex(),
  customers: emptyMap(),
  seen: emptyMap(),
  config,
});

/** A customer's state by any id it ever had (merged ids resolve to the survivor). */
export const customerState = (flow: LeadFlow, customerId: string): CustomerState =>
  getValue(flow.customers, canonicalCustomerId(flow.index, customerId)) ?? initialState();

const applyAppends = (customers: PersistentMap<CustomerState>, appends: ReadonlyArray<StreamAppend>) =>
  appends.reduce(
    (acc, { customerId, events }) =>
      setValue(acc, customerId, events.reduce(evolve, getValue(acc, customerId) ?? initialState())),
    customers,
  );

/** Turns schedule decisions into commands on the customer (other decisions need no event). */
const scheduleCommands = (
  decisions: ReadonlyArray<TaskDecision>,
  metadata: CausalMetadata,
): CustomerCommand[] =>
  decisions.flatMap((d): CustomerCommand[] =>
    d.type === 'schedule' ? [{ type: 'ScheduleFollowUp', data: d.task, metadata }] : [],
  );

/** Runs the follow-up policy on each new event of a stream and decides its schedule commands. */
const applyPolicy = (
  state: CustomerState,
  events: ReadonlyArray<CustomerEvent>,
  now: string,
  config: FollowUpConfig,
): E.Either<DomainError, { state: CustomerState; events: CustomerEvent[] }> => {
  let current = state;
  const produced: CustomerEvent[] = [];
  for (const event of events) {
    const commands = scheduleCommands(followUpPolicy(current, event, now, config), event.metadata);
    for (const command of commands) {
      const result = decide(command, current);
      if (E.isLeft(result)) return result;
      current = result.right.reduce(evolve, current);
      produced.push(...result.right);
    }
  }
  return E.right({ state: current, events: produced });
};

/**
 * Accepts one decoded lead: a known dedup key answers the original ids; otherwise the lead is
 * planned, appended, indexed and the follow-up policy applied to its events (`now` = receivedAt).
 */
export const acceptLead = (
  flow: LeadFlow,
  input: LeadInput,
  dedupKey: string,
  metadata: CausalMetadata,
): E.Either<DomainError, { flow: LeadFlow; accepted: Accepted; appends: ReadonlyArray<StreamAppend> }> => {
  const original = getValue(flow.seen, dedupKey);
  if (original !== undefined) {
    const customerId = canonicalCustomerId(flow.index, original.customerId);
    return E.right({ flow, accepted: { leadId: original.leadId, customerId, duplicate: true }, appends: [] });
  }
  const plan = planLead(flow.index, (id) => customerState(flow, id), input, `cus-${input.leadId}`, metadata);
  if (E.isLeft(plan)) return plan;
  const { customerId, appends, state } = plan.right;
  const leadEvents = appends[0]?.events ?? [];
  const policy =
    flow.config === null
      ? E.right({ state, events: [] })
      : applyPolicy(state, leadEvents.slice(-1), input.receivedAt, flow.config);
  if (E.isLeft(policy)) return policy;
  const allAppends = [...appends, { customerId, events: policy.right.events }];
  // The survivor's state is already folded (plan + policy); only the merged streams need their events applied.
  const customers = setValue(applyAppends(flow.customers, appends.slice(1)), customerId, policy.right.state);
  return E.right({
    flow: {
      index: indexPlan(flow.index, plan.right, input.receivedAt),
      customers,
      seen: setValue(flow.seen, dedupKey, { leadId: input.leadId, customerId }),
      config: flow.config,
    },
    accepted: { leadId: input.leadId, customerId, duplicate: false },
    appends: allAppends,
  });
};
