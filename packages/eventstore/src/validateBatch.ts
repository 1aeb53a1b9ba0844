import * as E from 'fp-ts/Either';
import { EventIdConflict } from './errors';
import type { NewEvent } from './port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EVENTS = 1 << 20;

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a batch before any adapter touches it. Malformed input (empty batch, non-UUID id, data not
 * an object) is a caller bug and throws; an id repeated inside the batch is an `EventIdConflict`.
 */
export const validateBatch = (
  stream: string,
  events: readonly NewEvent[],
): E.Either<EventIdConflict, void> => {
  if (stream.length === 0) throw new TypeError('Stream name must not be empty');
  if (events.length === 0) throw new RangeError(`Empty batch appended to ${stream}`);
  if (events.length > MAX_EVENTS)
    throw new RangeError(`Batch of ${events.length} events exceeds ${MAX_EVENTS}`);
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const event of events) {
    if (!UUID.test(event.id)) throw new TypeError(`Event id "${event.id}" is not a UUID`);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('Event type is empty');
    if (!isPlainObject(event.data)) throw new TypeError(`Event ${event.id} data is not a JSON object`);
    if (event.metadata !== undefined && !isPlainObject(event.metadata))
      throw new TypeError(`Event ${event.id} metadata is not a JSON object`);
    const id = event.id.toLowerCase();
    if (seen.has(id)) repeated.push(event.id);
    seen.add(id);
  }
  return repeated.length > 0 ? E.left(new EventIdConflict(stream, repeated)) : E.right(undefined);
};
