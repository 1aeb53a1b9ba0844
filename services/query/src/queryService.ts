import { bindsLoopback, type Config } from '@leadflow/config';
import { isConnectionError, openEventStore, type OpenEventStoreOptions } from '@leadflow/eventstore';
import { buildHttpApp, serverOptionsOf, type ReadinessCheck } from '@leadflow/http';
import { createLogger, createRegistry, logDroppedConnection, type Logger } from '@leadflow/observability';
import { protectStore } from '@leadflow/privacy';
import type { FastifyInstance } from 'fastify';
import { startReadSide } from './startReadSide';

/** What the query service's start can be given instead of its defaults (tests: another port for the streams). */
export interface QueryServiceDeps {
  readonly logger?: Logger;
  readonly openStreams?: OpenEventStoreOptions['openStreams'];
  /** More routes on the same app before it listens (main adds the console). */
  readonly routes?: (app: FastifyInstance) => Promise<unknown>;
}

/** The started query service: its HTTP app (listening) and the stop that undoes the start. */
export interface QueryService {
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** The query service shares its database with leadflow: the embedded store belongs to one process. */
export const queryRequirements = (config: Config): string[] =>
  config.eventStore === 'pglite'
    ? [
        'LEADFLOW_EVENTSTORE=pglite: the query service needs postgres or kurrentdb with DATABASE_URL ' +
          '(embedded, leadflow serves the reads itself)',
      ]
    : [];

/**
 * The query service: the read API over the read models in PostgreSQL and, unless
 * LEADFLOW_PROJECTIONS=off, the projection runner, reading the events through the configured store.
 */
export const startQueryService = async (
  config: Config,
  deps: QueryServiceDeps = {},
): Promise<QueryService> => {
  const problems = queryRequirements(config);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const logger = deps.logger ?? createLogger('query', config.logLevel);
  if (config.apiTokens.length === 0 && bindsLoopback(config))
    logger.warn(
      { host: config.host },
      'no LEADFLOW_API_TOKENS configured: the API runs open (loopback only)',
    );
  const registry = createRegistry('query');
  const store = await protectStore(
    await openEventStore(config, {
      onIdleConnectionError: logDroppedConnection(logger),
      ...(deps.openStreams ? { openStreams: deps.openStreams } : {}),
    }),
    config,
    logger,
  );
  const readiness: ReadinessCheck[] = [
    { name: 'database', check: async () => (await store.executor.query('SELECT 1 AS ok')).length === 1 },
  ];
  const app = await buildHttpApp({
    service: 'query',
    version: '0.1.0',
    logger,
    registry,
    readiness,
    bodyLimit: 1024,
    unavailable: isConnectionError,
    ...serverOptionsOf(config),
  });
  const readSide = await startReadSide({
    app,
    store,
    tokens: config.apiTokens,
    logger,
    registry,
    baseSchema: config.readSchema,
    runProjection: config.runProjections,
    batchSize: config.projectionBatch,
    retentionDays: config.retentionDays,
  });
  readiness.push(readSide.readiness);
  if (deps.routes) await deps.routes(app);
  await app.listen({ host: config.host, port: config.port });
  logger.info({ host: config.host, port: config.port, eventStore: config.eventStore }, 'query listening');
  return {
    app,
    close: async () => {
      await app.close();
      await readSide.close();
      await store.close();
    },
  };
};
