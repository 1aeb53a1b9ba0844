import { isConnectionError } from '@leadflow/eventstore';

/** PostgreSQL error codes after which the whole write transaction is simply tried again. */
const RETRYABLE_CODES = new Set(['40001', '40P01', '23505']);

/** The SQLSTATE of a driver error (`''` when it has none). */
export const sqlErrorCode = (error: unknown): string =>
  typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code) : '';

/**
 * True for a serialization failure, a deadlock, a unique-key race or a broken connection (restart,
 * failover): the write is simply run again, on another connection. A write whose commit did land
 * before the connection broke is then found by its dedup key and answered as a duplicate.
 */
export const isRetryableSqlError = (error: unknown): boolean =>
  RETRYABLE_CODES.has(sqlErrorCode(error)) || isConnectionError(error);
