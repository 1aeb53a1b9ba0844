import { problem, requireScope, sendProblem } from '@leadflow/http';
import { repStats } from '@leadflow/projections';
import type { FastifyInstance } from 'fastify';
import type { QueryDeps } from '../queryDeps';

const REP_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

const count = (description: string) => ({ type: 'integer', minimum: 0, description });

/** The documented answer of GET /v1/reps/{id}/stats (a rep nobody assigned anything has zeros). */
const repStatsSchema = {
  type: 'object',
  required: ['repId', 'open', 'atRisk', 'overdue', 'completed', 'speedToLeadP50Seconds', 'customers'],
  properties: {
    repId: { type: 'string' },
    open: count('open tasks the rep holds'),
    atRisk: count('open tasks past their at-risk time'),
    overdue: count('open tasks past due'),
    completed: count('tasks the rep completed'),
    speedToLeadP50Seconds: {
      type: 'number',
      nullable: true,
      description:
        'median time from first actionable lead to first completed contact of the customers it owns',
    },
    customers: count('customers the rep owns'),
  },
};

/** GET /v1/reps/{id}/stats: a rep's open, at-risk, overdue and completed tasks and speed-to-lead p50. */
export const repStatsRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  app.get<{ Params: { id: string } }>(
    '/v1/reps/:id/stats',
    {
      preHandler: requireScope(deps.tokens, 'read'),
      schema: {
        tags: ['reps'],
        summary:
          'A rep’s figures from the read model: open, at-risk and overdue open tasks, completed tasks, and the ' +
          'median speed-to-lead of the customers it owns',
        security: [{ bearer: [] }],
        response: { 200: repStatsSchema },
      },
    },
    async (request, reply) => {
      if (!REP_ID.test(request.params.id))
        return sendProblem(
          reply,
          problem(400, 'invalid-path', 'the path has bad parameters', {
            errors: [{ path: '/path/id', message: 'expected a rep id (1 to 100 of A-Z a-z 0-9 . _ @ -)' }],
          }),
        );
      return repStats(deps.store.executor, await deps.schema(), request.params.id);
    },
  );
};
