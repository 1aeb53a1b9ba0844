import fc from 'fast-check';
import { coalesce } from './coalesce';

const settled = <O>(values: readonly O[]): PromiseSettledResult<O>[] =>
  values.map((value) => ({ status: 'fulfilled', value }));

describe('coalesce', () => {
  it('answers every call with its own result, in batches no larger than maxBatch and never more than maxInFlight at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        async (inputs, maxInFlight, maxBatch, gather) => {
          // Given a batch runner that records its batches and the overlap of its calls
          const batches: number[][] = [];
          let running = 0;
          let peak = 0;
          const call = coalesce<number, number>(
            async (items) => {
              running += 1;
              peak = Math.max(peak, running);
              batches.push([...items]);
              await new Promise((r) => setTimeout(r, 1));
              running -= 1;
              return settled(items.map((x) => x * 2));
            },
            { maxInFlight, maxBatch, gather },
          );

          // When all calls are made at once
          const outputs = await Promise.all(inputs.map(call));

          // Then each gets its own answer, every item went out exactly once, in call order
          expect(outputs).toEqual(inputs.map((x) => x * 2));
          expect(batches.flat()).toEqual(inputs);
          for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(maxBatch);
          expect(peak).toBeLessThanOrEqual(maxInFlight);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('sends a call alone and at once when nothing is in flight, and batches the calls made meanwhile', async () => {
    // Given one batch slot
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const call = coalesce<string, string>(
      async (items) => {
        batches.push([...items]);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return settled(items);
      },
      { maxInFlight: 1, maxBatch: 10 },
    );

    // When a first call is held in flight while three more arrive
    const first = call('a');
    const rest = ['b', 'c', 'd'].map(call);
    expect(batches).toEqual([['a']]);
    release();

    // Then the three go out as one batch once the first is answered
    expect(await Promise.all([first, ...rest])).toEqual(['a', 'b', 'c', 'd']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('with gather, sends the calls of one turn together, and the follow-ups of one answer together', async () => {
    // Given free batch slots and a runner that records its batches
    const batches: number[][] = [];
    const call = coalesce<number, number>(
      async (items) => {
        batches.push([...items]);
        await new Promise((r) => setTimeout(r, 1));
        return settled(items);
      },
      { maxInFlight: 4, maxBatch: 100, gather: true },
    );

    // When ten calls are made in one turn, each followed (after its answer, some awaits later) by another
    const chains = Array.from({ length: 10 }, async (_, i) => {
      await call(i);
      await Promise.resolve();
      return call(100 + i);
    });
    await Promise.all(chains);

    // Then the ten went out as one batch, and their ten follow-ups as another
    expect(batches).toEqual([
      Array.from({ length: 10 }, (_, i) => i),
      Array.from({ length: 10 }, (_, i) => 100 + i),
    ]);
  });

  it('fails only the item whose result is a failure, and every item of a batch whose run throws', async () => {
    const call = coalesce<number, number>(
      async (items) => {
        if (items.includes(99)) throw new Error('batch broke');
        return items.map((x) =>
          x < 0 ? { status: 'rejected', reason: new Error(`bad ${x}`) } : { status: 'fulfilled', value: x },
        );
      },
      { maxInFlight: 1, maxBatch: 10 },
    );
    const outcomes = await Promise.allSettled([call(1), call(-1), call(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expect(call(99)).rejects.toThrow('batch broke');
  });
});
