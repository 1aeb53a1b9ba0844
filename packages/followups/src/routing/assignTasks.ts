import type { CausalMetadata, CustomerEvent } from '@leadflow/contracts';
import { offerOfContext, type CustomerCommand, type CustomerState, type Task } from '@leadflow/domain';
import type { EventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { decideAll, toStoredEvents, updateCustomer } from '../customerStreams';
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

/** Assign commands for the given open tasks of a customer, each routed (claims made) in order. */
export const assignmentCommands = async (
  router: Router,
  state: CustomerState,
  taskIds: ReadonlyArray<string>,
  now: string,
  metadata: CausalMetadata,
  reason: string | null = null,
): Promise<CustomerCommand[]> => {
  const commands: CustomerCommand[] = [];
  let owner = state.owner ?? null;
  for (const taskId of taskIds) {
    const task = state.tasks.find((t) => t.taskId === taskId);
    if (task === undefined || task.status !== 'open') continue;
    // A customer's first task makes its owner: the customer's next task of the same lead follows it.
    const assignment = await router.route({ ...requestOf(state, task), owner });
    if (assignment.assignee === null || assignment.rule === null || assignment.assignee === task.assignee)
      continue;
    owner = owner ?? assignment.assignee;
    commands.push({
      type: 'AssignFollowUp',
      data: {
        taskId,
        assignee: assignment.assignee,
        rule: assignment.rule,
        candidates: assignment.candidates,
        reason,
        assignedAt: now,
      },
      metadata,
    });
  }
  return commands;
};

/**
 * Routes tasks again (a rep left, or one freed up for tasks nobody could take): each customer is
 * updated at its read revision, so a concurrent change re-reads and routes again. Resolves with the
 * number of tasks that got a new assignee.
 */
export const rerouteTasks = async (
  deps: { store: EventStore; router: Router; now: () => Date },
  tasks: ReadonlyArray<RoutedTask>,
  reason: string,
): Promise<number> => {
  let moved = 0;
  for (const routed of tasks) {
    const now = deps.now().toISOString();
    const metadata = { correlationId: `routing:${reason}`, causationId: `routing:${routed.taskId}` };
    const result = await updateCustomer<number>(
      deps.store,
      routed.customerId,
      async ({ state }) => {
        const task = state.tasks.find((t) => t.taskId === routed.taskId);
        if (state.status !== 'active' || task === undefined || task.status !== 'open') {
          await deps.router.close(routed.taskId);
          return E.left(0);
        }
        const commands = await assignmentCommands(deps.router, state, [routed.taskId], now, metadata, reason);
        const decided = decideAll(state, commands);
        if (E.isLeft(decided)) return E.left(0);
        const events = toStoredEvents(decided.right.events, followUpEventIdOf);
        return E.right({ events, value: events.length });
      },
      { followMerges: true },
    );
    moved += result.value;
  }
  return moved;
};

/** Tries the tasks nobody could take yet (oldest first, at most `limit`). */
export const assignWaitingTasks = async (
  deps: { store: EventStore; router: Router; now: () => Date },
  limit = 50,
): Promise<number> => rerouteTasks(deps, await deps.router.unassigned(limit), 'capacity-freed');
