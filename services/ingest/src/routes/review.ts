import type { ApiToken } from '@leadflow/config';
import { problem, requireScope, sendProblem } from '@leadflow/http';
import { isReviewCursor, type LeadQueries, type PageRequest } from '@leadflow/ingestion';
import type { FastifyInstance, FastifyReply } from 'fastify';

const pageQuerySchema = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
  },
};

/** Reads `limit` (1..500, default 50) and `cursor` from a query string, or answers 400 naming the bad one. */
export const pageRequestOf = (query: Record<string, unknown>, reply: FastifyReply): PageRequest | null => {
  const rawLimit = query.limit;
  const limit = rawLimit === undefined ? 50 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    void sendProblem(
      reply,
      problem(400, 'invalid-query', 'limit must be an integer from 1 to 500', {
        errors: [
          {
            path: '/query/limit',
            message: `expected an integer from 1 to 500, got ${JSON.stringify(rawLimit)}`,
          },
        ],
      }),
    );
    return null;
  }
  const cursor = query.cursor;
  if (cursor !== undefined && (typeof cursor !== 'string' || !isReviewCursor(cursor))) {
    void sendProblem(
      reply,
      problem(400, 'invalid-query', 'bad cursor', {
        errors: [{ path: '/query/cursor', message: 'expected a cursor from nextCursor' }],
      }),
    );
    return null;
  }
  return { limit, cursor: typeof cursor === 'string' ? cursor : null };
};

/** GET /v1/review/rejected and GET /v1/review/unrecognized. */
export const reviewRoutes = async (
  app: FastifyInstance,
  deps: { queries: LeadQueries; tokens: ReadonlyArray<ApiToken> },
): Promise<void> => {
  const readScope = requireScope(deps.tokens, 'read');
  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/review/rejected',
    {
      onRequest: readScope,
      schema: {
        tags: ['review'],
        summary: 'Refused deliveries with their reasons, newest first',
        security: [{ bearer: [] }],
        querystring: pageQuerySchema,
      },
    },
    async (request, reply) => {
      const page = pageRequestOf(request.query, reply);
      return page === null ? reply : deps.queries.listRejected(page);
    },
  );
  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/review/unrecognized',
    {
      onRequest: readScope,
      schema: {
        tags: ['review'],
        summary: 'Stored leads with an unknown source or action, newest first',
        security: [{ bearer: [] }],
        querystring: pageQuerySchema,
      },
    },
    async (request, reply) => {
      const page = pageRequestOf(request.query, reply);
      return page === null ? reply : deps.queries.listUnrecognized(page);
    },
  );
};
