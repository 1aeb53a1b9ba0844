import { customerStreamName, decodeStoredEvent, type CustomerEvent } from '@leadflow/contracts';
import type { EventStore, RecordedEvent } from '@leadflow/eventstore';
import {
  customerView,
  emptyProjectedCustomer,
  evolveProjected,
  type CustomerView,
  type ProjectedCustomer,
} from '@leadflow/projections';
import * as E from 'fp-ts/Either';

/** Time travel only reads streams. */
export type StreamReader = Pick<EventStore, 'readStream'>;

/** A customer as it stood at an instant, in the live view's shape. */
export interface CustomerAsOf {
  readonly id: string;
  readonly view: CustomerView;
  /** Global position of the last event folded (the version the live view had then). */
  readonly version: string;
  /** The id asked for, when it had been merged into `id` by then. */
  readonly resolvedFrom: string | null;
}

/** Where a fold stops: events recorded at or before `at`, and (for a merged-in stream) before `beforePosition`. */
interface Bound {
  readonly at: number;
  readonly beforePosition: bigint | null;
}

const MAX_HOPS = 8;
/** Merges folded into one another before a fold gives up (a cycle would be a corrupt log). */
const MAX_DEPTH = 16;

/**
 * The stream's events up to the bound, decoded. The prefix ends at the first event recorded after the
 * instant: a fold never skips an event to apply a later one. Undecodable events are passed over, as the
 * projection runner parks them.
 */
const eventsWithin = (
  recorded: ReadonlyArray<RecordedEvent>,
  bound: Bound,
): Array<{ event: CustomerEvent; position: bigint }> => {
  const kept: Array<{ event: CustomerEvent; position: bigint }> = [];
  for (const stored of recorded) {
    if (stored.createdAt.getTime() > bound.at) break;
    if (bound.beforePosition !== null && stored.globalPosition >= bound.beforePosition) break;
    const decoded = decodeStoredEvent(stored);
    if (E.isRight(decoded)) kept.push({ event: decoded.right, position: stored.globalPosition });
  }
  return kept;
};

/**
 * Folds one customer's stream up to the bound with the projection's own `evolveProjected`. A merge needs
 * the absorbed customer's document as the projection had it then: its stream folded up to the merge event.
 */
const projectedUpTo = async (
  store: StreamReader,
  customerId: string,
  bound: Bound,
  depth: number,
): Promise<ProjectedCustomer> => {
  if (depth > MAX_DEPTH)
    throw new Error(`time travel: merges nested deeper than ${MAX_DEPTH} at ${customerId}`);
  const events = eventsWithin(await store.readStream(customerStreamName(customerId)), bound);
  const absorbed = new Map<string, ProjectedCustomer>();
  for (const { event, position } of events) {
    if (event.type !== 'CustomerMerged') continue;
    const id = event.data.mergedCustomerId;
    absorbed.set(id, await projectedUpTo(store, id, { at: bound.at, beforePosition: position }, depth + 1));
  }
  const first = events[0]?.position.toString() ?? '0';
  return events.reduce(
    (doc, { event, position }) => evolveProjected(doc, event, position.toString(), (id) => absorbed.get(id)),
    emptyProjectedCustomer(customerId, first),
  );
};

const instantOf = (asOf: Date | string): number => {
  const time = asOf instanceof Date ? asOf.getTime() : Date.parse(asOf);
  if (Number.isNaN(time)) throw new RangeError(`time travel: not a date: ${String(asOf)}`);
  return time;
};

/**
 * The customer as it stood at `asOf`: its stream folded up to the events recorded by then, with the same
 * domain and projection code as the live view. Null before its first lead. An id merged by then answers
 * with its survivor as of then; an id merged only later answers as itself.
 */
export const customerAsOf = async (
  store: StreamReader,
  customerId: string,
  asOf: Date | string,
): Promise<CustomerAsOf | null> => {
  const bound: Bound = { at: instantOf(asOf), beforePosition: null };
  let target = customerId;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const doc = await projectedUpTo(store, target, bound, 0);
    if (doc.state.status === 'empty') return null;
    if (doc.state.status === 'merged' && doc.state.mergedInto !== null) {
      target = doc.state.mergedInto;
      continue;
    }
    return {
      id: doc.customerId,
      view: customerView(doc),
      version: doc.lastPosition,
      resolvedFrom: doc.customerId === customerId ? null : customerId,
    };
  }
  return null;
};
