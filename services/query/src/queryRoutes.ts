import { whoamiRoutes } from '@leadflow/http';
import type { FastifyInstance } from 'fastify';
import type { QueryDeps } from './queryDeps';
import { customerRoutes } from './routes/customers';
import { cohortRoutes } from './routes/cohorts';
import { exportRoutes } from './routes/export';
import { funnelRoutes } from './routes/funnel';
import { privacyRoutes } from './routes/privacy';
import { repStatsRoutes } from './routes/reps';
import { reviewRoutes } from './routes/review';
import { taskRoutes } from './routes/tasks';

/** Registers every read route (customers, timeline, tasks, funnel, dead letters) and `GET /v1/whoami`. */
export const queryRoutes = async (app: FastifyInstance, deps: QueryDeps): Promise<void> => {
  await customerRoutes(app, deps);
  await taskRoutes(app, deps);
  await funnelRoutes(app, deps);
  await cohortRoutes(app, deps);
  await reviewRoutes(app, deps);
  await repStatsRoutes(app, deps);
  await exportRoutes(app, deps);
  await privacyRoutes(app, deps);
  // The console asks it which actions to offer (erasure and consent need `privacy`).
  await whoamiRoutes(app, deps.tokens);
};
