import type { Config } from '@leadflow/config';
import type { SqlEventStore } from '@leadflow/eventstore';
import type { ReadinessCheck } from '@leadflow/http';
import type { Logger, Registry } from '@leadflow/observability';
import { startReadSide } from '@leadflow/query';
import type { FastifyInstance } from 'fastify';

/** What the query component hands back to main: its readiness check (with the projection lag) and its stop. */
export interface QueryComponent {
  readonly readiness: ReadinessCheck;
  close(): Promise<void>;
}

/**
 * Registers the read API (customers, timeline, tasks, funnel, dead letters) and starts the projection
 * runner in this process, unless LEADFLOW_PROJECTIONS=off (a separate query service runs it).
 * The read models live in LEADFLOW_READ_SCHEMA (default `leadflow_read`) of the event store's database.
 */
export const startQueryComponent = async (deps: {
  app: FastifyInstance;
  config: Config;
  store: SqlEventStore;
  logger: Logger;
  registry: Registry;
}): Promise<QueryComponent> =>
  startReadSide({
    app: deps.app,
    store: deps.store,
    tokens: deps.config.apiTokens,
    logger: deps.logger,
    registry: deps.registry,
    baseSchema: deps.config.readSchema,
    runProjection: deps.config.runProjections,
    batchSize: deps.config.projectionBatch,
    retentionDays: deps.config.retentionDays,
  });
