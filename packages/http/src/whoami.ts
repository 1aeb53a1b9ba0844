import { SCOPES, type ApiToken } from '@leadflow/config';
import type { FastifyInstance } from 'fastify';
import { bearerOf, scopesOf } from './auth';
import { problem, sendProblem } from './problem';

/** What `GET /v1/whoami` answers: the token's scopes, and whether the server runs open (no tokens). */
export interface Whoami {
  scopes: string[];
  open: boolean;
}

/**
 * `GET /v1/whoami`: the scopes of the request's bearer token, so a client (the console) offers only
 * the actions the token may take. Any configured token may ask; an open server grants every scope.
 */
export const whoamiRoutes = async (app: FastifyInstance, tokens: ReadonlyArray<ApiToken>): Promise<void> => {
  app.get(
    '/v1/whoami',
    {
      schema: {
        tags: ['operations'],
        summary: 'The scopes of the bearer token (every scope on a server running without tokens)',
        security: [{ bearer: [] }],
        response: {
          200: {
            type: 'object',
            properties: { scopes: { type: 'array', items: { type: 'string' } }, open: { type: 'boolean' } },
          },
        },
      },
    },
    async (request, reply) => {
      if (tokens.length === 0) return { scopes: [...SCOPES], open: true } satisfies Whoami;
      const given = bearerOf(request);
      const scopes = given === null ? new Set<string>() : scopesOf(tokens, given);
      if (scopes.size === 0) {
        reply.header('www-authenticate', 'Bearer');
        return sendProblem(
          reply,
          problem(401, 'unauthorized', given === null ? 'a bearer token is required' : 'unknown token'),
        );
      }
      // In the configuration's order, whatever order the token listed them in.
      return { scopes: SCOPES.filter((s) => scopes.has(s)), open: false } satisfies Whoami;
    },
  );
};
