import { customerStreamName, decodeStoredEvent, type CustomerEvent } from '@leadflow/contracts';
import {
  decide,
  evolve,
  initialState,
  type CustomerCommand,
  type CustomerState,
  type DomainError,
} from '@leadflow/domain';
import type { EventStore, ExpectedRevision, NewEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';

/** A customer's folded state and the revision to append after. */
export interface LoadedCustomer {
  readonly customerId: string;
  readonly state: CustomerState;
  readonly revision: ExpectedRevision;
}

/** Reads and folds a customer stream (old event versions upcast on read). */
export const loadCustomer = async (store: EventStore, customerId: string): Promise<LoadedCustomer> => {
  const events = await store.readStream(customerStreamName(customerId));
  let state = initialState();
  for (const recorded of events) {
    const decoded = decodeStoredEvent(recorded);
    if (E.isLeft(decoded))
      throw new Error(`${recorded.streamName}@${recorded.streamRevision}: unreadable ${recorded.type}`);
    state = evolve(state, decoded.right);
  }
  const last = events[events.length - 1];
  return { customerId, state, revision: last === undefined ? 'no_stream' : last.streamRevision };
};

/** Loads a customer, following merges to the survivor (bounded hops). */
export const loadSurvivor = async (
  store: EventStore,
  customerId: string,
  maxHops = 5,
): Promise<LoadedCustomer> => {
  let loaded = await loadCustomer(store, customerId);
  for (let hop = 0; hop < maxHops && loaded.state.status === 'merged' && loaded.state.mergedInto; hop += 1)
    loaded = await loadCustomer(store, loaded.state.mergedInto);
  return loaded;
};

/** Decides commands in order on a state; the first refusal stops. */
export const decideAll = (
  state: CustomerState,
  commands: ReadonlyArray<CustomerCommand>,
): E.Either<DomainError, { state: CustomerState; events: CustomerEvent[] }> => {
  let current = state;
  const events: CustomerEvent[] = [];
  for (const command of commands) {
    const result = decide(command, current);
    if (E.isLeft(result)) return result;
    current = result.right.reduce(evolve, current);
    events.push(...result.right);
  }
  return E.right({ state: current, events });
};

/** Stored form of follow-up events; `idOf` gives each its deterministic id. */
export const toStoredEvents = (
  events: ReadonlyArray<CustomerEvent>,
  idOf: (event: CustomerEvent) => string,
): NewEvent[] =>
  events.map((event) => ({
    id: idOf(event),
    type: event.type,
    data: event.data as unknown as NewEvent['data'],
    metadata: event.metadata as unknown as NewEvent['metadata'],
  }));

/** The outcome of an optimistic update of one customer stream. */
export type UpdateResult<T> = { readonly customerId: string; readonly value: T };

/**
 * Loads the customer (following merges when asked), lets `plan` compute events, appends them at the
 * read revision, and on a concurrent write re-reads and plans again (at most `attempts` times).
 * `plan` returning a Left ends without appending.
 */
export const updateCustomer = async <T>(
  store: EventStore,
  customerId: string,
  plan: (
    loaded: LoadedCustomer,
  ) => E.Either<T, { events: NewEvent[]; value: T }> | Promise<E.Either<T, { events: NewEvent[]; value: T }>>,
  options: {
    followMerges: boolean;
    attempts?: number;
  },
): Promise<UpdateResult<T>> => {
  const attempts = options.attempts ?? 10;
  for (let attempt = 1; ; attempt += 1) {
    const loaded = options.followMerges
      ? await loadSurvivor(store, customerId)
      : await loadCustomer(store, customerId);
    const planning = plan(loaded);
    // A plan that routes tasks awaits the routing tables; the others stay synchronous.
    const planned = planning instanceof Promise ? await planning : planning;
    if (E.isLeft(planned)) return { customerId: loaded.customerId, value: planned.left };
    if (planned.right.events.length === 0)
      return { customerId: loaded.customerId, value: planned.right.value };
    const stream = customerStreamName(loaded.customerId);
    const appended = await store.appendToStream(stream, planned.right.events, loaded.revision);
    if (E.isRight(appended)) return { customerId: loaded.customerId, value: planned.right.value };
    if (attempt >= attempts)
      throw new Error(`${stream}: gave up after ${attempts} attempts: ${appended.left.message}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * attempt * attempt)));
  }
};
