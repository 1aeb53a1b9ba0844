import * as E from 'fp-ts/Either';
import type {
  AppendError,
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
} from '../port';
import { createChangeNotifier } from '../subscription/changeNotifier';
import { appendToStream } from './appendToStream';
import { coalescedAppender } from './appendCoalesced';
import { migrate } from './migrate';
import { createCommitNotifier } from './notifyAfterCommit';
import { readAll } from './readAll';
import { readStream } from './readStream';
import { deleteStream, getStreamMetadata, setStreamMetadata } from './streamMetadata';
import { subscribeToAll } from './subscribeToAll';
import { assertSchemaName, type SqlExecutor } from './sqlExecutor';

/** Appends and reads inside a caller's transaction, beside its own writes (e.g. the write-side tables). */
export interface SqlEventStoreTx {
  readonly executor: SqlExecutor;
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    expectedRevision?: ExpectedRevision,
  ): Promise<E.Either<AppendError, AppendResult>>;
  readStream(streamName: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>;
}

/** The SQL event store: the port plus its schema, executor and transactions for same-database writers. */
export interface SqlEventStore extends EventStore {
  readonly schema: string;
  readonly executor: SqlExecutor;
  /**
   * True when the events are rows of `<schema>.events` in `executor`'s database, so readers may take
   * SQL fast paths; false when they live elsewhere (KurrentDB) and only the port reaches them.
   */
  readonly eventsInSql: boolean;
  /** Runs `work` in one transaction; subscribers are woken after it commits. */
  transaction<T>(work: (tx: SqlEventStoreTx) => Promise<T>): Promise<T>;
  /** Wakes subscribers after a commit made outside `appendToStream` / `transaction`. */
  notifyCommitted(): void;
  /**
   * For readers that read events past the port (SQL fast paths): the events as the port would give
   * them, sealed personal fields opened with their keys (read on `executor`, e.g. the reader's own
   * transaction). Absent on a store that keeps events as they are.
   */
  readonly openRecorded?: (
    events: ReadonlyArray<RecordedEvent>,
    executor: SqlExecutor,
  ) => Promise<ReadonlyArray<RecordedEvent>>;
}

/**
 * A live subscriber on a server reads at most this often: at a few hundred appends a second every
 * commit's wake-up used to cost each subscriber a read (2.5 reads per lead in the followups bench),
 * most of them returning one or two events. 10 ms bounds that at 100 reads/s for ≤10 ms of delay.
 */
const LIVE_READ_INTERVAL_MS = 10;
/** Wait before LISTENing again after the LISTEN connection failed or was closed by the server. */
const RELISTEN_MS = 1000;

/** The event store over any SQL executor (pg Pool or PGlite); runs the migrations first. */
export const createSqlEventStore = async (
  executor: SqlExecutor,
  schemaName: string,
): Promise<SqlEventStore> => {
  const schema = assertSchemaName(schemaName);
  await migrate(executor, schema);
  const channel = `${schema}_appended`;
  const changes = createChangeNotifier();
  const commits = createCommitNotifier(executor, channel, LIVE_READ_INTERVAL_MS);
  const subscriptions = new Set<EventSubscription>();
  let listening: Promise<(() => Promise<void>) | undefined> | undefined;
  let closed = false;
  // Concurrent appenders of one process share statements and commits when the database is a server;
  // an embedded one (PGlite: one connection, no network) gains nothing from it.
  const append = executor.sharedWithOtherProcesses
    ? coalescedAppender(executor, schema)
    : (stream: string, events: readonly NewEvent[], expected: ExpectedRevision) =>
        appendToStream(executor, schema, stream, events, expected);

  const notifyCommitted = (): void => {
    if (executor.sharedWithOtherProcesses) commits.appended();
    else changes.notify();
  };
  let relisten: ReturnType<typeof setTimeout> | undefined;
  const ensureListening = (): void => {
    // Without LISTEN, subscribers poll (20 ms, doubling to 1 s). A LISTEN that failed or whose
    // connection the server closed is tried again every RELISTEN_MS until the store closes, and
    // subscribers read at once for what it may have missed.
    if (!executor.sharedWithOtherProcesses || closed) return;
    const retry = (): undefined => {
      listening = undefined;
      changes.notify();
      if (!closed && relisten === undefined) {
        relisten = setTimeout(() => {
          relisten = undefined;
          ensureListening();
        }, RELISTEN_MS);
        relisten.unref();
      }
      return undefined;
    };
    listening ??= executor.listen(channel, changes.notify, retry).catch(retry);
  };

  return {
    schema,
    executor,
    eventsInSql: true,
    notifyCommitted,
    transaction: async (work) => {
      const result = await executor.transaction((tx) =>
        work({
          executor: tx,
          appendToStream: (stream, events, expected = 'any') =>
            appendToStream(tx, schema, stream, events, expected),
          readStream: (stream, options) => readStream(tx, schema, stream, options),
        }),
      );
      notifyCommitted();
      return result;
    },
    appendToStream: async (stream, events, expected = 'any') => {
      const result = await append(stream, events, expected);
      if (E.isRight(result)) notifyCommitted();
      return result;
    },
    readStream: (stream, options) => readStream(executor, schema, stream, options),
    readAll: (options = {}) =>
      readAll(executor, schema, options.fromPosition ?? 'start', options.maxCount ?? 1000),
    subscribeToAll: (options) => {
      if (closed) throw new Error('Event store is closed');
      ensureListening();
      const subscription: EventSubscription = subscribeToAll(
        {
          executor,
          schema,
          changes,
          onClose: () => subscriptions.delete(subscription),
          liveIntervalMs: executor.sharedWithOtherProcesses ? LIVE_READ_INTERVAL_MS : 0,
        },
        options,
      );
      subscriptions.add(subscription);
      return subscription;
    },
    getStreamMetadata: (stream) => getStreamMetadata(executor, schema, stream),
    setStreamMetadata: (stream, metadata) => setStreamMetadata(executor, schema, stream, metadata),
    deleteStream: (stream, expected = 'any') => deleteStream(executor, schema, stream, expected),
    close: async () => {
      if (closed) return;
      closed = true;
      clearTimeout(relisten);
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await commits.drain();
      const unlisten = await listening;
      await unlisten?.();
      await executor.close();
    },
  };
};
