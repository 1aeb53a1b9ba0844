/** How a throwing handler is retried before its event is parked as a dead letter. */
export interface RetryPolicy {
  /** Attempts in all (the first one included). */
  readonly attempts: number;
  /** Delay before the second attempt; doubled for each later one. */
  readonly baseDelayMs: number;
}
/** Three attempts, 20 ms then 40 ms apart: a transient fault gets a second chance, a poison event costs ~60 ms. */
export declare const DEFAULT_RETRY: RetryPolicy;
/** Runs `work` up to `policy.attempts` times with exponential backoff; the last error comes back as a left. */
export declare const withRetries: <A>(
  policy: RetryPolicy,
  work: () => A,
) => Promise<
  | {
      ok: true;
      value: A;
    }
  | {
      ok: false;
      error: Error;
      attempts: number;
    }
>;
//# sourceMappingURL=retryPolicy.d.ts.map
