import type { TaskOutcome } from '@leadflow/contracts';
import { type CustomerCommand, type DomainError } from '@leadflow/domain';
import type { EventStore } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { randomUUID } from 'node:crypto';
import { decideAll, toStoredEvents, updateCustomer } from './customerStreams';
import { followUpEventId, uuidFromName } from './ids';
import type { TaskIndex } from './taskIndex';

/** Why a task command was refused (mapped to problem+json by the routes). */
export type TaskCommandError = DomainError | { readonly type: 'UnknownTask'; readonly taskId: string };

/** A done command: the customer it landed on and whether it appended anything (false = already so). */
export type TaskCommandResult = { readonly customerId: string; readonly changed: boolean };

type Outcome = E.Either<TaskCommandError, boolean>;

const run = async (
  store: EventStore,
  customerId: string,
  command: CustomerCommand,
  idOf: () => string,
): Promise<E.Either<TaskCommandError, TaskCommandResult>> => {
  const result = await updateCustomer<Outcome>(
    store,
    customerId,
    ({ state }) => {
      const decided = decideAll(state, [command]);
      if (E.isLeft(decided)) return E.left(E.left(decided.left));
      const events = toStoredEvents(decided.right.events, idOf);
      return E.right({ events, value: E.right(events.length > 0) });
    },
    { followMerges: true },
  );
  return E.map((changed: boolean) => ({ customerId: result.customerId, changed }))(result.value);
};

/** Completes a task with an outcome; repeating the same outcome is a no-op, another is a conflict. */
export const completeTask = async (
  deps: { store: EventStore; taskIndex: TaskIndex; now: () => Date },
  input: { taskId: string; outcome: TaskOutcome; note: string | null; by: string | null; requestId: string },
): Promise<E.Either<TaskCommandError, TaskCommandResult>> => {
  const customerId = await deps.taskIndex.customerOf(input.taskId);
  if (customerId === null) return E.left({ type: 'UnknownTask', taskId: input.taskId });
  const command: CustomerCommand = {
    type: 'CompleteFollowUp',
    data: {
      taskId: input.taskId,
      outcome: input.outcome,
      note: input.note,
      by: input.by,
      completedAt: deps.now().toISOString(),
    },
    metadata: { correlationId: input.requestId, causationId: input.requestId },
  };
  return run(deps.store, customerId, command, () => followUpEventId(input.taskId, 'FollowUpCompleted'));
};

/** Opts a customer out or back in; setting the current preference again changes nothing. */
export const changeContactPreference = async (
  deps: { store: EventStore; now: () => Date },
  input: {
    customerId: string;
    optedOut: boolean;
    reason: string | null;
    by: string | null;
    requestId: string;
    idempotencyKey: string | null;
  },
): Promise<E.Either<TaskCommandError, TaskCommandResult>> => {
  const command: CustomerCommand = {
    type: 'ChangeContactPreference',
    data: {
      optedOut: input.optedOut,
      reason: input.reason,
      by: input.by,
      changedAt: deps.now().toISOString(),
    },
    metadata: { correlationId: input.requestId, causationId: input.requestId },
  };
  const id =
    input.idempotencyKey === null
      ? randomUUID()
      : uuidFromName(`contact-preference:${input.customerId}:${input.idempotencyKey}`);
  return run(deps.store, input.customerId, command, () => id);
};
