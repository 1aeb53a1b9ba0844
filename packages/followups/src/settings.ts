import * as E from 'fp-ts/Either';

/** Follow-up runtime settings (environment, validated at start). */
export interface FollowUpSettings {
  /** Run publisher, consumer and scanner inside the leadflow process (LEADFLOW_FOLLOWUPS_IN_PROCESS, default true). */
  readonly inProcess: boolean;
  /** Retries of a failing message before the DLQ (LEADFLOW_FOLLOWUPS_RETRIES, default 3). */
  readonly retries: number;
  /** First retry backoff in ms, doubling (LEADFLOW_FOLLOWUPS_BACKOFF_MS, default 200; capped at 5 s). */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Partitions one consumer handles at once (LEADFLOW_FOLLOWUPS_CONCURRENCY, default 6). */
  readonly concurrency: number;
  /** Different customers of one partition handled at once (LEADFLOW_FOLLOWUPS_KEY_CONCURRENCY, default 8). */
  readonly keyConcurrency: number;
  /** Overdue scan period in ms (LEADFLOW_OVERDUE_SCAN_MS, default 60000). */
  readonly overdueScanMs: number;
  /** Events per publish batch (LEADFLOW_PUBLISHER_BATCH, default 500). */
  readonly publisherBatch: number;
  /** Consumer group session timeout in ms (LEADFLOW_KAFKA_SESSION_TIMEOUT_MS, default 30000). */
  readonly sessionTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const int = (
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): E.Either<string, number> => {
  const raw = env[name];
  if (raw === undefined || raw === '') return E.right(fallback);
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max
    ? E.right(n)
    : E.left(`${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
};

const bool = (env: Env, name: string, fallback: boolean): E.Either<string, boolean> => {
  const raw = env[name];
  if (raw === undefined || raw === '') return E.right(fallback);
  if (raw === 'true' || raw === '1') return E.right(true);
  if (raw === 'false' || raw === '0') return E.right(false);
  return E.left(`${name}=${JSON.stringify(raw)}: expected true or false`);
};

/** Reads the follow-up settings; every bad value is reported, one line each. */
export const loadFollowUpSettings = (env: Env): E.Either<string[], FollowUpSettings> => {
  const fields = {
    inProcess: bool(env, 'LEADFLOW_FOLLOWUPS_IN_PROCESS', true),
    retries: int(env, 'LEADFLOW_FOLLOWUPS_RETRIES', 3, 0, 20),
    initialBackoffMs: int(env, 'LEADFLOW_FOLLOWUPS_BACKOFF_MS', 200, 1, 60_000),
    concurrency: int(env, 'LEADFLOW_FOLLOWUPS_CONCURRENCY', 6, 1, 64),
    keyConcurrency: int(env, 'LEADFLOW_FOLLOWUPS_KEY_CONCURRENCY', 8, 1, 256),
    overdueScanMs: int(env, 'LEADFLOW_OVERDUE_SCAN_MS', 60_000, 100, 86_400_000),
    publisherBatch: int(env, 'LEADFLOW_PUBLISHER_BATCH', 500, 1, 10_000),
    sessionTimeoutMs: int(env, 'LEADFLOW_KAFKA_SESSION_TIMEOUT_MS', 30_000, 6_000, 300_000),
  };
  const errors = Object.values(fields).flatMap((f) => (E.isLeft(f) ? [f.left] : []));
  if (errors.length > 0) return E.left(errors);
  const get = <T>(f: E.Either<string, T>): T => (f as E.Right<T>).right;
  return E.right({
    inProcess: get(fields.inProcess),
    retries: get(fields.retries),
    initialBackoffMs: get(fields.initialBackoffMs),
    maxBackoffMs: 5_000,
    concurrency: get(fields.concurrency),
    keyConcurrency: get(fields.keyConcurrency),
    overdueScanMs: get(fields.overdueScanMs),
    publisherBatch: get(fields.publisherBatch),
    sessionTimeoutMs: get(fields.sessionTimeoutMs),
  });
};
