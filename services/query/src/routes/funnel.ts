import { problem, requireScope, sendProblem } from '@leadflow/http';
import { funnel } from '@leadflow/projections';
import type { FastifyInstance } from 'fastify';
import * as t from 'io-ts';
import { objectResponse, type QueryDeps } from '../queryDeps';
import { DayParam, decodeQuery, TextParam } from '../queryParams';

const GroupBy = t.keyof({ offer: null, source: null, day: null });
const FunnelQuery = t.partial({
  from: DayParam,
  to: DayParam,
  offer: TextParam,
  source: TextParam,
  groupBy: GroupBy,
});

/** GET /v1/funnel: customers per stage, conversion between stages, median speed-to-lead. */
export const funnelRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/funnel',
    {
      preHandler: requireScope(deps.tokens, 'read'),
      schema: {
        tags: ['funnel'],
        summary:
          'Customers that reached each stage in the period (test customers excluded), conversion between ' +
          'neighbouring stages, median speed-to-lead of the customers first seen in the period',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', format: 'date', description: 'first day, inclusive (UTC)' },
            to: { type: 'string', format: 'date', description: 'last day, inclusive (UTC)' },
            offer: { type: 'string' },
            source: { type: 'string' },
            groupBy: { type: 'string', enum: Object.keys(GroupBy.keys) },
          },
        },
        response: { 200: objectResponse('stages, conversion, medianSpeedToLeadSeconds[, groups]') },
      },
    },
    async (request, reply) => {
      const query = decodeQuery(FunnelQuery, request.query, reply);
      if (query === null) return reply;
      if (query.from !== undefined && query.to !== undefined && query.from > query.to)
        return sendProblem(
          reply,
          problem(400, 'invalid-query', 'from is after to', {
            errors: [{ path: '/query/from', message: 'must not be after to' }],
          }),
        );
      return funnel(deps.store.executor, await deps.schema(), query);
    },
  );
};
