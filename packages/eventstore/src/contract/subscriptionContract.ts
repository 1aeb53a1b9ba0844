import type { EventStore, RecordedEvent } from '../port';
import { expectRight, newEvent, nextEvents, streamName, uniquePrefix } from './fixtures';

/** Subscriptions: catch up then live, resume from a checkpoint, filters, closing. */
export const subscriptionContract = (store: () => EventStore): void => {
  it('catches up, then delivers live events, in strictly increasing position', async () => {
    // Given three events in a stream of a fresh prefix
    const prefix = uniquePrefix('sub');
    const stream = streamName(prefix);
    expectRight(await store().appendToStream(stream, [newEvent('A'), newEvent('B'), newEvent('C')]));
    const subscription = store().subscribeToAll({ filter: { streamPrefixes: [prefix] }, batchSize: 2 });
    const iterator = subscription[Symbol.asyncIterator]();
    try {
      // When caught up
      const caughtUp = await nextEvents(iterator, 3);
      // And two more are appended while subscribed
      const other = streamName(prefix);
      expectRight(await store().appendToStream(other, [newEvent('D')]));
      expectRight(await store().appendToStream(stream, [newEvent('E')]));
      const live = await nextEvents(iterator, 2);
      // Then all five arrive once, in order
      const all = [...caughtUp, ...live];
      expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      for (let i = 1; i < all.length; i += 1)
        expect(all[i]!.globalPosition > all[i - 1]!.globalPosition).toBe(true);
    } finally {
      await subscription.close();
    }
  });

  it('resumes after a checkpoint, exclusive', async () => {
    const prefix = uniquePrefix('resume');
    const stream = streamName(prefix);
    const { positions } = expectRight(
      await store().appendToStream(stream, [newEvent('A'), newEvent('B'), newEvent('C'), newEvent('D')]),
    );
    const subscription = store().subscribeToAll({
      fromPosition: positions[1]!,
      filter: { streamPrefixes: [prefix] },
    });
    try {
      const events = await nextEvents(subscription[Symbol.asyncIterator](), 2);
      expect(events.map((e) => e.type)).toEqual(['C', 'D']);
      expect(events.map((e) => e.globalPosition)).toEqual(positions.slice(2));
    } finally {
      await subscription.close();
    }
  });

  it('filters by stream prefix and event type on the server', async () => {
    const prefix = uniquePrefix('filter');
    const [keep, skip] = [streamName(`${prefix}-keep`), streamName(`${prefix}-skip`)];
    expectRight(await store().appendToStream(skip, [newEvent('Wanted')]));
    expectRight(await store().appendToStream(keep, [newEvent('Unwanted'), newEvent('Wanted', { n: 1 })]));
    expectRight(await store().appendToStream(keep, [newEvent('Wanted', { n: 2 })]));
    const subscription = store().subscribeToAll({
      filter: { streamPrefixes: [`${prefix}-keep`], eventTypes: ['Wanted'] },
    });
    try {
      const events = await nextEvents(subscription[Symbol.asyncIterator](), 2);
      expect(events.map((e) => [e.streamName, e.data])).toEqual([
        [keep, { n: 1 }],
        [keep, { n: 2 }],
      ]);
    } finally {
      await subscription.close();
    }
  });

  it('ends when its AbortSignal aborts, and when the consumer breaks out', async () => {
    const prefix = uniquePrefix('abort');
    expectRight(await store().appendToStream(streamName(prefix), [newEvent('A')]));
    const controller = new AbortController();
    const received: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const event of store().subscribeToAll({
        filter: { streamPrefixes: [prefix] },
        signal: controller.signal,
      }))
        received.push(event);
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await consuming; // resolves: the pending next() ended
    expect(received.map((e) => e.type)).toEqual(['A']);

    for await (const event of store().subscribeToAll({ filter: { streamPrefixes: [prefix] } })) {
      expect(event.type).toBe('A');
      break; // return() closes the subscription
    }
  });

  it('closes a subscription that was never iterated', async () => {
    const subscription = store().subscribeToAll();
    await subscription.close();
    const result = await subscription[Symbol.asyncIterator]().next();
    expect(result.done).toBe(true);
  });
};
