/** One message on a topic: `key` orders (customer id), `id` identifies (event id; consumers dedupe by it). */
export interface BusMessage {
  readonly key: string;
  readonly id: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Handles one message; throwing asks for a retry (bounded), then the message goes to the DLQ. */
export type MessageHandler = (message: BusMessage) => Promise<void>;

/** A consumer group's subscription to one topic. */
export interface SubscribeOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly handle: MessageHandler;
  /** Attempts after the first failure before the message is dead-lettered. */
  readonly retries: number;
  /** First backoff in ms; doubles per attempt, capped at `maxBackoffMs`. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Where a message goes after its retries (e.g. `leads.lifecycle.dlq`). */
  readonly dlqTopic: string;
  /**
   * Errors of the infrastructure (the database unreachable), not of the message. On Kafka, a message
   * whose last attempt failed with one is not dead-lettered: its partition stops and is consumed again
   * from the last committed offset (the in-process bus has no offsets to go back to: it dead-letters).
   */
  readonly isTransient?: (error: Error) => boolean;
}

/** A running subscription; `close` finishes the current batch, commits and leaves the group. */
export interface BusSubscription {
  close(): Promise<void>;
  /** True once the subscription receives messages (joined its group). */
  ready(): boolean;
}

/**
 * The bus the follow-up handlers run on: the same handlers run on the in-process bus (embedded)
 * and on Kafka. `publish` resolves once the messages are acknowledged (Kafka: acks=all).
 */
export interface Bus {
  publish(topic: string, messages: ReadonlyArray<BusMessage>): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  close(): Promise<void>;
}
