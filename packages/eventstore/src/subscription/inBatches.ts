const TICK = Symbol('tick');
const tick = () => new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
const until = (deadline: number) =>
  new Promise<typeof TICK>((resolve) => setTimeout(() => resolve(TICK), Math.max(0, deadline - Date.now())));

/**
 * Groups an async iterable into batches of at most `max`. Without `lingerMs` a batch takes what is
 * already buffered (resolves before the next macrotask) and is handed over as soon as the source would
 * have to wait; with it, a batch also waits for items that arrive within `lingerMs` of its first one,
 * so a trickle of items costs one batch per `lingerMs` instead of one each.
 */
export async function* inBatches<A>(
  source: AsyncIterable<A>,
  max: number,
  lingerMs = 0,
): AsyncGenerator<A[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<A>> | null = null;
  for (;;) {
    const first: IteratorResult<A> = await (pending ?? iterator.next());
    pending = null;
    if (first.done) return;
    const batch = [first.value];
    const deadline = Date.now() + lingerMs;
    let ended = false;
    while (batch.length < max) {
      pending = iterator.next();
      const next = await Promise.race([pending, lingerMs > 0 ? until(deadline) : tick()]);
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
