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
