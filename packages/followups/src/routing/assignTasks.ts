import { customerStreamName, type CausalMetadata, type CustomerEvent } from '@leadflow/contracts';
import { offerOfContext, type CustomerCommand, type CustomerState, type Task } from '@leadflow/domain';
import type { EventStore, NewEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import {
  decideAll,
  loadSurvivor,
  toStoredEvents,
  updateCustomer,
  type LoadedCustomer,
} from '../customerStreams';
import { followUpEventId } from '../ids';
import type { RoutedTask, Router } from './router';

/**
 * The stored id of a follow-up event. A task's first assignment has one id whoever decides it (a
 * redelivery or a second consumer appends nothing new); a reassignment is named by its move and time.
 */
export const followUpEventIdOf = (event: CustomerEvent): string => {
  const taskId = 'taskId' in event.data ? String(event.data.taskId) : event.type;
  if (event.type === 'FollowUpAssigned' && event.data.previousAssignee !== null)
    return followUpEventId(
      taskId,
      `FollowUpAssigned:${event.data.previousAssignee}>${event.data.assignee}@${event.data.assignedAt}`,
    );
  return followUpEventId(taskId, event.type);
};

/** The routing request of a customer's task. */
const requestOf = (state: CustomerState, task: Task) => ({
  taskId: task.taskId,
  customerId: state.customerId,
  owner: state.owner ?? null,
  country: state.country ?? null,
  offer: offerOfContext(task.context),
  current: task.assignee ?? null,
});

/**
 * Assign commands for the given open tasks of a customer, routed together in order (the customer's
 * first task makes its owner: the customer's next task of the same lead follows it).
 */
export const assignmentCommands = async (
  router: Router,
  state: CustomerState,
  taskIds: ReadonlyArray<string>,
  now: string,
  metadata: CausalMetadata,
  reason: string | null = null,
): Promise<CustomerCommand[]> => {
  const tasks = taskIds.flatMap((taskId) => {
    const task = state.tasks.find((t) => t.taskId === taskId);
    return task === undefined || task.status !== 'open' ? [] : [task];
  });
  const assignments = await router.route(tasks.map((task) => requestOf(state, task)));
  return tasks.flatMap((task, i): CustomerCommand[] => {
    const assignment = assignments[i]!;
    if (assignment.assignee === null || assignment.rule === null || assignment.assignee === task.assignee)
      return [];
    return [
      {
        type: 'AssignFollowUp',
        data: {
          taskId: task.taskId,
          assignee: assignment.assignee,
          rule: assignment.rule,
          candidates: assignment.candidates,
          reason,
          assignedAt: now,
        },
        metadata,
      },
    ];
  });
};

/**
 * Routes tasks again (a rep left, or one freed up for tasks nobody could take), each customer's tasks
 * together and the customers in the order given: REROUTE_WIDTH customers are read at once, routed in
 * one batch in that order (the same order gives the same reps), and appended at their read revisions;
 * a customer changed meanwhile is read and routed again on its own. Resolves with the number of tasks
 * that got a new assignee.
 */
export const rerouteTasks = async (
  deps: { store: EventStore; router: Router; now: () => Date },
  tasks: ReadonlyArray<RoutedTask>,
  reason: string,
): Promise<number> => {
  const byCustomer = new Map<string, string[]>();
  for (const { customerId, taskId } of tasks)
    byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), taskId]);
  const customers = [...byCustomer];
  let moved = 0;
  for (let from = 0; from < customers.length; from += REROUTE_WIDTH) {
    const chunk = customers.slice(from, from + REROUTE_WIDTH);
    const loaded = await Promise.all(chunk.map(([customerId]) => loadSurvivor(deps.store, customerId)));
    const now = deps.now().toISOString();
    // Every plan calls the router before its first await: the chunk is routed as one batch, in order.
    const plans = await Promise.all(
      loaded.map((customer, i) => planReroute(deps.router, customer, chunk[i]![1], now, reason)),
    );
    const appended = await Promise.all(
      plans.map(async (events, i) => {
        if (events.length === 0) return 0;
        const customer = loaded[i]!;
        const result = await deps.store.appendToStream(
          customerStreamName(customer.customerId),
          events,
          customer.revision,
        );
        return E.isRight(result) ? events.length : null;
      }),
    );
    for (const [i, count] of appended.entries())
      moved += count ?? (await rerouteCustomer(deps, chunk[i]![0], chunk[i]![1], reason));
  }
  return moved;
};

const REROUTE_WIDTH = 32;

/** The assignment events of a customer's rerouted tasks; tasks no longer open stop counting against their rep. */
const planReroute = async (
  router: Router,
  { state }: LoadedCustomer,
  taskIds: ReadonlyArray<string>,
  now: string,
  reason: string,
): Promise<NewEvent[]> => {
  const active = state.status === 'active';
  const open = active
    ? taskIds.filter((taskId) => state.tasks.some((t) => t.taskId === taskId && t.status === 'open'))
    : [];
  const metadata = { correlationId: `routing:${reason}`, causationId: `routing:${taskIds[0] ?? ''}` };
  const routing = assignmentCommands(router, state, open, now, metadata, reason);
  for (const taskId of taskIds) if (!open.includes(taskId)) await router.close(taskId);
  const decided = decideAll(state, await routing);
  return E.isLeft(decided) ? [] : toStoredEvents(decided.right.events, followUpEventIdOf);
};

/** One customer's reroute with re-reads on concurrent writes (after its batched append lost a race). */
const rerouteCustomer = async (
  deps: { store: EventStore; router: Router; now: () => Date },
  customerId: string,
  taskIds: ReadonlyArray<string>,
  reason: string,
): Promise<number> => {
  const result = await updateCustomer<number>(
    deps.store,
    customerId,
    async (loaded) => {
      const events = await planReroute(deps.router, loaded, taskIds, deps.now().toISOString(), reason);
      return events.length === 0 ? E.left(0) : E.right({ events, value: events.length });
    },
    { followMerges: true },
  );
  return result.value;
};

/** Tries the tasks nobody could take yet (oldest first, at most `limit`). */
export const assignWaitingTasks = async (
  deps: { store: EventStore; router: Router; now: () => Date },
  limit = 50,
): Promise<number> => rerouteTasks(deps, await deps.router.unassigned(limit), 'capacity-freed');
