import type { Bus } from '@leadflow/bus';
import { inBatches, type EventStore, type RecordedEvent } from '@leadflow/eventstore';
import { customerIdOfStream, toLifecycleMessage } from '@leadflow/followups';
import type { Logger } from '@leadflow/observability';
import type { Checkpoint } from './checkpoint';

/** A running publisher. */
export interface LifecyclePublisher {
  /** The position of the last event the broker acknowledged. */
  position(): bigint | 'start';
  /** Resolves once every event stored so far (at `target` or before) was acknowledged. */
  caughtUpTo(target: bigint): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes every stored customer event to `leads.lifecycle` (key = customer id, CloudEvents,
 * message id = event id), in batches of what the subscription has ready. The checkpoint moves only
 * after the bus acknowledged a batch, so a crash republishes at most the unacknowledged tail.
 */
export const startLifecyclePublisher = async (deps: {
  store: EventStore;
  bus: Bus;
  topic: string;
  checkpoint: Checkpoint;
  logger: Logger;
  batchSize: number;
  /** How long a batch waits for more events after its first (default 10 ms; 0: only what is buffered). */
  lingerMs?: number;
}): Promise<LifecyclePublisher> => {
  const { store, bus, checkpoint, logger } = deps;
  const abort = new AbortController();
  let position = await checkpoint.load();
  const waiters: Array<{ target: bigint; resolve: () => void }> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) {
      if (position !== 'start' && position >= w.target) w.resolve();
      else waiters.push(w);
    }
  };

  const publishBatch = async (batch: ReadonlyArray<RecordedEvent>) => {
    const messages = batch.flatMap((e) => {
      const customerId = customerIdOfStream(e.streamName);
      return customerId === null ? [] : [toLifecycleMessage(e, customerId)];
    });
    await bus.publish(deps.topic, messages);
    const last = batch[batch.length - 1]!.globalPosition;
    await checkpoint.save(last);
    position = last;
    wake();
  };

  const runOnce = async () => {
    const subscription = store.subscribeToAll({
      fromPosition: position,
      filter: { streamPrefixes: ['customer-'] },
      signal: abort.signal,
      batchSize: deps.batchSize,
    });
    try {
      for await (const batch of inBatches(subscription, deps.batchSize, deps.lingerMs ?? 10)) {
        if (abort.signal.aborted) return;
        await publishBatch(batch);
      }
    } finally {
      await subscription.close();
    }
  };

  const running = (async () => {
    for (let failures = 0; !abort.signal.aborted;) {
      try {
        await runOnce();
        failures = 0;
      } catch (err) {
        failures += 1;
        logger.warn({ err, failures }, 'lifecycle publisher failed; resuming from its checkpoint');
        position = await checkpoint.load().catch(() => position);
        await sleep(Math.min(10_000, 200 * 2 ** Math.min(failures, 6)));
      }
    }
  })();

  return {
    position: () => position,
    caughtUpTo: (target) =>
      new Promise<void>((resolve) => {
        waiters.push({ target, resolve });
        wake();
      }),
    stop: async () => {
      abort.abort();
      await running;
      for (const w of waiters.splice(0)) w.resolve();
    },
  };
};
