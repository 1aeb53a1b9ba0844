import type { EventStore, RecordedEvent } from '../port';
import { expectRight, forEachConcurrently, newEvent, streamName, uniquePrefix } from './fixtures';

const revisions = (events: readonly RecordedEvent[]): bigint[] => events.map((e) => e.streamRevision);

/** Read directions and limits, global order, payload sizes and encodings, many streams. */
export const readContract = (store: () => EventStore): void => {
  const prefix = uniquePrefix('read');

  it('records every field of an event', async () => {
    const stream = streamName(prefix);
    const event = newEvent(
      'LeadReceived',
      { email: 'a@b.c', n: 1.5, ok: true, none: null, list: [1, 'x'] },
      {
        correlationId: 'c-1',
      },
    );
    const before = Date.now();
    const { positions } = expectRight(await store().appendToStream(stream, [event], 'no_stream'));
    const [recorded] = await store().readStream(stream);
    expect(recorded).toEqual({
      id: event.id,
      type: 'LeadReceived',
      data: event.data,
      metadata: { correlationId: 'c-1' },
      streamName: stream,
      streamRevision: 0n,
      globalPosition: positions[0],
      createdAt: expect.any(Date),
    });
    expect(Math.abs(recorded!.createdAt.getTime() - before)).toBeLessThan(60_000);
  });

  it('reads forwards and backwards, from a revision, with a limit', async () => {
    const stream = streamName(prefix);
    expectRight(
      await store().appendToStream(
        stream,
        Array.from({ length: 5 }, (_, i) => newEvent(`E${i}`)),
      ),
    );
    expect(revisions(await store().readStream(stream))).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(revisions(await store().readStream(stream, { from: 2n, maxCount: 2 }))).toEqual([2n, 3n]);
    expect(revisions(await store().readStream(stream, { direction: 'backwards' }))).toEqual([
      4n,
      3n,
      2n,
      1n,
      0n,
    ]);
    expect(revisions(await store().readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([
      4n,
      3n,
    ]);
    expect(revisions(await store().readStream(stream, { direction: 'backwards', from: 1n }))).toEqual([
      1n,
      0n,
    ]);
    expect(revisions(await store().readStream(stream, { from: 'end' }))).toEqual([]);
    expect(revisions(await store().readStream(stream, { from: 9n }))).toEqual([]);
  });

  it('reads a missing stream as empty', async () => {
    expect(await store().readStream(streamName(prefix))).toEqual([]);
    expect(await store().readStream(streamName(prefix), { direction: 'backwards' })).toEqual([]);
  });

  it('reads all events in strictly increasing global order, from an exclusive position', async () => {
    // Given events interleaved over two streams
    const [a, b] = [streamName(prefix), streamName(prefix)];
    const positions: bigint[] = [];
    for (const stream of [a, b, a, b, a])
      positions.push(...expectRight(await store().appendToStream(stream, [newEvent('X')])).positions);
    // When reading from just before the first one (on PostgreSQL, readAll shows committed events once no
    // older transaction of the server is still in flight — another test's, say — so wait for that)
    const first = positions[0]!;
    const readMine = async () => {
      const page = await store().readAll({ fromPosition: first - 1n, maxCount: 10_000 });
      return { page, mine: page.filter((e) => e.streamName === a || e.streamName === b) };
    };
    let { page, mine } = await readMine();
    for (let waited = 0; mine.length < positions.length && waited < 30_000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      ({ page, mine } = await readMine());
    }
    // Then they come in append order with the positions the appends reported
    expect(mine.map((e) => e.globalPosition)).toEqual(positions);
    expect(mine.map((e) => e.streamName)).toEqual([a, b, a, b, a]);
    for (let i = 1; i < page.length; i += 1)
      expect(page[i]!.globalPosition > page[i - 1]!.globalPosition).toBe(true);
    // And the position is exclusive, maxCount limits
    const after = await store().readAll({ fromPosition: first, maxCount: 2 });
    expect(after).toHaveLength(2);
    expect(after[0]!.globalPosition > first).toBe(true);
  });

  it('stores a 1 MiB event', async () => {
    const stream = streamName(prefix);
    const big = 'x'.repeat(1024 * 1024);
    expectRight(await store().appendToStream(stream, [newEvent('Big', { big })]));
    const [event] = await store().readStream(stream);
    expect((event?.data.big as string).length).toBe(big.length);
  });

  it('round-trips unicode: emoji, right-to-left, combining marks, in names and payloads', async () => {
    const text = 'héllo 👋🏽 شكرا עברית ﷽ e\u0301 \u200f 漢字 \\ "quoted" \n tab\t';
    const stream = streamName(prefix, `ü-👋-شكرا`);
    const event = newEvent('Ünïcode👋', { text, [text]: text }, { note: text });
    expectRight(await store().appendToStream(stream, [event]));
    const [recorded] = await store().readStream(stream);
    expect(recorded).toMatchObject({
      streamName: stream,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    });
  });

  it('appends to 10,000 streams', async () => {
    const streams = Array.from({ length: 10_000 }, (_, i) => streamName(prefix, `many-${i}`));
    await forEachConcurrently(streams, 32, async (stream, i) => {
      expectRight(await store().appendToStream(stream, [newEvent('Many', { i })], 'no_stream'));
    });
    for (const i of [0, 4_999, 9_999]) {
      const [event] = await store().readStream(streams[i]!);
      expect(event?.data).toEqual({ i });
    }
  });
};
