import type { CustomerCommand, DomainError } from '@leadflow/domain';
import type { EventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { decideAll, toStoredEvents, updateCustomer } from '../customerStreams';
import type { TaskIndex } from '../taskIndex';
import { followUpEventIdOf } from './assignTasks';
import type { Router } from './router';

/** Why a reassignment was refused. */
export type ReassignError =
  | DomainError
  | { readonly type: 'UnknownTask'; readonly taskId: string }
  | { readonly type: 'UnknownRep'; readonly repId: string }
  | { readonly type: 'RepInactive'; readonly repId: string };

/** Assigns an open task to a rep by hand (rule `manual`); the rep must be registered and active. */
export const reassignTask = async (
  deps: { store: EventStore; taskIndex: TaskIndex; router: Router; now: () => Date },
  input: { taskId: string; repId: string; reason: string | null; requestId: string },
): Promise<E.Either<ReassignError, { customerId: string; changed: boolean }>> => {
  const rep = await deps.router.rep(input.repId);
  if (rep === null) return E.left({ type: 'UnknownRep', repId: input.repId });
  if (!rep.active) return E.left({ type: 'RepInactive', repId: input.repId });
  const customerId = await deps.taskIndex.customerOf(input.taskId);
  if (customerId === null) return E.left({ type: 'UnknownTask', taskId: input.taskId });
  const command: CustomerCommand = {
    type: 'AssignFollowUp',
    data: {
      taskId: input.taskId,
      assignee: input.repId,
      rule: 'manual',
      candidates: [input.repId],
      reason: input.reason,
      assignedAt: deps.now().toISOString(),
    },
    metadata: { correlationId: input.requestId, causationId: input.requestId },
  };
  const result = await updateCustomer<E.Either<ReassignError, boolean>>(
    deps.store,
    customerId,
    ({ state }) => {
      const decided = decideAll(state, [command]);
      if (E.isLeft(decided)) return E.left(E.left(decided.left));
      const events = toStoredEvents(decided.right.events, followUpEventIdOf);
      return E.right({ events, value: E.right(events.length > 0) });
    },
    { followMerges: true },
  );
  if (E.isRight(result.value)) await deps.router.claim(input.taskId, result.customerId, input.repId);
  return E.map((changed: boolean) => ({ customerId: result.customerId, changed }))(result.value);
};
