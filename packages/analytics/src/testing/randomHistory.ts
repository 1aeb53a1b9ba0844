import type {
  CausalMetadata,
  CustomerEvent,
  IncomingLead,
  KnownAction,
  TaskOutcome,
} from '@leadflow/contracts';
import {
  acceptLead,
  canonicalCustomerId,
  decide,
  defaultFollowUpConfig,
  evolve,
  followUpPolicy,
  getValue,
  setValue,
  type CustomerCommand,
  type LeadFlow,
  emptyLeadFlow,
} from '@leadflow/domain';
import type {
  EventStore,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '@leadflow/eventstore';
import { customerStreamName } from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';

/** One step of a random history: a lead of a person (some keys of it), or a completion of an open task. */
export type HistoryStep =
  | {
      readonly type: 'lead';
      readonly person: number;
      readonly withEmail: boolean;
      /** Whose phone the lead carries: joining two persons' keys is how merges happen. */
      readonly phoneOf: number | null;
      readonly action: KnownAction | null;
      readonly isTest: boolean;
    }
  | { readonly type: 'complete'; readonly pick: number; readonly outcome: TaskOutcome };

const ACTIONS: ReadonlyArray<KnownAction | null> = ['PLT', 'INS', 'Create', 'StartTestDrive', 'DNC', null];
const OUTCOMES: ReadonlyArray<TaskOutcome> = [
  'contacted',
  'no-response',
  'no-response',
  'qualified',
  'disqualified',
  'won',
  'lost',
  'opted-out',
];

const arbLead = (tests: boolean, merges: boolean): fc.Arbitrary<HistoryStep> =>
  fc.record({
    type: fc.constant('lead' as const),
    person: fc.nat({ max: 2 }),
    withEmail: fc.boolean(),
    // Without phones every customer is keyed by one email (or none): no lead can join two customers.
    phoneOf: merges ? fc.option(fc.nat({ max: 2 }), { nil: null, freq: 3 }) : fc.constant(null),
    action: fc.constantFrom(...ACTIONS),
    isTest: tests ? fc.nat({ max: 9 }).map((n) => n < 2) : fc.constant(false),
  });

const arbCompletion: fc.Arbitrary<HistoryStep> = fc.record({
  type: fc.constant('complete' as const),
  pick: fc.nat(),
  outcome: fc.constantFrom(...OUTCOMES),
});

/** A phone-only lead of one person, an email lead of another, then a lead with both: two customers merge. */
const arbBridge: fc.Arbitrary<HistoryStep[]> = fc
  .tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.constantFrom(...ACTIONS), fc.constantFrom(...ACTIONS))
  .map(([a, b, first, last]) => [
    { type: 'lead', person: b, withEmail: false, phoneOf: a, action: first, isTest: false },
    { type: 'lead', person: (b + 1) % 3, withEmail: true, phoneOf: null, action: 'PLT', isTest: false },
    { type: 'lead', person: (b + 1) % 3, withEmail: true, phoneOf: a, action: last, isTest: false },
  ]);

/** Random histories of a handful of people (merges among them unless `merges: false`; `tests: false`: no test leads). */
export const arbHistory = (
  options: { tests?: boolean; merges?: boolean; maxSteps?: number } = {},
): fc.Arbitrary<HistoryStep[]> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: arbLead(options.tests !== false, options.merges !== false).map((s) => [s]) },
        { weight: 2, arbitrary: arbCompletion.map((s) => [s]) },
        ...(options.merges === false ? [] : [{ weight: 1, arbitrary: arbBridge }]),
      ),
      { minLength: 1, maxLength: options.maxSteps ?? 14 },
    )
    .map((chunks) => chunks.flat().slice(0, options.maxSteps ?? 14));

export const HISTORY_START = Date.parse('2026-03-02T09:00:00.000Z');
/** Steps are this far apart, so every step has its own instant. */
export const STEP_MS = 37 * 60_000;

const PHONES = ['+442072590507', '+442079460000', '+442079460001', '+442079460002', '+442079460003'];

const incoming = (step: Extract<HistoryStep, { type: 'lead' }>): IncomingLead => {
  const email = step.withEmail ? `person${step.person}@contoso.com` : null;
  const tag = step.isTest ? 'MSFT_TEST_1' : null;
  return {
    format: 'webhook',
    producerLeadId: null,
    occurredAt: null,
    source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
    action: { raw: step.action ?? 'Purchase', known: step.action },
    offer: { publisherId: 'contoso', offerId: `offer-${step.person % 2}`, title: 'Contoso CRM' },
    customer: {
      firstName: tag,
      lastName: null,
      email: tag === null ? email : `${tag}@contoso.com`,
      phone: step.phoneOf === null || tag !== null ? null : PHONES[step.phoneOf]!,
      country: 'GB',
      company: null,
      title: null,
    },
    description: null,
    producer: null,
    isTest: step.isTest,
    unrecognized: step.action === null,
  };
};

