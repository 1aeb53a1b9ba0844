import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiToken, Scope } from '@leadflow/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem, type Problem } from './problem';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Compares two secrets in constant time (over their SHA-256 digests, so lengths leak nothing either). */
export const secretsEqual = (given: string, expected: string): boolean =>
  timingSafeEqual(digest(given), digest(expected));

/** The scopes a bearer token grants; every configured token is compared, so timing does not tell which matched. */
export const scopesOf = (tokens: ReadonlyArray<ApiToken>, given: string): ReadonlySet<Scope> => {
  const scopes = new Set<Scope>();
  for (const token of tokens)
    if (secretsEqual(given, token.token)) token.scopes.forEach((s) => scopes.add(s));
  return scopes;
};

/** The token of an `Authorization: Bearer` header, or null when there is none. */
export const bearerOf = (request: FastifyRequest): string | null =>
  /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;

/** True when a body follows the headers (a length above zero, or chunked). */
export const hasBody = (request: FastifyRequest): boolean => {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
};

/**
 * Sends a refusal before the body was read: the connection is closed after it, so an unread upload
 * is never drained (reading it is the work a refused client must not get out of the server).
 */
export const refuseUnread = async (reply: FastifyReply, body: Problem): Promise<void> => {
  if (hasBody(reply.request)) reply.header('connection', 'close');
  await sendProblem(reply, body);
};

/**
 * An `onRequest` hook requiring a bearer token with `scope`: it runs on the headers alone, before
 * any body is read. With no tokens configured the server runs open (allowed only on loopback,
 * checked when the configuration is loaded).
 */
export const requireScope =
  (tokens: ReadonlyArray<ApiToken>, scope: Scope) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (tokens.length === 0) return;
    const given = bearerOf(request);
    if (given === null) {
      reply.header('www-authenticate', 'Bearer');
      return refuseUnread(reply, problem(401, 'unauthorized', 'a bearer token is required'));
    }
    const scopes = scopesOf(tokens, given);
    if (scopes.size === 0) {
      reply.header('www-authenticate', 'Bearer');
      return refuseUnread(reply, problem(401, 'unauthorized', 'unknown token'));
    }
    if (!scopes.has(scope))
      return refuseUnread(reply, problem(403, 'forbidden', `this token lacks the "${scope}" scope`));
  };

/**
 * Names the token a request authenticated with, without holding it: the first 16 hex digits of its
 * SHA-256. Null with no tokens configured (open mode) or no known token. Scopes per-client state
 * (Idempotency-Key) so two clients never share it.
 */
export const tokenIdOf = (tokens: ReadonlyArray<ApiToken>, request: FastifyRequest): string | null => {
  const given = bearerOf(request);
  if (tokens.length === 0 || given === null) return null;
  const known = tokens.find((token) => secretsEqual(given, token.token));
  return known === undefined ? null : digest(known.token).toString('hex').slice(0, 16);
};
