import type { CustomerEvent, TaskKind } from '@leadflow/contracts';
import {
  decide,
  evolve,
  followUpPolicy,
  initialState,
  toSnapshot,
  type CustomerState,
  type FollowUpConfig,
  type Task,
} from '@leadflow/domain';
import type { EventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { replay, type ReplayEvent } from './replay';

/** Today's follow-up settings, the base a simulation changes. */
export { defaultFollowUpConfig, type FollowUpConfig } from '@leadflow/domain';

/** A task the policy would have opened under the simulated settings, with what really happened to it. */
export interface SimulatedTask {
  readonly taskId: string;
  readonly customerId: string;
  readonly kind: TaskKind;
  readonly scheduledAt: string;
  readonly dueAt: string;
  /** The real completion of the same task (task ids do not depend on the settings), if any. */
  readonly completedAt: string | null;
  readonly status: Task['status'];
  /** Completed after its due time, or still open past it at the end of the simulation. */
  readonly overdue: boolean;
}

export interface TaskFigures {
  readonly opened: number;
  readonly completed: number;
  /** Completed after their due time, or still open past it. */
  readonly overdue: number;
  readonly completedLate: number;
  readonly openPastDue: number;
  /** Closed by a merge into another customer's open task of the same kind. */
  readonly superseded: number;
}

export interface SimulationOptions {
  readonly store: Pick<EventStore, 'readAll'>;
  readonly config: FollowUpConfig;
  /** Count tasks scheduled at or after this instant (the replay still reads the whole log for state). */
  readonly from?: string;
  /** Count tasks scheduled at or before this instant; also the end of the simulation when given. */
  readonly until?: string;
  /** The instant open tasks are judged against (default: `until`, else now). */
  readonly now?: string;
  readonly onProgress?: (read: number) => void;
}

export interface SimulationReport {
  readonly settings: FollowUpConfig;
  readonly from: string | null;
  readonly until: string | null;
  readonly now: string;
  readonly total: TaskFigures;
  readonly byKind: Readonly<Record<TaskKind, TaskFigures>>;
  /** Tasks the log really holds in the same window, per kind, for comparison. */
  readonly actualOpened: Readonly<Record<TaskKind, number>>;
}

const KINDS: ReadonlyArray<TaskKind> = ['first-contact', 'trial-check-in', 'nurture-email', 're-engaged'];

interface SimulationState {
  readonly customers: Map<string, CustomerState>;
  readonly actual: Array<{ kind: TaskKind; scheduledAt: string }>;
  /** Cause event id -> position of the first task the follow-up consumer appended for it. */
  readonly handledAt: ReadonlyMap<string, string>;
  /** Position -> causes whose policy runs there, against the stream that position is in. */
  readonly deferred: Map<string, ReplayEvent[]>;
}

/**
 * A merge hands the survivor a snapshot of the absorbed customer as the log recorded it; the simulation
 * hands over its own simulated state instead, so the absorbed customer's simulated tasks travel along.
 */
const withSimulatedSnapshot = (
  event: CustomerEvent,
  customers: Map<string, CustomerState>,
): CustomerEvent => {
  if (event.type !== 'CustomerMerged') return event;
  const absorbed = customers.get(event.data.mergedCustomerId);
  return absorbed === undefined
    ? event
    : { ...event, data: { ...event.data, absorbed: toSnapshot(absorbed) } };
};

/** Runs the policy for `cause` on a customer's state and applies the tasks it schedules. */
const runPolicy = (
  state: CustomerState,
  cause: CustomerEvent,
  now: string,
  config: FollowUpConfig,
): CustomerState => {
  let current = state;
  for (const decision of followUpPolicy(current, cause, now, config)) {
    if (decision.type !== 'schedule') continue;
    const command = { type: 'ScheduleFollowUp' as const, data: decision.task, metadata: cause.metadata };
    const decided = decide(command, current);
    if (E.isRight(decided)) current = decided.right.reduce(evolve, current);
  }
  return current;
};

const isCause = (event: ReplayEvent): boolean =>
  event.type === 'LeadReceived' || event.type === 'FollowUpCompleted';

/**
 * Applies one logged event and runs the policy where the follow-up consumer did. The consumer decides on a
 * customer's state when it handles an event, which may be later than the event (after a merge, say); the
 * log shows when, by the first task it appended for that cause. Causes it opened nothing for run at once.
 */
const applyEvent = (sim: SimulationState, event: ReplayEvent, config: FollowUpConfig): SimulationState => {
  for (const cause of sim.deferred.get(event.position) ?? []) {
    const state = sim.customers.get(event.customerId) ?? initialState();
    sim.customers.set(event.customerId, runPolicy(state, cause, event.recordedAt.toISOString(), config));
  }
  sim.deferred.delete(event.position);
  if (event.type === 'FollowUpScheduled') {
    // The log's own tasks are the policy's output under today's settings: recorded for comparison, not applied.
    sim.actual.push({ kind: event.data.kind, scheduledAt: event.data.scheduledAt });
    return sim;
  }
  if (event.type === 'FollowUpOverdue') return sim;
  const before = sim.customers.get(event.customerId) ?? initialState();
  const logged = withSimulatedSnapshot(event, sim.customers);
  const state = evolve(before, logged);
  const handled = isCause(event) ? sim.handledAt.get(event.eventId) : undefined;
  if (handled !== undefined && BigInt(handled) > BigInt(event.position)) {
    sim.deferred.set(handled, [...(sim.deferred.get(handled) ?? []), event]);
    sim.customers.set(event.customerId, state);
    return sim;
  }
  sim.customers.set(event.customerId, runPolicy(state, logged, event.recordedAt.toISOString(), config));
  return sim;
};

/** Where the consumer acted on each cause: the first FollowUpScheduled naming it as its causation. */
const consumerTimings = async (
  store: Pick<EventStore, 'readAll'>,
  until: string | null,
): Promise<Map<string, string>> => {
  const { result } = await replay(
    { store, filter: { types: ['FollowUpScheduled'] }, ...(until === null ? {} : { until }) },
    {
      init: () => new Map<string, string>(),
      apply: (handled, event) => {
        const cause = event.metadata.causationId;
        if (!handled.has(cause)) handled.set(cause, event.position);
        return handled;
      },
      result: (handled) => handled,
    },
  );
  return result;
};

const emptyFigures = (): { -readonly [K in keyof TaskFigures]: number } => ({
  opened: 0,
  completed: 0,
  overdue: 0,
  completedLate: 0,
  openPastDue: 0,
  superseded: 0,
});

const within = (at: string, from: string | null, until: string | null): boolean =>
  (from === null || Date.parse(at) >= Date.parse(from)) &&
  (until === null || Date.parse(at) <= Date.parse(until));

/** Every task of the simulated customers (merged-away customers' tasks travelled to their survivors). */
const simulatedTasks = (customers: ReadonlyMap<string, CustomerState>, now: string): SimulatedTask[] => {
  const tasks = new Map<string, SimulatedTask>();
  for (const [customerId, state] of customers) {
    if (state.status !== 'active') continue;
    for (const task of state.tasks) {
      if (tasks.has(task.taskId)) continue;
      const late = task.completedAt !== null && Date.parse(task.completedAt) > Date.parse(task.dueAt);
      const pastDue = task.status === 'open' && Date.parse(task.dueAt) < Date.parse(now);
      tasks.set(task.taskId, {
        taskId: task.taskId,
        customerId,
        kind: task.kind,
        scheduledAt: task.scheduledAt,
        dueAt: task.dueAt,
        completedAt: task.completedAt,
        status: task.status,
        overdue: late || pastDue,
      });
    }
  }
  return [...tasks.values()];
};

/**
 * Replays the stored leads through the domain's follow-up policy with other settings: the same code the
 * follow-up consumer runs, with another `FollowUpConfig`. Real completions (by task id) say which simulated
 * tasks would have been overdue. With today's settings it reproduces the tasks the log holds.
 */
export const simulatePolicy = async (
  options: SimulationOptions,
): Promise<{ report: SimulationReport; tasks: SimulatedTask[] }> => {
  const from = options.from ?? null;
  const until = options.until ?? null;
  const now = options.now ?? until ?? new Date().toISOString();
  const handledAt = await consumerTimings(options.store, until);
  const { result: sim } = await replay<SimulationState, SimulationState>(
    { store: options.store, ...(until === null ? {} : { until }), onProgress: options.onProgress },
    {
      init: () => ({ customers: new Map(), actual: [], handledAt, deferred: new Map() }),
      apply: (state, event) => applyEvent(state, event, options.config),
      result: (state) => state,
    },
  );
  const tasks = simulatedTasks(sim.customers, now).filter((t) => within(t.scheduledAt, from, until));
  const total = emptyFigures();
  const byKind = Object.fromEntries(KINDS.map((k) => [k, emptyFigures()])) as Record<
    TaskKind,
    ReturnType<typeof emptyFigures>
  >;
  for (const task of tasks) {
    for (const figures of [total, byKind[task.kind]]) {
      figures.opened += 1;
      if (task.status === 'completed') figures.completed += 1;
      if (task.status === 'superseded') figures.superseded += 1;
      if (task.overdue) figures.overdue += 1;
      if (task.overdue && task.status === 'completed') figures.completedLate += 1;
      if (task.overdue && task.status === 'open') figures.openPastDue += 1;
    }
  }
  const actualOpened = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<TaskKind, number>;
  for (const task of sim.actual) if (within(task.scheduledAt, from, until)) actualOpened[task.kind] += 1;
  return {
    report: { settings: options.config, from, until, now, total, byKind, actualOpened },
    tasks,
  };
};
