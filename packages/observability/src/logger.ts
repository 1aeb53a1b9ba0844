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

export type { Logger };