type Append = { customerId: string; events: ReadonlyArray<CustomerEvent>; at: string };

/** Completes the picked open task (of the live customers, in id order) and runs the policy after it. */
const completion = (
  flow: LeadFlow,
  step: Extract<HistoryStep, { type: 'complete' }>,
  at: string,
  live: ReadonlyArray<string>,
): { flow: LeadFlow; append: Append | null } => {
  const open = live.flatMap((id) =>
    (getValue(flow.customers, id)?.tasks ?? [])
      .filter((t) => t.status === 'open')
      .map((t) => ({ id, taskId: t.taskId })),
  );
  const chosen = open[step.pick % Math.max(open.length, 1)];
  if (chosen === undefined) return { flow, append: null };
  const metadata: CausalMetadata = { correlationId: `c-${at}`, causationId: `c-${at}` };
  let state = getValue(flow.customers, chosen.id)!;
  const events: CustomerEvent[] = [];
  const command: CustomerCommand = {
    type: 'CompleteFollowUp',
    data: { taskId: chosen.taskId, outcome: step.outcome, note: null, by: 'rep', completedAt: at },
    metadata,
  };
  const done = decide(command, state);
  if (E.isLeft(done)) return { flow, append: null };
  for (const event of done.right) {
    state = evolve(state, event);
    events.push(event);
    for (const d of followUpPolicy(state, event, at, defaultFollowUpConfig)) {
      if (d.type !== 'schedule') continue;
      const scheduled = decide({ type: 'ScheduleFollowUp', data: d.task, metadata }, state);
      if (E.isRight(scheduled))
        for (const e of scheduled.right) {
          state = evolve(state, e);
          events.push(e);
        }
    }
  }
  return {
    flow: { ...flow, customers: setValue(flow.customers, chosen.id, state) },
    append: { customerId: chosen.id, events, at },
  };
};

/**
 * Runs a history through the domain's in-memory write path (identity, merges, decider, follow-up policy)
 * and records it as a log: one step every STEP_MS, each event recorded at its step's instant.
 */
export const recordHistory = (steps: ReadonlyArray<HistoryStep>): RecordedEvent[] => {
  let flow = emptyLeadFlow(defaultFollowUpConfig);
  const live = new Set<string>();
  const appends: Append[] = [];
  steps.forEach((step, n) => {
    const at = new Date(HISTORY_START + n * STEP_MS).toISOString();
    if (step.type === 'complete') {
      const result = completion(flow, step, at, [...live].sort());
      flow = result.flow;
      if (result.append !== null) appends.push(result.append);
      return;
    }
    const leadId = `lead-${n}`;
    const metadata: CausalMetadata = { correlationId: leadId, causationId: leadId };
    const accepted = acceptLead(
      flow,
      { leadId, receivedAt: at, lead: incoming(step), contentHash: `hash-${n}`, idempotencyKey: null },
      `key-${n}`,
      metadata,
    );
    if (E.isLeft(accepted)) throw new Error(`history step ${n}: ${JSON.stringify(accepted.left)}`);
    flow = accepted.right.flow;
    for (const append of accepted.right.appends) appends.push({ ...append, at });
    for (const id of [...live]) if (canonicalCustomerId(flow.index, id) !== id) live.delete(id);
    live.add(accepted.right.accepted.customerId);
  });
  const revisions = new Map<string, bigint>();
  const log: RecordedEvent[] = [];
  for (const append of appends) {
    const streamName = customerStreamName(append.customerId);
    for (const event of append.events) {
      const revision = revisions.get(streamName) ?? 0n;
      revisions.set(streamName, revision + 1n);
      log.push({
        id: `${streamName}-${revision}`,
        type: event.type,
        data: event.data as unknown as JsonObject,
        metadata: event.metadata as unknown as JsonObject,
        streamName,
        streamRevision: revision,
        globalPosition: BigInt(log.length + 1) * 10n,
        createdAt: new Date(append.at),
      });
    }
  }
  return log;
};

/** A read-only event store over a recorded log (the part of the port time travel and replay use). */
export const logStore = (log: ReadonlyArray<RecordedEvent>): Pick<EventStore, 'readStream' | 'readAll'> => ({
  readStream: async (streamName: string, _options?: ReadStreamOptions) =>
    log.filter((e) => e.streamName === streamName),
  readAll: async (options: ReadAllOptions = {}) => {
    const from = options.fromPosition ?? 'start';
    return log.filter((e) => from === 'start' || e.globalPosition > from).slice(0, options.maxCount ?? 1000);
  },
});
