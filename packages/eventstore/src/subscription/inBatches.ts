const TICK = Symbol('tick');
const tick = () => new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));

/**
 * Groups an async iterable into batches of at most `max`: a batch takes what is already buffered
 * (resolves before the next macrotask) and is handed over as soon as the source would have to wait.
 */
export async function* inBatches<A>(source: AsyncIterable<A>, max: number): AsyncGenerator<A[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<A>> | null = null;
  for (;;) {
    const first: IteratorResult<A> = await (pending ?? iterator.next());
    pending = null;
    if (first.done) return;
    const batch = [first.value];
    let ended = false;
    while (batch.length < max) {
      pending = iterator.next();
      const next = await Promise.race([pending, tick()]);
      if (next === TICK) break;
      pending = null;
      if (next.done) {
        ended = true;
        break;
      }
      batch.push(next.value);
    }
    yield batch;
    if (ended) return;
  }
}
