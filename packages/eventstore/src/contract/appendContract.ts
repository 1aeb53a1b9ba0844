import { EventIdConflict, WrongExpectedVersion } from '../errors';
import type { EventStore } from '../port';
import { expectLeft, expectRight, newEvent, streamName, uniquePrefix } from './fixtures';

/** Expected revisions, concurrency errors and idempotent appends. */
export const appendContract = (store: () => EventStore): void => {
  const prefix = uniquePrefix('append');

  it('appends to a new stream with no_stream and reports revision and positions', async () => {
    // Given / When
    const stream = streamName(prefix);
    const result = expectRight(
      await store().appendToStream(stream, [newEvent('A'), newEvent('B')], 'no_stream'),
    );
    // Then
    expect(result.nextExpectedRevision).toBe(1n);
    expect(result.positions).toHaveLength(2);
    expect(result.positions[1]! > result.positions[0]!).toBe(true);
  });

  it('rejects no_stream on an existing stream with WrongExpectedVersion', async () => {
    const stream = streamName(prefix);
    expectRight(await store().appendToStream(stream, [newEvent('A')], 'no_stream'));
    const error = expectLeft(await store().appendToStream(stream, [newEvent('B')], 'no_stream'));
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect(error).toMatchObject({ stream, expected: 'no_stream', actual: 0n });
  });

  it('rejects stream_exists and exact revisions on a missing stream', async () => {
    const stream = streamName(prefix);
    expect(expectLeft(await store().appendToStream(stream, [newEvent('A')], 'stream_exists'))).toMatchObject({
      _tag: 'WrongExpectedVersion',
      actual: 'no_stream',
    });
    expect(expectLeft(await store().appendToStream(stream, [newEvent('A')], 0n))).toMatchObject({
      expected: 0n,
      actual: 'no_stream',
    });
    expect(await store().readStream(stream)).toEqual([]);
  });

  it('accepts the exact revision, stream_exists and any; rejects a stale revision', async () => {
    const stream = streamName(prefix);
    expectRight(await store().appendToStream(stream, [newEvent('A')], 'any'));
    expectRight(await store().appendToStream(stream, [newEvent('B')], 0n));
    expectRight(await store().appendToStream(stream, [newEvent('C')], 'stream_exists'));
    expect(
      expectRight(await store().appendToStream(stream, [newEvent('D')], 'any')).nextExpectedRevision,
    ).toBe(3n);
    expect(expectLeft(await store().appendToStream(stream, [newEvent('E')], 1n))).toMatchObject({
      stream,
      expected: 1n,
      actual: 3n,
    });
  });

  it('lets exactly one of concurrent appends at the same revision win', async () => {
    // Given a stream at revision 0
    const stream = streamName(prefix);
    expectRight(await store().appendToStream(stream, [newEvent('Created')], 'no_stream'));
    // When ten writers append at revision 0 at once
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store().appendToStream(stream, [newEvent('Raced')], 0n)),
    );
    // Then one succeeds and the others see the winner's revision
    expect(results.filter((r) => r._tag === 'Right')).toHaveLength(1);
    for (const result of results.filter((r) => r._tag === 'Left'))
      expect(expectLeft(result)).toMatchObject({ actual: 1n });
    expect(await store().readStream(stream)).toHaveLength(2);
  });

  it('treats re-appending the same event ids as a no-op reporting the original positions', async () => {
    const stream = streamName(prefix);
    const batch = [newEvent('A', { n: 1 }), newEvent('B', { n: 2 })];
    const first = expectRight(await store().appendToStream(stream, batch, 'no_stream'));
    // The retry carries the original expectation, which no longer holds: still a success.
    const retry = expectRight(await store().appendToStream(stream, batch, 'no_stream'));
    expect(retry).toEqual(first);
    const single = expectRight(await store().appendToStream(stream, [batch[1]!], 'any'));
    expect(single.positions).toEqual([first.positions[1]]);
    expect(await store().readStream(stream)).toHaveLength(2);
  });

  it('rejects a partially duplicate batch as EventIdConflict and writes nothing', async () => {
    const stream = streamName(prefix);
    const stored = newEvent('A');
    expectRight(await store().appendToStream(stream, [stored], 'no_stream'));
    const fresh = newEvent('B');
    const error = expectLeft(await store().appendToStream(stream, [stored, fresh], 'any'));
    expect(error).toBeInstanceOf(EventIdConflict);
    expect(error).toMatchObject({ duplicateIds: [stored.id] });
    expect((await store().readStream(stream)).map((e) => e.id)).toEqual([stored.id]);
  });

  it('rejects a batch repeating an id as EventIdConflict', async () => {
    const stream = streamName(prefix);
    const event = newEvent('A');
    expect(expectLeft(await store().appendToStream(stream, [event, event]))).toBeInstanceOf(EventIdConflict);
    expect(await store().readStream(stream)).toEqual([]);
  });

  it('allows the same event id in two different streams', async () => {
    const event = newEvent('A');
    expectRight(await store().appendToStream(streamName(prefix), [event]));
    expectRight(await store().appendToStream(streamName(prefix), [event]));
  });
};
