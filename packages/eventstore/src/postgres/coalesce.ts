/**
 * Coalesces concurrent calls into batches: a call goes out at once while fewer than `maxInFlight`
 * batches are running; calls made meanwhile wait and go out together (up to `maxBatch`) when one
 * finishes. Idle, nothing waits; under load the batches grow with it (group commit). `run` answers
 * each item of a batch on its own, so one item's failure is not its neighbours'. With `gather`, calls
 * wait for the current turn of the event loop to end first, so calls made together (the leads of
 * one request) go out together even when a batch could start at once.
 */
export const coalesce = <I, O>(
  run: (items: readonly I[]) => Promise<ReadonlyArray<PromiseSettledResult<O>>>,
  limits: { readonly maxInFlight: number; readonly maxBatch: number; readonly gather?: boolean },
): ((item: I) => Promise<O>) => {
  type Waiting = { item: I; resolve: (value: O) => void; reject: (reason: unknown) => void };
  const queue: Waiting[] = [];
  let inFlight = 0;
  const settle = (batch: readonly Waiting[], results: ReadonlyArray<PromiseSettledResult<O>>) =>
    batch.forEach((waiting, i) => {
      const result = results[i];
      if (result === undefined) waiting.reject(new Error('a batched call got no answer'));
      else if (result.status === 'fulfilled') waiting.resolve(result.value);
      else waiting.reject(result.reason);
    });
  const pump = (): void => {
    while (inFlight < limits.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, limits.maxBatch);
      inFlight += 1;
      run(batch.map((waiting) => waiting.item))
        .then(
          (results) => settle(batch, results),
          (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          inFlight -= 1;
          schedule();
        });
    }
  };
  let scheduled = false;
  const schedule = () => {
    if (limits.gather !== true) return pump();
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
};
