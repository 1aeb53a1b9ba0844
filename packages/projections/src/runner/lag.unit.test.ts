import { getInMemoryEventStore, type EventStore } from '@leadflow/eventstore';
import { randomUUID } from 'node:crypto';
import { readCustomerEventsFromPort } from '../rebuild/readEventsAfter';
import { lagByPort, PORT_LAG_COUNT_CAP } from './lag';

const append = async (store: EventStore, stream: string, count: number) => {
  for (let i = 0; i < count; i += 1)
    await store.appendToStream(stream, [{ id: randomUUID(), type: 'Noted', data: { i } }]);
};

describe('projection lag through the port (events not in SQL)', () => {
  it('counts the customer events after the checkpoint, and dates the oldest of them', async () => {
    // Given customer events around another stream's
    const store = getInMemoryEventStore();
    await append(store, 'customer-a', 3);
    await append(store, 'writeside-index', 4);
    await append(store, 'customer-b', 2);
    const all = await store.readAll({ maxCount: 100 });
    const checkpoint = all[1]!.globalPosition;
    const oldestPending = all[2]!;
    // When the lag is measured 90 s after the oldest pending one
    const lag = await lagByPort(store, checkpoint, new Date(oldestPending.createdAt.getTime() + 90_000));
    // Then only the customer events after the checkpoint count
    expect(lag).toEqual({ events: 3, seconds: 90 });
    expect(await lagByPort(store, all[all.length - 1]!.globalPosition)).toEqual({ events: 0, seconds: 0 });
  });

  it(`stops counting at ${PORT_LAG_COUNT_CAP}`, async () => {
    const store = getInMemoryEventStore();
    const events = Array.from({ length: 100 }, (_, i) => ({ id: randomUUID(), type: 'Noted', data: { i } }));
    for (let batch = 0; batch < PORT_LAG_COUNT_CAP / 100 + 5; batch += 1)
      await store.appendToStream(
        `customer-${batch}`,
        events.map((e) => ({ ...e, id: randomUUID() })),
      );
    expect((await lagByPort(store, 'start')).events).toBe(PORT_LAG_COUNT_CAP);
  });
});

describe('reading customer events through the port', () => {
  it('skips other streams and resumes exactly after the last event it returned', async () => {
    const store = getInMemoryEventStore();
    await append(store, 'customer-a', 2);
    await append(store, 'other', 5);
    await append(store, 'customer-b', 3);
    const first = await readCustomerEventsFromPort(store, 'start', 3);
    expect(first.map((e) => e.streamName)).toEqual(['customer-a', 'customer-a', 'customer-b']);
    const rest = await readCustomerEventsFromPort(store, first[2]!.globalPosition, 3);
    expect(rest.map((e) => e.streamName)).toEqual(['customer-b', 'customer-b']);
    expect(await readCustomerEventsFromPort(store, rest[1]!.globalPosition, 3)).toEqual([]);
  });
});
