import type { RecordedEvent } from '../port';
import { catchUpSubscription, type ReadPage } from './catchUpSubscription';
import { createChangeNotifier } from './changeNotifier';

const eventAt = (position: bigint): RecordedEvent => ({
  id: `id-${position}`,
  type: 'T',
  data: {},
  metadata: {},
  streamName: 's',
  streamRevision: position,
  globalPosition: position,
  createdAt: new Date(0),
});

// An endless log: every read returns a full page after `after`.
const endlessLog =
  (calls: { count: number }): ReadPage =>
  async (after, limit) => {
    calls.count += 1;
    const start = after === 'start' ? 1n : after + 1n;
    return Array.from({ length: limit }, (_, i) => eventAt(start + BigInt(i)));
  };

describe('catchUpSubscription', () => {
  it('reads a page only when the consumer has drained the previous one (back-pressure)', async () => {
    // Given an endless log and a page size of 2
    const calls = { count: 0 };
    const subscription = catchUpSubscription(
      { readPage: endlessLog(calls), changes: createChangeNotifier() },
      { batchSize: 2, fromPosition: 10n },
    );
    const iterator = subscription[Symbol.asyncIterator]();
    // When three events are pulled
    const positions = [];
    for (let i = 0; i < 3; i += 1) positions.push((await iterator.next()).value?.globalPosition);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Then it resumed after the checkpoint and read exactly two pages
    expect(positions).toEqual([11n, 12n, 13n]);
    expect(calls.count).toBe(2);
    await subscription.close();
    expect((await iterator.next()).done).toBe(true);
  });

  it('wakes on a change notification instead of waiting for the poll', async () => {
    const changes = createChangeNotifier();
    let log: RecordedEvent[] = [];
    const subscription = catchUpSubscription(
      {
        readPage: async (after) => log.filter((e) => after === 'start' || e.globalPosition > after),
        changes,
        minPollMs: 60_000,
      },
      {},
    );
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    log = [eventAt(1n)];
    changes.notify();
    expect((await next).value?.globalPosition).toBe(1n);
    await subscription.close();
  });

  it('once live, shares one read among the wake-ups of a live interval', async () => {
    // Given a log that grows by one event per notification, read with a 100 ms live interval
    const changes = createChangeNotifier();
    const log: RecordedEvent[] = [];
    let reads = 0;
    const subscription = catchUpSubscription(
      {
        readPage: async (after, limit) => {
          reads += 1;
          return log.filter((e) => after === 'start' || e.globalPosition > after).slice(0, limit);
        },
        changes,
        minPollMs: 60_000,
        liveIntervalMs: 100,
      },
      {},
    );
    const received: bigint[] = [];
    const consuming = (async () => {
      for await (const event of subscription) received.push(event.globalPosition);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const readsWhenIdle = reads;

    // When 10 events are appended 5 ms apart, each with its wake-up
    for (let p = 1n; p <= 10n; p += 1n) {
      log.push(eventAt(p));
      changes.notify();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));

    // Then every event arrived, in order, in far fewer reads than wake-ups
    expect(received).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i + 1)));
    expect(reads - readsWhenIdle).toBeLessThanOrEqual(2);
    await subscription.close();
    await consuming;
  });

  it('ends a pending next() when closed while idle', async () => {
    const subscription = catchUpSubscription(
      { readPage: async () => [], changes: createChangeNotifier(), minPollMs: 60_000 },
      {},
    );
    const next = subscription[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.close();
    expect((await next).done).toBe(true);
  });
});
