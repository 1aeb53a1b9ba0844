import type { DeadLetterHeaders } from '@leadflow/contracts';

/** Why a message was dead-lettered: the last error and how many attempts were made. */
export interface Exhausted {
  readonly error: Error;
  readonly attempts: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` up to `retries + 1` times with doubling backoff; resolves `null` on success or the
 * last error once the attempts are spent. `keepGoing` stops the waits early (shutdown).
 */
export const withBoundedRetries = async (
  work: () => Promise<void>,
  policy: { retries: number; initialBackoffMs: number; maxBackoffMs: number },
  keepGoing: () => boolean = () => true,
): Promise<Exhausted | null> => {
  let backoff = policy.initialBackoffMs;
  let last: Error = new Error('not attempted');
  for (let attempt = 1; attempt <= policy.retries + 1; attempt += 1) {
    try {
      await work();
      return null;
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
      if (attempt > policy.retries || !keepGoing()) return { error: last, attempts: attempt };
      await sleep(backoff);
      backoff = Math.min(policy.maxBackoffMs, backoff * 2);
    }
  }
  return { error: last, attempts: policy.retries + 1 };
};

/** Headers a dead-lettered message carries: where it came from and why it failed. */
export const dlqHeaders = (
  source: { topic: string; partition: number | null; offset: string | null },
  exhausted: Exhausted,
): DeadLetterHeaders => ({
  'x-error-message': exhausted.error.message.slice(0, 2000),
  'x-error-name': exhausted.error.name,
  'x-error-attempts': String(exhausted.attempts),
  'x-original-topic': source.topic,
  ...(source.partition === null ? {} : { 'x-original-partition': String(source.partition) }),
  ...(source.offset === null ? {} : { 'x-original-offset': source.offset }),
  'x-failed-at': new Date().toISOString(),
});
