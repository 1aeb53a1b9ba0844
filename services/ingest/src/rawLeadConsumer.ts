import type { RawLeadRejectionHeaders } from '@leadflow/contracts';
import type { IngestOutcome, LeadWriter } from '@leadflow/ingestion';
import type { Logger } from '@leadflow/observability';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';

export interface RawLeadConsumerOptions {
  kafka: Kafka;
  producer: Producer;
  writer: LeadWriter;
  logger: Logger;
  /** leads.raw and its DLQ, as named on the cluster (with any configured prefix). */
  topic: string;
  dlqTopic: string;
  groupId: string;
  /** Told when the consumer joined its group (ready) and when it crashed (not ready until it rejoins). */
  onReadiness?: (ready: boolean) => void;
  /** Bound on write attempts for one message when the store fails (then the consumer restarts from its commit). */
  maxAttempts?: number;
}

const headerText = (headers: IHeaders | undefined, name: string): string | null => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.toString();
};

/** What a rejected lead carries into leads.raw.dlq beside its own headers: why, and where it was read. */
export const rawLeadRejectionHeaders = (
  outcome: Extract<IngestOutcome, { kind: 'rejected' }>,
  source: { topic: string; partition: number; offset: string },
): RawLeadRejectionHeaders => ({
  'leadflow-error-reason': outcome.reason,
  'leadflow-error-status': String(outcome.status),
  'leadflow-error-detail': JSON.stringify(outcome.errors).slice(0, 8192),
  'leadflow-rejection-id': outcome.rejectionId,
  'leadflow-original-topic': source.topic,
  'leadflow-original-partition': String(source.partition),
  'leadflow-original-offset': source.offset,
});

/**
 * The leads.raw consumer: every message goes through the same write path as POST /v1/leads.
 * A message the write path rejects goes to leads.raw.dlq with its original bytes and the error in
 * headers; an offset is resolved (and so committed) only after its lead was appended or dead-lettered.
 */
export const startRawLeadConsumer = async (options: RawLeadConsumerOptions): Promise<Consumer> => {
  const { kafka, producer, writer, logger } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: 30000,
    heartbeatInterval: 3000,
  });
  consumer.on(consumer.events.GROUP_JOIN, () => options.onReadiness?.(true));
  consumer.on(consumer.events.CRASH, () => options.onReadiness?.(false));
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });

  const handle = async (message: KafkaMessage, partition: number) => {
    const correlationId =
      headerText(message.headers, 'correlation-id') ?? `${options.topic}:${partition}:${message.offset}`;
    const outcome = await writer.ingest({
      text: message.value?.toString('utf8') ?? '',
      idempotencyKey: headerText(message.headers, 'idempotency-key'),
      receivedAt: new Date(),
      correlationId,
      channel: 'kafka',
    });
    if (outcome.kind === 'rejected') {
      await producer.send({
        topic: options.dlqTopic,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...message.headers,
              ...rawLeadRejectionHeaders(outcome, {
                topic: options.topic,
                partition,
                offset: message.offset,
              }),
            },
          },
        ],
      });
      logger.info({ correlationId, reason: outcome.reason }, 'raw lead dead-lettered');
    }
  };

  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        for (let attempt = 1; ; attempt += 1) {
          try {
            await handle(message, batch.partition);
            break;
          } catch (error) {
            if (attempt >= maxAttempts) throw error; // kafkajs restarts the consumer from the last commit
            logger.warn({ err: error, attempt, offset: message.offset }, 'raw lead write failed, retrying');
            await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
          }
        }
        resolveOffset(message.offset);
        await heartbeat();
      }
      await commitOffsetsIfNecessary();
    },
  });
  return consumer;
};
