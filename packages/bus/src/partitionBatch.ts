import type { KafkaMessage } from 'kafkajs';

/** What handling one message came to: handled (or dead-lettered), or stopped by a shutdown. */
export type MessageOutcome = 'done' | 'stopped';

/**
 * Handles one partition's batch with messages of one key strictly in order and up to `width`
 * different keys at once. Offsets are resolved only up to the first message not yet done, so a
 * crash or shutdown never commits past an unhandled message. A handler error stops the batch and
 * is thrown once the running messages settled (kafkajs then retries from the last resolved offset).
 */
export const handlePartitionBatch = async (options: {
  messages: ReadonlyArray<KafkaMessage>;
  width: number;
  handle: (message: KafkaMessage) => Promise<MessageOutcome>;
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  keepGoing: () => boolean;
}): Promise<void> => {
  const { messages } = options;
  const done = messages.map(() => false);
  let next = 0;
  let stopped = false;
  let failure: unknown = null;
  const tails = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();
  const advance = () => {
    while (next < messages.length && done[next] === true) {
      options.resolveOffset(messages[next]!.offset);
      next += 1;
    }
  };
  for (let i = 0; i < messages.length && !stopped && options.keepGoing(); i += 1) {
    while (running.size >= options.width) await Promise.race(running);
    if (stopped) break;
    const message = messages[i]!;
    const key = message.key?.toString('utf8') ?? '';
    const run = async () => {
      if (stopped || !options.keepGoing()) {
        stopped = true;
        return;
      }
      if ((await options.handle(message)) === 'stopped') {
        stopped = true;
        return;
      }
      done[i] = true;
      advance();
    };
    const task = (tails.get(key) ?? Promise.resolve()).then(run).catch((error: unknown) => {
      stopped = true;
      failure ??= error;
    });
    tails.set(key, task);
    const tracked: Promise<void> = task.finally(() => running.delete(tracked));
    running.add(tracked);
    await options.heartbeat();
  }
  await Promise.all(running);
  if (failure !== null) throw failure;
};
