import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { EventStore, JsonObject, NewEvent, RecordedEvent } from '../port';

/** Builds a store for one contract run, and disposes of whatever it created. */
export interface ContractHarness {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

/** Creates a harness; called once per contract suite (tests isolate by unique stream names). */
export type EventStoreFactory = () => Promise<ContractHarness>;

/** A fresh stream name under a per-test prefix (the contract can run on a shared server). */
export const streamName = (prefix: string, suffix: string = randomUUID()): string => `${prefix}-${suffix}`;

/** A unique prefix, used to filter subscriptions and global reads down to one test's streams. */
export const uniquePrefix = (label: string): string => `${label}_${randomUUID().slice(0, 8)}`;

/** A new event with a random id. */
export const newEvent = (type: string, data: JsonObject = {}, metadata?: JsonObject): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  ...(metadata ? { metadata } : {}),
});

/** Unwraps a right or fails the test with the left. */
export const expectRight = <L, R>(either: E.Either<L, R>): R => {
  if (E.isLeft(either)) throw new Error(`Expected right, got left: ${String(either.left)}`);
  return either.right;
};

/** Unwraps a left or fails the test. */
export const expectLeft = <L, R>(either: E.Either<L, R>): L => {
  if (E.isRight(either)) throw new Error(`Expected left, got right: ${JSON.stringify(String(either.right))}`);
  return either.left;
};

/** Pulls `count` events from an iterator, failing after `timeoutMs`. */
export const nextEvents = async (
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${events.length}/${count} events`)),
      timeoutMs,
    );
  });
  try {
    while (events.length < count) {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done) break;
      events.push(result.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
};

/** Runs `work` over `items` with at most `concurrency` in flight. */
export const forEachConcurrently = async <T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
};
