import {
  inBatches,
  type EventSubscription,
  type NewEvent,
  type RecordedEvent,
  type SqlEventStore,
  type SqlEventStoreTx,
  type SqlExecutor,
} from '@leadflow/eventstore';
import { customerOfStream, type Vault } from './vault';

/** A SQL event store that seals personal fields on append and opens them on read, with its vault. */
export interface PrivateSqlEventStore extends SqlEventStore {
  readonly vault: Vault;
}

/** Seals a customer stream's events with keys read (or created) on `exec`; other streams are left alone. */
const sealFor = async (vault: Vault, exec: SqlExecutor, stream: string, events: readonly NewEvent[]) => {
  const customerId = customerOfStream(stream);
  if (customerId === null || events.length === 0) return { events: [...events], commit: () => {} };
  const { keys, commit } = await vault.keysForWriting(exec, vault.sealingKeyIds(customerId, events));
  return { events: vault.sealEvents(customerId, events, keys), commit };
};

/**
 * Opens a subscription's events a page at a time: the events the source has buffered are taken
 * together, so their keys cost one query (usually none: the keys are cached).
 */
const openedSubscription = (
  inner: EventSubscription,
  open: (events: readonly RecordedEvent[]) => Promise<RecordedEvent[]>,
  batchSize: number,
): EventSubscription => {
  async function* iterate(): AsyncGenerator<RecordedEvent, void, undefined> {
    for await (const batch of inBatches(inner, batchSize)) yield* await open(batch);
  }
  const iterator = iterate();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      await inner.close();
      await iterator.return(undefined);
    },
  };
};

/**
 * `store` with personal data protected: appends to `customer-*` streams store personal fields sealed
 * with the customer's key (created on its first event); every read through the port — streams, the
 * global log, subscriptions, a transaction's reads — gives them back opened, or as placeholders once
 * the key is destroyed. Readers that go past the port use `openRecorded`.
 */
export const privateStore = (store: SqlEventStore, vault: Vault): PrivateSqlEventStore => {
  const open = (events: readonly RecordedEvent[], exec: SqlExecutor = store.executor) =>
    vault.openEvents(exec, events);
  const wrapTx = (tx: SqlEventStoreTx, commits: Array<() => void>): SqlEventStoreTx => ({
    executor: tx.executor,
    appendToStream: async (stream, events, expected) => {
      const sealed = await sealFor(vault, tx.executor, stream, events);
      commits.push(sealed.commit);
      return tx.appendToStream(stream, sealed.events, expected);
    },
    readStream: async (stream, options) => open(await tx.readStream(stream, options), tx.executor),
  });
  return {
    vault,
    schema: store.schema,
    executor: store.executor,
    eventsInSql: store.eventsInSql,
    appendToStream: async (stream, events, expected) => {
      // A missing key is inserted on its own (committed at once, so it may be cached); should the
      // append then fail, an unused key row is all that is left.
      const sealed = await sealFor(vault, store.executor, stream, events);
      sealed.commit();
      return store.appendToStream(stream, sealed.events, expected);
    },
    readStream: async (stream, options) => open(await store.readStream(stream, options)),
    readAll: async (options) => open(await store.readAll(options)),
    subscribeToAll: (options = {}) =>
      openedSubscription(store.subscribeToAll(options), (events) => open(events), options.batchSize ?? 256),
    getStreamMetadata: (stream) => store.getStreamMetadata(stream),
    setStreamMetadata: (stream, metadata) => store.setStreamMetadata(stream, metadata),
    deleteStream: (stream, expected) => store.deleteStream(stream, expected),
    transaction: async (work) => {
      const commits: Array<() => void> = [];
      const result = await store.transaction((tx) => work(wrapTx(tx, commits)));
      for (const commit of commits) commit();
      return result;
    },
    notifyCommitted: () => store.notifyCommitted(),
    openRecorded: (events, executor) => open(events, executor),
    close: () => store.close(),
  };
};
