import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiToken, Scope } from '@leadflow/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem';

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

/**
 * A preHandler requiring a bearer token with `scope`; with no tokens configured the server runs open
 * (allowed only on loopback, checked when the configuration is loaded).
 */
export const requireScope =
  (tokens: ReadonlyArray<ApiToken>, scope: Scope) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (tokens.length === 0) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      await sendProblem(
        reply.header('www-authenticate', 'Bearer'),
        problem(401, 'unauthorized', 'a bearer token is required'),
      );
      return;
    }
    const scopes = scopesOf(tokens, match[1]);
    if (scopes.size === 0) {
      await sendProblem(
        reply.header('www-authenticate', 'Bearer'),
        problem(401, 'unauthorized', 'unknown token'),
      );
    } else if (!scopes.has(scope)) {
      await sendProblem(reply, problem(403, 'forbidden', `this token lacks the "${scope}" scope`));
    }
  };
