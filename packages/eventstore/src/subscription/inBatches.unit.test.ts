import { inBatches } from './inBatches';

async function* source(pages: number[][]) {
  for (const page of pages) {
    await new Promise((r) => setTimeout(r, 5));
    for (const item of page) yield item;
  }
}

describe('inBatches', () => {
  it('hands over what is buffered, bounded by max, and ends with the source', async () => {
    // Given a source that yields pages with a pause between them
    const batches: number[][] = [];
    // When it is grouped into batches of at most 3
    for await (const batch of inBatches(source([[1, 2, 3, 4, 5], [6], [7, 8]]), 3)) batches.push(batch);
    // Then no batch crosses a pause or exceeds the bound, and nothing is lost or repeated
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    expect(batches).toContainEqual([6]);
  });
});

describe('inBatches with a linger', () => {
  it('joins items that arrive within the linger of a batch’s first one, and no others', async () => {
    // Given items arriving 5 ms apart in three bursts 80 ms apart
    async function* trickle() {
      for (const burst of [[1, 2, 3], [4, 5], [6]]) {
        for (const item of burst) {
          await new Promise((r) => setTimeout(r, 5));
          yield item;
        }
        await new Promise((r) => setTimeout(r, 80));
      }
    }
    const batches: number[][] = [];
    // When grouped with a 40 ms linger
    for await (const batch of inBatches(trickle(), 10, 40)) batches.push(batch);
    // Then each burst is one batch (without the linger each item would be its own), nothing lost
    expect(batches).toEqual([[1, 2, 3], [4, 5], [6]]);
  });

  it('still hands a full batch over at once', async () => {
    // Given a source with everything buffered and a long linger
    const started = Date.now();
    const batches: number[][] = [];
    // When grouped into batches of 2
    for await (const batch of inBatches(source([[1, 2, 3, 4]]), 2, 5_000)) batches.push(batch);
    // Then full batches do not wait for the linger (the last one ends with the source)
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
