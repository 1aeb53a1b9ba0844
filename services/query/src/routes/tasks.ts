import { requireScope } from '@leadflow/http';
import { listTasks } from '@leadflow/projections';
import type { FastifyInstance } from 'fastify';
import * as t from 'io-ts';
import { objectResponse, type QueryDeps } from '../queryDeps';
import {
  badCursor,
  BooleanParam,
  decodeQuery,
  LimitParam,
  pageQueryProperties,
  TextParam,
  TimestampParam,
} from '../queryParams';

const TaskStatus = t.keyof({ open: null, completed: null, superseded: null });
const TaskKind = t.keyof({
  'first-contact': null,
  'trial-check-in': null,
  'nurture-email': null,
  're-engaged': null,
});
const TaskListQuery = t.partial({
  status: TaskStatus,
  kind: TaskKind,
  customerId: TextParam,
  dueBefore: TimestampParam,
  overdue: BooleanParam,
  assignee: TextParam,
  unassigned: BooleanParam,
  escalatedTo: TextParam,
  atRisk: BooleanParam,
  limit: LimitParam,
  cursor: TextParam,
});

/** GET /v1/tasks: follow-up tasks by due time. */
export const taskRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/v1/tasks',
    {
      preHandler: requireScope(deps.tokens, 'read'),
      schema: {
        tags: ['tasks'],
        summary: 'Follow-up tasks, earliest due first',
        security: [{ bearer: [] }],
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: Object.keys(TaskStatus.keys) },
            kind: { type: 'string', enum: Object.keys(TaskKind.keys) },
            customerId: { type: 'string', description: 'a merged id lists its survivor’s tasks' },
            dueBefore: { type: 'string', format: 'date-time' },
            overdue: { type: 'boolean' },
            assignee: { type: 'string', description: 'tasks assigned to this rep id' },
            unassigned: { type: 'boolean', description: 'true: tasks no rep holds' },
            escalatedTo: { type: 'string', description: 'overdue tasks escalated to this manager (rep id)' },
            atRisk: { type: 'boolean' },
            ...pageQueryProperties,
          },
        },
        response: { 200: objectResponse('{items, nextCursor}') },
      },
    },
    async (request, reply) => {
      const query = decodeQuery(TaskListQuery, request, reply);
      if (query === null) return reply;
      const page = await listTasks(deps.store.executor, await deps.schema(), {
        ...query,
        limit: query.limit ?? 50,
      });
      return page ?? badCursor(reply);
    },
  );
};
