import { loadConfigOrExit, type Config } from '@leadflow/config';
import { consoleRoutes } from '@leadflow/console';
import { isConnectionError } from '@leadflow/eventstore';
import { buildHttpApp, serverOptionsOf, type ReadinessCheck } from '@leadflow/http';
import { ingestBodyLimit, ingestRoutes, leadWriterMetrics } from '@leadflow/ingest';
import { createLeadWriter, type LeadWriter } from '@leadflow/ingestion';
import { createLogger, createRegistry, type Logger, type Registry } from '@leadflow/observability';
import type { FastifyInstance } from 'fastify';
import { startFollowUpsComponent } from './components/followups';
import { startQueryComponent } from './components/query';
import { openWriteSide } from './openWriteSide';

/** The leadflow HTTP app with everything it runs in process, not listening yet. */
export interface LeadflowApp {
  readonly app: FastifyInstance;
  readonly readiness: ReadinessCheck[];
  /** The write path the routes use, for other ways in (the leads.raw consumer). */
  readonly writer: LeadWriter;
  /** Adds something to close after the components and before the store (what uses the writer). */
  onClose(close: () => Promise<void>): void;
  /** Closes the app, the components, what `onClose` added and the store, in that order. */
  close(): Promise<void>;
}

export interface LeadflowAppOptions {
  /** Whether the bus is ready (the Kafka consumer's state); by default ready unless the bus is Kafka. */
  busReady?: () => boolean;
}

/**
 * Builds leadflow as one process runs it: the write side, the ingest routes, the follow-ups, the read
 * side and the console on one app (`main.ts` adds the leads.raw consumer on Kafka). A caller may add
 * routes before it listens (a benchmark adds a no-op route, so that its baseline goes through the
 * same server, hooks and sockets).
 */
export const buildLeadflowApp = async (
  config: Config,
  logger: Logger,
  registry: Registry,
  options: LeadflowAppOptions = {},
): Promise<LeadflowApp> => {
  const opened = await openWriteSide(config, logger);
  const writer = createLeadWriter({
    writeSide: opened.writeSide,
    rejected: opened.rejected,
    maxLeadBytes: config.maxLeadBytes,
    dedupWindowSeconds: config.dedupWindowSeconds,
    metrics: leadWriterMetrics(registry),
    logger,
    onCommitted: opened.onCommitted,
  });
  // The in-process bus is no Kafka: naming its check `kafka` would send an operator looking for a broker.
  const busReady = options.busReady ?? (() => config.bus !== 'kafka');
  const readiness: ReadinessCheck[] = [
    ...opened.readiness,
    { name: config.bus === 'kafka' ? 'kafka' : 'bus', check: async () => busReady() },
  ];
  const app = await buildHttpApp({
    service: 'leadflow',
    version: '0.1.0',
    logger,
    registry,
    readiness,
    bodyLimit: ingestBodyLimit(config),
    unavailable: isConnectionError,
    ...serverOptionsOf(config),
  });
  await ingestRoutes(app, { config, writer, queries: opened.queries });
  const followUps = await startFollowUpsComponent({ app, config, store: opened.store, logger });
  readiness.push({ name: 'followups', check: async () => followUps.ready() });
  const query = await startQueryComponent({ app, config, store: opened.store, logger, registry });
  readiness.push(query.readiness);
  await consoleRoutes(app);
  const closers: Array<() => Promise<void>> = [];
  return {
    app,
    readiness,
    writer,
    onClose: (close) => void closers.push(close),
    close: async () => {
      await app.close();
      await followUps.close().catch((err: unknown) => logger.error({ err }, 'follow-ups close failed'));
      await query.close().catch((err: unknown) => logger.error({ err }, 'query close failed'));
      for (const close of closers)
        await close().catch((err: unknown) => logger.error({ err }, 'close failed'));
      await opened.close();
    },
  };
};

/** `buildLeadflowApp` configured from the environment, as `pnpm start` is (a bad value exits with code 2). */
export const buildLeadflowAppFromEnvironment = async (
  name = 'leadflow',
): Promise<LeadflowApp & { config: Config; logger: Logger }> => {
  const config = loadConfigOrExit(name);
  const logger = createLogger(name, config.logLevel);
  return { ...(await buildLeadflowApp(config, logger, createRegistry(name))), config, logger };
};
