/** PostgreSQL error codes after which the whole write transaction is simply tried again. */
const RETRYABLE_CODES = new Set(['40001', '40P01', '23505']);

/** The SQLSTATE of a driver error (`''` when it has none). */
export const sqlErrorCode = (error: unknown): string =>
  typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code) : '';

/** True for a serialization failure, a deadlock or a unique-key race: the transaction is simply run again. */
export const isRetryableSqlError = (error: unknown): boolean => RETRYABLE_CODES.has(sqlErrorCode(error));
