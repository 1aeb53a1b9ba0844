import * as E from 'fp-ts/Either';
import type { EventStore, EventSubscription } from '../port';
import { createChangeNotifier } from '../subscription/changeNotifier';
import { appendToStream } from './appendToStream';
import { migrate } from './migrate';
import { createCommitNotifier } from './notifyAfterCommit';
import { readAll } from './readAll';
import { readStream } from './readStream';
import { deleteStream, getStreamMetadata, setStreamMetadata } from './streamMetadata';
import { subscribeToAll } from './subscribeToAll';
import { assertSchemaName, type SqlExecutor } from './sqlExecutor';

/** The event store over any SQL executor (pg Pool or PGlite); runs the migrations first. */
export const createSqlEventStore = async (executor: SqlExecutor, schemaName: string): Promise<EventStore> => {
  const schema = assertSchemaName(schemaName);
  await migrate(executor, schema);
  const channel = `${schema}_appended`;
  const changes = createChangeNotifier();
  const commits = createCommitNotifier(executor, channel);
  const subscriptions = new Set<EventSubscription>();
  let listening: Promise<(() => Promise<void>) | undefined> | undefined;
  let closed = false;

  const ensureListening = (): void => {
    // A failed LISTEN leaves subscribers on their polling fallback.
    if (!executor.sharedWithOtherProcesses) return;
    listening ??= executor.listen(channel, changes.notify).catch(() => undefined);
  };

  return {
    appendToStream: async (stream, events, expected = 'any') => {
      const result = await appendToStream(executor, schema, stream, events, expected);
      if (E.isLeft(result)) return result;
      if (executor.sharedWithOtherProcesses) commits.appended();
      else changes.notify();
      return result;
    },
    readStream: (stream, options) => readStream(executor, schema, stream, options),
    readAll: (options = {}) =>
      readAll(executor, schema, options.fromPosition ?? 'start', options.maxCount ?? 1000),
    subscribeToAll: (options) => {
      if (closed) throw new Error('Event store is closed');
      ensureListening();
      const subscription: EventSubscription = subscribeToAll(
        { executor, schema, changes, onClose: () => subscriptions.delete(subscription) },
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
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await commits.drain();
      const unlisten = await listening;
      await unlisten?.();
      await executor.close();
    },
  };
};
