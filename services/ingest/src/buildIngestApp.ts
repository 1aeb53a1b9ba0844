import type { Config } from '@leadflow/config';
import { isConnectionError } from '@leadflow/eventstore';
import { buildHttpApp, serverOptionsOf, type ReadinessCheck } from '@leadflow/http';
import type { LeadQueries, LeadWriter } from '@leadflow/ingestion';
import type { Logger, Registry } from '@leadflow/observability';
import type { FastifyInstance } from 'fastify';
import { readBodiesAsText } from './routes/bodyText';
import { leadRoutes, singleLeadReadLimit } from './routes/leads';
import { marketplaceRoute } from './routes/marketplace';
import { reviewRoutes } from './routes/review';

export interface IngestRoutesDeps {
  config: Config;
  writer: LeadWriter;
  queries: LeadQueries;
}

export interface IngestAppDeps extends IngestRoutesDeps {
  logger: Logger;
  registry: Registry;
  readiness: ReadinessCheck[];
}

/** The largest body the ingest routes read: a full batch, or a single lead's hard cap. */
export const ingestBodyLimit = (config: Config): number =>
  Math.max(batchBodyBytes(config), singleLeadReadLimit(config.maxLeadBytes));

const batchBodyBytes = (config: Config) =>
  Math.min(config.maxBatchItems * config.maxLeadBytes, 64 * 1024 * 1024);

/** Registers the ingest API: lead submission, the marketplace webhook, stored leads, review lists. */
export const ingestRoutes = async (app: FastifyInstance, deps: IngestRoutesDeps): Promise<void> => {
  const { config } = deps;
  await app.register(async (scope) => {
    readBodiesAsText(scope);
    await leadRoutes(scope, {
      writer: deps.writer,
      queries: deps.queries,
      tokens: config.apiTokens,
      maxLeadBytes: config.maxLeadBytes,
      batch: { maxItems: config.maxBatchItems, maxBodyBytes: batchBodyBytes(config) },
    });
    await marketplaceRoute(scope, {
      writer: deps.writer,
      secret: config.marketplaceSecret,
      maxLeadBytes: config.maxLeadBytes,
    });
  });
  await reviewRoutes(app, { queries: deps.queries, tokens: config.apiTokens });
};

/** The ingest service's HTTP app on its own. */
export const buildIngestApp = async (deps: IngestAppDeps): Promise<FastifyInstance> => {
  const app = await buildHttpApp({
    service: 'ingest',
    version: '0.1.0',
    logger: deps.logger,
    registry: deps.registry,
    readiness: deps.readiness,
    bodyLimit: ingestBodyLimit(deps.config),
    unavailable: isConnectionError,
    ...serverOptionsOf(deps.config),
  });
  await ingestRoutes(app, deps);
  return app;
};
