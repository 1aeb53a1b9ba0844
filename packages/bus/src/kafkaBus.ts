import { producerOptions } from '@leadflow/kafka';
import { MESSAGE_ID_HEADER } from '@leadflow/contracts';
import type { Logger } from '@leadflow/observability';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Bus, BusMessage, BusSubscription, SubscribeOptions } from './bus';
import { handlePartitionBatch, type MessageOutcome } from './partitionBatch';
import { dlqHeaders, withBoundedRetries } from './retry';

/** Kafka settings of the bus. */
export interface KafkaBusOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  /** Partitions one consumer handles at the same time (order is kept within each). Default 3. */
  readonly partitionsConsumedConcurrently?: number;
  /** Different keys of one partition handled at once (each key stays in order). Default 1. */
  readonly keysConsumedConcurrently?: number;
  /** Group session timeout: how soon a crashed consumer's partitions move to the others. Default 30 s. */
  readonly sessionTimeoutMs?: number;
  /**
   * A fetch returns once this many bytes are there or `fetchMaxWaitMs` passed (defaults 32 KiB and
   * 25 ms): under load, one fetch per ~25 ms carries many messages instead of one fetch per message.
   */
  readonly fetchMinBytes?: number;
  readonly fetchMaxWaitMs?: number;
}

const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

const toBusMessage = (message: KafkaMessage, fallbackId: string): BusMessage => {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(message.headers ?? {})) {
    const text = headerText(message.headers, name);
    if (text !== undefined) headers[name] = text;
  }
  return {
    key: message.key?.toString('utf8') ?? '',
    id: headers[MESSAGE_ID_HEADER] ?? fallbackId,
    value: message.value?.toString('utf8') ?? '',
    headers,
  };
};

/** The Kafka record of a bus message: the id travels in the `message-id` header. */
export const toKafkaMessage = (message: BusMessage) => ({
  key: message.key,
  value: message.value,
  headers: { ...message.headers, [MESSAGE_ID_HEADER]: message.id },
});

/** Messages per produce request the bus's batching of concurrent sends puts together at most. */
const MAX_SEND_MESSAGES = 500;

/**
 * The Kafka bus: one idempotent producer (acks=all) for the process, and per subscription a
 * consumer group whose `eachBatch` resolves an offset only after the handler succeeded or the
 * message was dead-lettered; offsets are committed after that, so a crash replays at most the
 * unresolved tail (handlers are idempotent).
 */
export const createKafkaBus = async (options: KafkaBusOptions): Promise<Bus> => {
  const { kafka, logger } = options;
  const producer: Producer = kafka.producer(producerOptions());
  await producer.connect();
  const consumers = new Set<Consumer>();

  // Sends asked for while one is on its way go out together as the next request (the producer has one
  // request in flight at a time anyway), up to MAX_SEND_MESSAGES each: many concurrent handlers then cost
  // the broker a few produce requests instead of one each.
  let pending: Array<{
    topic: string;
    messages: ReadonlyArray<BusMessage>;
    done: (error?: unknown) => void;
  }> = [];
  let sending = false;
  const takeBatch = () => {
    let count = 0;
    let end = 0;
    while (
      end < pending.length &&
      (end === 0 || count + pending[end]!.messages.length <= MAX_SEND_MESSAGES)
    ) {
      count += pending[end]!.messages.length;
      end += 1;
    }
    const batch = pending.slice(0, end);
    pending = pending.slice(end);
    return batch;
  };
  const flush = async () => {
    sending = true;
    while (pending.length > 0) {
      const batch = takeBatch();
      const byTopic = new Map<string, ReturnType<typeof toKafkaMessage>[]>();
      for (const p of batch) {
        const messages = byTopic.get(p.topic) ?? [];
        for (const message of p.messages) messages.push(toKafkaMessage(message));
        byTopic.set(p.topic, messages);
      }
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        batch.forEach((p) => p.done());
      } catch (error) {
        batch.forEach((p) => p.done(error));
      }
    }
    sending = false;
  };
  const publish = (topic: string, messages: ReadonlyArray<BusMessage>): Promise<void> => {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      // The first send waits for the end of the tick, so calls made together go out together.
      if (pending.length === 0 && !sending) setImmediate(() => void flush());
      pending.push({ topic, messages, done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  };

  const eachBatch =
    (sub: SubscribeOptions) =>
    async ({
      batch,
      resolveOffset,
      heartbeat,
      isRunning,
      isStale,
      commitOffsetsIfNecessary,
    }: EachBatchPayload) => {
      const handleOne = async (message: KafkaMessage): Promise<MessageOutcome> => {
        const busMessage = toBusMessage(message, `${batch.topic}:${batch.partition}:${message.offset}`);
        const exhausted = await withBoundedRetries(() => sub.handle(busMessage), sub, isRunning);
        if (exhausted === null) return 'done';
        if (!isRunning()) return 'stopped';
        if (sub.isTransient?.(exhausted.error) === true) {
          logger.warn(
            { topic: batch.topic, partition: batch.partition, offset: message.offset, err: exhausted.error },
            'message failed on a transient error; its partition is consumed again from the last commit',
          );
          throw exhausted.error; // handlePartitionBatch settles the running messages, kafkajs re-fetches
        }
        logger.error(
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            id: busMessage.id,
            err: exhausted.error,
          },
          'message dead-lettered',
        );
        const source = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        await producer.send({
          topic: sub.dlqTopic,
          acks: -1,
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: { ...message.headers, ...dlqHeaders(source, exhausted) },
            },
          ],
        });
        return 'done';
      };
      await handlePartitionBatch({
        messages: batch.messages,
        width: options.keysConsumedConcurrently ?? 1,
        handle: handleOne,
        resolveOffset,
        heartbeat,
        keepGoing: () => isRunning() && !isStale(),
      });
      await commitOffsetsIfNecessary();
    };

  return {
    publish,
    subscribe: async (sub): Promise<BusSubscription> => {
      const consumer = kafka.consumer({
        groupId: sub.groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: Math.max(500, Math.floor((options.sessionTimeoutMs ?? 30_000) / 10)),
        minBytes: options.fetchMinBytes ?? 32 * 1024,
        maxWaitTimeInMs: options.fetchMaxWaitMs ?? 25,
      });
      let joined = false;
      consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
      consumer.on(consumer.events.CRASH, () => (joined = false));
      await consumer.connect();
      await consumer.subscribe({ topic: sub.topic, fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommitInterval: 1000,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        eachBatch: eachBatch(sub),
      });
      consumers.add(consumer);
      return {
        ready: () => joined,
        close: async () => {
          consumers.delete(consumer);
          // kafkajs waits for the running batches, commits the resolved offsets and leaves the group.
          await consumer.disconnect();
        },
      };
    },
    close: async () => {
      await Promise.all([...consumers].map((c) => c.disconnect()));
      consumers.clear();
      await producer.disconnect();
    },
  };
};
