import { RepEvent, repStreamName, type RepProfile } from '@leadflow/contracts';
import {
  decideRep,
  evolveRep,
  initialRepState,
  type RepCommand,
  type RepError,
  type RepState,
} from '@leadflow/domain';
import type { EventStore, ExpectedRevision } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import { uuidFromName } from '../ids';
import { assignWaitingTasks, rerouteTasks } from './assignTasks';
import type { RegisteredRep, Router } from './router';

/** What the rep commands need. */
export interface RepDeps {
  readonly store: EventStore;
  readonly router: Router;
  readonly now: () => Date;
}

/** A rep folded from its stream, with the revision to append after. */
export interface LoadedRep {
  readonly state: RepState;
  readonly revision: ExpectedRevision;
}

/** Reads and folds a rep's stream. */
export const loadRep = async (store: EventStore, repId: string): Promise<LoadedRep> => {
  const events = await store.readStream(repStreamName(repId));
  let state = initialRepState();
  for (const recorded of events) {
    const decoded = RepEvent.decode({
      type: recorded.type,
      data: recorded.data,
      metadata: recorded.metadata,
    });
    if (E.isLeft(decoded))
      throw new Error(`${recorded.streamName}@${recorded.streamRevision}: unreadable ${recorded.type}`);
    state = evolveRep(state, decoded.right);
  }
  const last = events[events.length - 1];
  return { state, revision: last === undefined ? 'no_stream' : last.streamRevision };
};

/** The outcome of a rep command: the rep as it stands and whether the command changed it. */
export type RepCommandResult = { readonly rep: RegisteredRep; readonly changed: boolean };

/**
 * Decides a rep command on its stream, appends at the read revision (re-reading on a concurrent
 * write), then stores the folded rep for routing. Even a command that changed nothing stores it, which
 * repairs the routing table after a crash between an append and its store.
 */
const runRepCommand = async (
  deps: RepDeps,
  repId: string,
  command: RepCommand,
): Promise<E.Either<RepError, RepCommandResult>> => {
  for (let attempt = 1; ; attempt += 1) {
    const loaded = await loadRep(deps.store, repId);
    const decided = decideRep(command, loaded.state);
    if (E.isLeft(decided)) return decided;
    const state = decided.right.reduce(evolveRep, loaded.state);
    if (state.status !== 'registered') return E.left({ type: 'RepNotFound', repId });
    let revision = loaded.revision === 'no_stream' ? -1n : (loaded.revision as bigint);
    if (decided.right.length > 0) {
      const appended = await deps.store.appendToStream(
        repStreamName(repId),
        decided.right.map((event, i) => ({
          id: uuidFromName(`rep:${repId}:${revision + BigInt(i) + 1n}`),
          type: event.type,
          data: event.data as unknown as Record<string, never>,
          metadata: event.metadata as unknown as Record<string, never>,
        })),
        loaded.revision,
      );
      if (E.isLeft(appended)) {
        if (attempt >= 10) throw new Error(`rep ${repId}: gave up after ${attempt} attempts`);
        continue;
      }
      revision = appended.right.nextExpectedRevision;
    }
    await deps.router.putRep(state, revision);
    return E.right({ rep: state, changed: decided.right.length > 0 });
  }
};

/** After a change: a rep that left hands its open tasks back; anyone with room takes waiting tasks. */
const afterChange = async (deps: RepDeps, before: RepState, after: RegisteredRep): Promise<void> => {
  if (before.status === 'registered' && before.active && !after.active)
    await rerouteTasks(deps, await deps.router.openTasksOf(after.repId), `rep-inactive:${after.repId}`);
  if (after.active) await assignWaitingTasks(deps);
};

/** Registers a rep; registering the same profile again changes nothing, another one is a conflict. */
export const registerRep = async (
  deps: RepDeps,
  input: { repId: string; profile: RepProfile; requestId: string },
): Promise<E.Either<RepError, RepCommandResult>> => {
  const before = (await loadRep(deps.store, input.repId)).state;
  const result = await runRepCommand(deps, input.repId, {
    type: 'RegisterRep',
    data: { repId: input.repId, at: deps.now().toISOString(), ...input.profile },
    metadata: { correlationId: input.requestId, causationId: input.requestId },
  });
  if (E.isRight(result) && result.right.changed) await afterChange(deps, before, result.right.rep);
  return result;
};

/** Changes some of a rep's fields; deactivating hands its open tasks back to assignment. */
export const updateRep = async (
  deps: RepDeps,
  input: { repId: string; changes: Partial<RepProfile>; requestId: string },
): Promise<E.Either<RepError, RepCommandResult>> => {
  const before = (await loadRep(deps.store, input.repId)).state;
  const result = await runRepCommand(deps, input.repId, {
    type: 'UpdateRep',
    data: { repId: input.repId, changes: input.changes, at: deps.now().toISOString() },
    metadata: { correlationId: input.requestId, causationId: input.requestId },
  });
  if (E.isRight(result) && result.right.changed) await afterChange(deps, before, result.right.rep);
  return result;
};
