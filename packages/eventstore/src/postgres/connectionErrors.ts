// SQLSTATE classes and codes that say the database, not the statement, failed: connection exceptions
// (08), operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now)
// and insufficient resources (53: out of memory, disk full, too many connections).
const CONNECTION_CLASSES = ['08', '53'];
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03']);
// Socket errors of the driver (Node's errno codes) and pg's own messages when a connection breaks.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
const BROKEN_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * True when an error says the database could not be reached or dropped the connection: worth trying
 * again later, unlike an error about the statement or its data.
 */
export const isConnectionError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || CONNECTION_CODES.has(code)) return true;
    if (code.length === 5 && CONNECTION_CLASSES.includes(code.slice(0, 2))) return true;
  }
  return typeof message === 'string' && BROKEN_CONNECTION.test(message);
};
