import pino, { type DestinationStream, type Logger } from 'pino';
import { isColorSupported, prettyFactory } from 'pino-pretty';

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

export interface LoggerOutput {
  /** Human-readable lines instead of JSON; by default when stdout is a terminal. */
  readonly pretty?: boolean;
  /** Where lines go (default stdout). */
  readonly destination?: DestinationStream;
}

/**
 * pino-pretty's formatter called in this thread on each line, not pino's worker-thread transport:
 * the processes end with `process.exit`, which would cut off what a worker had not written yet.
 * It formats pino's output, so redaction has already happened.
 */
const prettyStream = (destination: DestinationStream): DestinationStream => {
  const format = prettyFactory({
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    colorize: destination === process.stdout && isColorSupported,
  });
  return { write: (line: string) => destination.write(format(line)) };
};

/**
 * The process logger, personal fields and credentials redacted: pino JSON lines, or readable lines
 * when `pretty` (by default: stdout is a terminal, i.e. someone is watching rather than a collector).
 */
export const createLogger = (name: string, level = 'info', output: LoggerOutput = {}): Logger => {
  const pretty = output.pretty ?? process.stdout.isTTY === true;
  const options = {
    name,
    level,
    redact: {
      paths: [...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`)],
      censor: '[redacted]',
    },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (pretty) return pino(options, prettyStream(output.destination ?? process.stdout));
  return output.destination === undefined ? pino(options) : pino(options, output.destination);
};

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
