const TICK = Symbol('tick');
const tick = () => new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
/** One timer for a whole batch's linger (not one per item), cleared when the batch is handed over. */
const lingerFor = (ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TICK>((resolve) => (timer = setTimeout(() => resolve(TICK), ms)));
  return { expired, clear: () => clearTimeout(timer) };
};

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
    const linger = lingerMs > 0 ? lingerFor(lingerMs) : null;
    let ended = false;
    while (batch.length < max) {
      pending = iterator.next();
      const next = await Promise.race([pending, linger?.expired ?? tick()]);
      if (next === TICK) break;
      pending = null;
      if (next.done) {
        ended = true;
        break;
      }
      batch.push(next.value);
    }
    linger?.clear();
    yield batch;
    if (ended) return;
  }
}
