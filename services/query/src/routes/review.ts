import { requireScope } from '@leadflow/http';
import { listDeadLetters } from '@leadflow/projections';
import type { FastifyInstance } from 'fastify';
import * as t from 'io-ts';
import { objectResponse, type QueryDeps } from '../queryDeps';
import { badCursor, decodeQuery, LimitParam, pageQueryProperties, TextParam } from '../queryParams';

const PageQuery = t.partial({ limit: LimitParam, cursor: TextParam });

/** GET /v1/review/dead-letters: events the projection parked after its retries (the read side's review list). */
export const reviewRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/review/dead-letters',
    {
      preHandler: requireScope(deps.tokens, 'read'),
      schema: {
        tags: ['review'],
        summary: 'Events the projection could not apply, with the error, in log order',
        security: [{ bearer: [] }],
        querystring: { type: 'object', properties: pageQueryProperties },
        response: { 200: objectResponse('{items, nextCursor}') },
      },
    },
    async (request, reply) => {
      const query = decodeQuery(PageQuery, request, reply);
      if (query === null) return reply;
      const page = await listDeadLetters(deps.store.executor, await deps.schema(), {
        limit: query.limit ?? 50,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      return page ?? badCursor(reply);
    },
  );
};
