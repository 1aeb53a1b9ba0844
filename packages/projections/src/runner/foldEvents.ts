import { decodeStoredEvent, type CustomerEvent } from '@leadflow/contracts';
import type { RecordedEvent } from '@leadflow/eventstore';
import * as E from 'fp-ts/Either';
import {
  emptyProjectedCustomer,
  evolveProjected,
  type ProjectedCustomer,
} from '../customer/projectedCustomer';
import { withRetries, type RetryPolicy } from './retryPolicy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The prefix of the streams the customer projection reads. */
export const STREAM_PREFIX = 'customer-';

/** Options of the event application (test hooks included). */
export interface ApplyOptions {
  readonly retry: RetryPolicy;
  /** Called before each event is applied; a throw makes the event a poison candidate (tests inject faults here). */
  readonly beforeApply?: (event: RecordedEvent) => void;
}

/** A poison event as a `dead_letters` row (column names as in SQL). */
export interface DeadLetterRow {
  readonly global_position: string;
  readonly event_id: string;
  readonly stream_name: string;
  readonly event_type: string;
  readonly error: string;
  readonly attempts: number;
}

const decode = (event: RecordedEvent): CustomerEvent => {
  const decoded = decodeStoredEvent(event);
  if (E.isLeft(decoded)) throw new Error(`${decoded.left.type}: ${JSON.stringify(decoded.left)}`);
  return decoded.right;
};

/** The rest of `withRetries` after a failed first attempt: same delays, same attempt count. */
const retryAfterFirst = async <A>(policy: RetryPolicy, work: () => A, first: unknown) => {
  if (policy.attempts <= 1)
    return {
      ok: false as const,
      error: first instanceof Error ? first : new Error(String(first)),
      attempts: 1,
    };
  await sleep(policy.baseDelayMs);
  const rest = await withRetries(
    { attempts: policy.attempts - 1, baseDelayMs: policy.baseDelayMs * 2 },
    work,
  );
  return rest.ok ? rest : { ...rest, attempts: rest.attempts + 1 };
};

/**
 * `withRetries(policy, work)`, with the first attempt run synchronously: the common case (no throw) costs
 * no promise per event.
 */
const attempt = <A>(policy: RetryPolicy, work: () => A) => {
  if (policy.attempts < 1) return withRetries(policy, work);
  try {
    return { ok: true as const, value: work() };
  } catch (error) {
    return retryAfterFirst(policy, work, error);
  }
};

/** The customer a customer event belongs to (its stream's id). */
export const customerIdOf = (event: RecordedEvent): string => event.streamName.slice(STREAM_PREFIX.length);

/**
 * Folds customer events, in global order, into the documents of `current` (updated in place): each event
 * is decoded and applied with the domain's `evolve`; an event already applied is skipped. A handler that
 * still throws after the retries leaves its customer unchanged and its event in `parked`.
 * The live runner (per batch) and the rebuild (the whole log) share this step, so their rows agree.
 */
export const foldEvents = async (
  events: ReadonlyArray<RecordedEvent>,
  current: Map<string, ProjectedCustomer>,
  options: ApplyOptions,
  onChanged: (customerId: string) => void,
  parked: DeadLetterRow[],
): Promise<void> => {
  const lookup = (other: string) => current.get(other);
  for (const event of events) {
    const id = customerIdOf(event);
    const position = event.globalPosition.toString();
    const work = () => {
      options.beforeApply?.(event);
      const doc = current.get(id) ?? emptyProjectedCustomer(id, position);
      if (BigInt(doc.lastPosition) >= event.globalPosition && doc.eventCount > 0) return doc; // already applied
      return evolveProjected(doc, decode(event), position, lookup);
    };
    const tried = attempt(options.retry, work);
    const result = tried instanceof Promise ? await tried : tried;
    if (result.ok) {
      current.set(id, result.value);
      onChanged(id);
    } else {
      parked.push({
        global_position: position,
        event_id: event.id,
        stream_name: event.streamName,
        event_type: event.type,
        error: result.error.message.slice(0, 2000),
        attempts: result.attempts,
      });
    }
  }
};
