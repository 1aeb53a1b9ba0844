/** How a throwing handler is retried before its event is parked as a dead letter. */
export interface RetryPolicy {
  /** Attempts in all (the first one included). */
  readonly attempts: number;
  /** Delay before the second attempt; doubled for each later one. */
  readonly baseDelayMs: number;
}

/** Three attempts, 20 ms then 40 ms apart: a transient fault gets a second chance, a poison event costs ~60 ms. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 20 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` up to `policy.attempts` times with exponential backoff; the last error comes back as a left. */
export const withRetries = async <A>(
  policy: RetryPolicy,
  work: () => A,
): Promise<{ ok: true; value: A } | { ok: false; error: Error; attempts: number }> => {
  let last: Error = new Error('no attempt made');
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    try {
      return { ok: true, value: work() };
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
      if (attempt < policy.attempts) await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
  return { ok: false, error: last, attempts: policy.attempts };
};
