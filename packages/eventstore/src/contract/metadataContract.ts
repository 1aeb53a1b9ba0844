import type { EventStore } from '../port';
import { expectLeft, expectRight, newEvent, streamName, uniquePrefix } from './fixtures';

/** Soft delete and truncate-before, the stream metadata GDPR erasure builds on. */
export const metadataContract = (store: () => EventStore): void => {
  const prefix = uniquePrefix('meta');
  const appendN = async (stream: string, n: number): Promise<void> => {
    expectRight(
      await store().appendToStream(
        stream,
        Array.from({ length: n }, (_, i) => newEvent(`E${i}`)),
      ),
    );
  };

  it('hides revisions below truncate-before from stream reads', async () => {
    const stream = streamName(prefix);
    await appendN(stream, 4);
    await store().setStreamMetadata(stream, { truncateBefore: 2n, custom: { reason: 'gdpr' } });
    expect((await store().readStream(stream)).map((e) => e.streamRevision)).toEqual([2n, 3n]);
    expect((await store().readStream(stream, { from: 0n })).map((e) => e.streamRevision)).toEqual([2n, 3n]);
    expect(
      (await store().readStream(stream, { direction: 'backwards' })).map((e) => e.streamRevision),
    ).toEqual([3n, 2n]);
    expect(await store().getStreamMetadata(stream)).toEqual({
      deleted: false,
      truncateBefore: 2n,
      custom: { reason: 'gdpr' },
    });
    // Appending continues the revisions
    expect(expectRight(await store().appendToStream(stream, [newEvent('E')], 3n)).nextExpectedRevision).toBe(
      4n,
    );
  });

  it('soft-deletes a stream and revives it on the next append, revisions continuing', async () => {
    // Given a stream with two events
    const stream = streamName(prefix);
    await appendN(stream, 2);
    // When it is deleted
    expectRight(await store().deleteStream(stream, 1n));
    // Then reads see nothing and the metadata says deleted
    expect(await store().readStream(stream)).toEqual([]);
    expect(await store().getStreamMetadata(stream)).toMatchObject({ deleted: true });
    // When a new event is appended
    const revived = expectRight(await store().appendToStream(stream, [newEvent('Again')], 'any'));
    // Then only the new event is visible, at the next revision
    expect(revived.nextExpectedRevision).toBe(2n);
    expect((await store().readStream(stream)).map((e) => [e.type, e.streamRevision])).toEqual([
      ['Again', 2n],
    ]);
    expect(await store().getStreamMetadata(stream)).toMatchObject({ deleted: false });
  });

  it('rejects deleting at a stale revision', async () => {
    const stream = streamName(prefix);
    await appendN(stream, 2);
    expect(expectLeft(await store().deleteStream(stream, 0n))).toMatchObject({
      _tag: 'WrongExpectedVersion',
      actual: 1n,
    });
    expect(await store().readStream(stream)).toHaveLength(2);
  });

  it('reports no metadata for an unknown stream', async () => {
    expect(await store().getStreamMetadata(streamName(prefix))).toEqual({ deleted: false });
  });
};
