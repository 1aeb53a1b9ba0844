import pino, { type Logger } from 'pino';

// Personal data never reaches the logs: these paths are censored wherever they appear.
const PERSONAL_FIELDS = [
  'email',
  'phone',
  'firstName',
  'lastName',
  'FirstName',
  'LastName',
  'Email',
  'Phone',
  'customer',
  'UserDetails',
  'userDetails',
  'body',
  'req.headers.authorization',
];

/** The process logger: pino JSON lines, personal fields and credentials redacted. */
export const createLogger = (name: string, level = 'info'): Logger =>
  pino({
    name,
    level,
    redact: {
      paths: [...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`)],
      censor: '[redacted]',
    },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  });

/**
 * A warning for a database connection the server closed (restart, failover) while idle in the pool or
 * listening: the SQLSTATE or socket code and the driver's message only, which carry no personal data.
 */
export const logDroppedConnection =
  (logger: Logger) =>
  (error: Error & { code?: string }): void =>
    logger.warn(
      { code: error.code, reason: error.message },
      'database closed a connection; dropped, and replaced on next use (a LISTEN within a second)',
    );

export type { Logger };
