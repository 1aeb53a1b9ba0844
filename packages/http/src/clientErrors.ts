import type { Socket } from 'node:net';
import { problem, type Problem } from './problem';

/** The answer to an error Node's HTTP parser raised before any route saw the request. */
export const clientErrorProblem = (code: string | undefined): Problem => {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'request-timeout', 'the request was not received in time');
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'headers-too-large', 'the request line and headers are larger than 16 KiB');
    default:
      return problem(400, 'bad-request', 'the request is not valid HTTP/1.1');
  }
};

/** The raw HTTP answer written on a socket for a problem: the connection is closed after it. */
export const rawProblemResponse = (body: Problem): string => {
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${body.status} ${body.title}`,
    'content-type: application/problem+json; charset=utf-8',
    `content-length: ${Buffer.byteLength(json)}`,
    'x-content-type-options: nosniff',
    'connection: close',
    '',
    json,
  ].join('\r\n');
};

/**
 * Fastify's `clientErrorHandler`: bad request bytes, headers over the limit and a request not received
 * within the timeout answered as problem+json (when no answer was started on the connection), then
 * the connection closed. The request's bytes are never logged: they may hold a token.
 */
export const answerClientError = (error: Error & { code?: string }, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && inFlight?.headersSent !== true)
    socket.end(rawProblemResponse(clientErrorProblem(error.code)));
  socket.destroySoon();
};
