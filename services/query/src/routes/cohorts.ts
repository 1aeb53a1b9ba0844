import { cohorts } from '@leadflow/analytics';
import { problem, requireScope, sendProblem } from '@leadflow/http';
import type { FastifyInstance } from 'fastify';
import * as t from 'io-ts';
import { objectResponse, type QueryDeps } from '../queryDeps';
import { DayParam, decodeQuery, TextParam } from '../queryParams';

const Period = t.keyof({ week: null, month: null });
const CohortQuery = t.intersection([
  t.type({ period: Period }),
  t.partial({ from: DayParam, to: DayParam, offer: TextParam, source: TextParam }),
]);

/** GET /v1/funnel/cohorts: customers grouped by the week or month of their first lead, and how far each group went. */
export const cohortRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/funnel/cohorts',
    {
      preHandler: requireScope(deps.tokens, 'read'),
      schema: {
        tags: ['funnel'],
        summary:
          'Per period of first contact (ISO week or calendar month, UTC; test customers excluded): the customers, ' +
          'how many ever reached each stage, median seconds from the first lead to each stage, speed-to-lead p50 and p90',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          required: ['period'],
          properties: {
            period: { type: 'string', enum: Object.keys(Period.keys) },
            from: {
              type: 'string',
              format: 'date',
              description: 'first day of first contact, inclusive (UTC)',
            },
            to: { type: 'string', format: 'date', description: 'last day of first contact, inclusive (UTC)' },
            offer: { type: 'string', description: 'publisherId.offerId, offer id or offer title' },
            source: { type: 'string' },
          },
        },
        response: {
          200: objectResponse(
            '{period, from, to, offer, source, cohorts: [{period, start, customers, reached, medianSecondsToStage, speedToLead}]}',
          ),
        },
      },
    },
    async (request, reply) => {
      const query = decodeQuery(CohortQuery, request, reply);
      if (query === null) return reply;
      if (query.from !== undefined && query.to !== undefined && query.from > query.to)
        return sendProblem(
          reply,
          problem(400, 'invalid-query', 'from is after to', {
            errors: [{ path: '/query/from', message: 'must not be after to' }],
          }),
        );
      return cohorts(deps.store.executor, await deps.schema(), query);
    },
  );
};
