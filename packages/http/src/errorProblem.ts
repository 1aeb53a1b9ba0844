import { problem, type Problem } from './problem';

/** Seconds a client is asked to wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 2;

/** What a failed request is answered with: the problem document and any extra headers. */
export interface ErrorAnswer {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
  /** How it is logged: a server being away is a warning, anything else at 5xx an error. */
  readonly log: 'warn' | 'error' | 'none';
}

/**
 * Maps an error a route threw to its answer. Errors carrying a status keep it; errors `unavailable`
 * recognises (a server leadflow depends on is unreachable) are 503 with `Retry-After`, since the same
 * request can succeed a moment later; the rest are 500. A 5xx detail never repeats the error's text.
 */
export const errorAnswer = (
  error: Error & { statusCode?: number },
  correlationId: string,
  unavailable: (error: Error) => boolean = () => false,
): ErrorAnswer => {
  if (error.statusCode === undefined && unavailable(error))
    return {
      problem: problem(503, 'unavailable', 'a server leadflow depends on is unreachable; try again shortly', {
        correlationId,
      }),
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      log: 'warn',
    };
  const status = error.statusCode ?? 500;
  const kind =
    status === 413
      ? 'too-large'
      : status === 415
        ? 'unsupported-media-type'
        : status >= 500
          ? 'internal'
          : 'bad-request';
  const detail =
    status >= 500 ? 'an unexpected error; the correlation id identifies it in the logs' : error.message;
  return {
    problem: problem(status, kind, detail, { correlationId }),
    headers: {},
    log: status >= 500 ? 'error' : 'none',
  };
};
