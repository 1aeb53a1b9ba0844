import { problem, requireScope, sendProblem } from '@leadflow/http';
import { funnelAsOf } from '@leadflow/analytics';
import { funnel, funnelByRep } from '@leadflow/projections';
import type { FastifyInstance } from 'fastify';
import * as t from 'io-ts';
import { objectResponse, type QueryDeps } from '../queryDeps';
import { DayParam, decodeQuery, TextParam, TimestampParam } from '../queryParams';

const GroupBy = t.keyof({ offer: null, source: null, day: null, rep: null });
const FunnelQuery = t.partial({
  from: DayParam,
  to: DayParam,
  offer: TextParam,
  source: TextParam,
  groupBy: GroupBy,
  asOf: TimestampParam,
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
            asOf: {
              type: 'string',
              format: 'date-time',
              description:
                'instead of a period: customers per stage as they stood at this instant, from the stage ' +
                'history (with offer and source only; not with from, to or groupBy)',
            },
          },
        },
        response: { 200: objectResponse('stages, conversion, medianSpeedToLeadSeconds[, groups]') },
      },
    },
    async (request, reply) => {
      const query = decodeQuery(FunnelQuery, request, reply);
      if (query === null) return reply;
      if (query.asOf !== undefined) {
        const clash = (['from', 'to', 'groupBy'] as const).filter((k) => query[k] !== undefined);
        if (clash.length > 0)
          return sendProblem(
            reply,
            problem(400, 'invalid-query', 'asOf cannot be combined with a period or grouping', {
              errors: clash.map((k) => ({ path: `/query/${k}`, message: 'not allowed with asOf' })),
            }),
          );
        return funnelAsOf(deps.store.executor, await deps.schema(), {
          asOf: query.asOf,
          ...(query.offer === undefined ? {} : { offer: query.offer }),
          ...(query.source === undefined ? {} : { source: query.source }),
        });
      }
      if (query.from !== undefined && query.to !== undefined && query.from > query.to)
        return sendProblem(
          reply,
          problem(400, 'invalid-query', 'from is after to', {
            errors: [{ path: '/query/from', message: 'must not be after to' }],
          }),
        );
      if (query.groupBy === 'rep') {
        // Per owning rep: stages reached, speed-to-lead and overdue tasks (the totals are the plain funnel's).
        const { groupBy: _rep, ...plain } = query;
        const schema = await deps.schema();
        const totals = await funnel(deps.store.executor, schema, plain);
        return { ...totals, groupBy: 'rep', groups: await funnelByRep(deps.store.executor, schema, plain) };
      }
      return funnel(deps.store.executor, await deps.schema(), { ...query, groupBy: query.groupBy });
    },
  );
};
