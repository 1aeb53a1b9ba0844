import type { Either } from 'fp-ts/Either';
import type { EventIdConflict, WrongExpectedVersion } from './errors';

/** A JSON value as stored in event data and metadata (bigints must be encoded as decimal strings). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
/** A JSON object: the only shape allowed for event data and metadata. */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * Expected state of a stream before an append: `'any'` skips the check, `'no_stream'` requires
 * the stream not to exist, `'stream_exists'` requires it to exist, a bigint is the exact revision
 * of the stream's last event (revisions start at 0n).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** An event to append. `id` is a UUID chosen by the producer: the idempotency key within the stream. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
}

/** An event as stored. `globalPosition` orders all events; it is sparse, only its order matters. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly streamName: string;
  readonly streamRevision: bigint;
  readonly globalPosition: bigint;
  readonly createdAt: Date;
}

/** The outcome of a successful append: one global position per appended event, in batch order. */
export interface AppendResult {
  readonly nextExpectedRevision: bigint;
  readonly positions: readonly bigint[];
}

/** The expected failures of an append. */
export type AppendError = WrongExpectedVersion | EventIdConflict;

export type Direction = 'forwards' | 'backwards';

/** `from` is an inclusive revision; default `'start'` forwards, `'end'` backwards. */
export interface ReadStreamOptions {
  readonly from?: bigint | 'start' | 'end';
  readonly direction?: Direction;
  readonly maxCount?: number;
}

/** `fromPosition` is exclusive: events strictly after it (a checkpoint). Default `'start'`, maxCount 1000. */
export interface ReadAllOptions {
  readonly fromPosition?: bigint | 'start';
  readonly maxCount?: number;
}

/** Server-side filter for `subscribeToAll`; all given conditions must hold. */
export interface SubscriptionFilter {
  /** Keep events whose stream name starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
  /** Keep events of these types. */
  readonly eventTypes?: readonly string[];
  /** Drop events whose type or stream starts with `$` (KurrentDB system events). Default true. */
  readonly excludeSystemEvents?: boolean;
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: the global position of the last event already handled. Default `'start'`. */
  readonly fromPosition?: bigint | 'start';
  readonly filter?: SubscriptionFilter;
  /** Aborting ends the iteration (the pending `next()` resolves `done`). */
  readonly signal?: AbortSignal;
  /** Events read ahead per page (the bound on buffering). Default 256. */
  readonly batchSize?: number;
}

/** A live subscription: pull-based, so nothing beyond one page is read before the consumer asks. */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  /** Stops the subscription and releases its resources; idempotent. */
  close(): Promise<void>;
}

/** Stream metadata: `truncateBefore` hides earlier revisions from `readStream`; soft delete hides all. */
export interface StreamMetadata {
  readonly truncateBefore?: bigint;
  readonly deleted: boolean;
  readonly custom?: JsonObject;
}

/** The settable part of stream metadata. */
export interface StreamMetadataUpdate {
  readonly truncateBefore?: bigint;
  readonly custom?: JsonObject;
}

/** The event store port. Expected failures come back as `Either` lefts; exceptions mean bugs or lost servers. */
export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    expectedRevision?: ExpectedRevision,
  ): Promise<Either<AppendError, AppendResult>>;
  readStream(streamName: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription;
  getStreamMetadata(streamName: string): Promise<StreamMetadata>;
  setStreamMetadata(streamName: string, metadata: StreamMetadataUpdate): Promise<void>;
  /** Soft delete: reads return nothing; a later append revives the stream with revisions continuing. */
  deleteStream(
    streamName: string,
    expectedRevision?: ExpectedRevision,
  ): Promise<Either<WrongExpectedVersion, void>>;
  close(): Promise<void>;
}
