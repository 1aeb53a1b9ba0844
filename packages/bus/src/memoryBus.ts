import type { Logger } from '@leadflow/observability';
import type { Bus, BusMessage, BusSubscription, SubscribeOptions } from './bus';
import { dlqHeaders, withBoundedRetries } from './retry';

/** The in-process bus of the embedded default, plus what tests want to look at. */
export interface MemoryBus extends Bus {
  /** The last messages published to `topic` (bounded), oldest first. */
  published(topic: string): ReadonlyArray<BusMessage>;
  /** Resolves when every group's queue is empty (tests and benchmarks). */
  idle(): Promise<void>;
}

interface Queued {
  readonly message: BusMessage;
  readonly done: () => void;
  readonly fail: (error: Error) => void;
}

interface Group {
  readonly options: SubscribeOptions;
  readonly queue: Queued[];
  running: boolean;
  closed: boolean;
  drained: Array<() => void>;
}

/**
 * In-process bus: one queue per (topic, group), handled one message at a time (so per-key order is
 * kept), with the same bounded retries and DLQ as Kafka. `publish` resolves once every subscribed
 * group handled the messages, so after a crash the publisher's checkpoint replays what was not
 * handled (handlers are idempotent). Nothing else survives a restart.
 */
export const createMemoryBus = (logger: Logger, retain = 10_000): MemoryBus => {
  const groups = new Map<string, Group[]>();
  const logs = new Map<string, BusMessage[]>();

  const record = (topic: string, messages: ReadonlyArray<BusMessage>) => {
    const log = logs.get(topic) ?? [];
    log.push(...messages);
    if (log.length > retain) log.splice(0, log.length - retain);
    logs.set(topic, log);
  };

  const publish = async (topic: string, messages: ReadonlyArray<BusMessage>): Promise<void> => {
    record(topic, messages);
    const handled: Promise<void>[] = [];
    for (const group of groups.get(topic) ?? []) {
      if (group.closed) continue;
      for (const message of messages)
        handled.push(new Promise<void>((done, fail) => group.queue.push({ message, done, fail })));
      void drain(group);
    }
    // Acknowledged once handled (or dead-lettered): the publisher's checkpoint then never runs ahead of the handlers.
    await Promise.all(handled);
  };

  const drain = async (group: Group): Promise<void> => {
    if (group.running) return;
    group.running = true;
    const { options } = group;
    while (group.queue.length > 0 && !group.closed) {
      const { message, done } = group.queue[0]!;
      const exhausted = await withBoundedRetries(
        () => options.handle(message),
        options,
        () => !group.closed,
      );
      if (exhausted !== null && group.closed) break;
      if (exhausted !== null) {
        logger.error({ topic: options.topic, id: message.id, err: exhausted.error }, 'message dead-lettered');
        const headers = {
          ...message.headers,
          ...dlqHeaders({ topic: options.topic, partition: null, offset: null }, exhausted),
        };
        await publish(options.dlqTopic, [{ ...message, headers }]);
      }
      group.queue.shift();
      done();
    }
    group.running = false;
    // Not handled: the publisher's batch fails and its checkpoint stays where it was.
    if (group.closed) group.queue.splice(0).forEach((q) => q.fail(new Error('subscription closed')));
    if (group.queue.length === 0 || group.closed) group.drained.splice(0).forEach((resolve) => resolve());
  };

  return {
    publish,
    subscribe: async (options): Promise<BusSubscription> => {
      const group: Group = { options, queue: [], running: false, closed: false, drained: [] };
      groups.set(options.topic, [...(groups.get(options.topic) ?? []), group]);
      return {
        ready: () => !group.closed,
        close: async () => {
          group.closed = true;
          if (group.running) await new Promise<void>((resolve) => group.drained.push(resolve));
          groups.set(
            options.topic,
            (groups.get(options.topic) ?? []).filter((g) => g !== group),
          );
        },
      };
    },
    published: (topic) => logs.get(topic) ?? [],
    idle: async () => {
      for (;;) {
        const busy = [...groups.values()]
          .flat()
          .filter((g) => !g.closed && (g.running || g.queue.length > 0));
        if (busy.length === 0) return;
        await Promise.all(busy.map((g) => new Promise<void>((resolve) => g.drained.push(resolve))));
      }
    },
    close: async () => {
      for (const group of [...groups.values()].flat()) group.closed = true;
      groups.clear();
    },
  };
};
