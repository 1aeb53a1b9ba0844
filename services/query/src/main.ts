import { bindsLoopback, loadConfig } from '@leadflow/config';
import { getPostgresEventStore, isConnectionError } from '@leadflow/eventstore';
import { buildHttpApp, type ReadinessCheck } from '@leadflow/http';
import { createLogger, createRegistry, logDroppedConnection } from '@leadflow/observability';
import { DEFAULT_READ_SCHEMA } from '@leadflow/projections';
import * as E from 'fp-ts/Either';
import { startReadSide } from './startReadSide';

/**
 * The query service of the full stack: the read API of SPEC 7 over PostgreSQL and, unless
 * LEADFLOW_PROJECTIONS=off, the projection runner that keeps the read models current.
 */
const main = async () => {
  const loaded = loadConfig(process.env);
  if (E.isLeft(loaded)) {
    for (const line of loaded.left) process.stderr.write(`query: bad configuration: ${line}\n`);
    process.exit(2);
  }
  const config = loaded.right;
  if (config.databaseUrl === null) {
    process.stderr.write('query: bad configuration: DATABASE_URL is required\n');
    process.exit(2);
  }
  const logger = createLogger('query', config.logLevel);
  if (config.apiTokens.length === 0 && bindsLoopback(config))
    logger.warn(
      { host: config.host },
      'no LEADFLOW_API_TOKENS configured: the API runs open (loopback only)',
    );
  const registry = createRegistry('query');
  const store = await getPostgresEventStore({
    connectionString: config.databaseUrl,
    onIdleConnectionError: logDroppedConnection(logger),
  });
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
  });
  const readSide = await startReadSide({
    app,
    store,
    tokens: config.apiTokens,
    logger,
    registry,
    baseSchema: process.env['LEADFLOW_READ_SCHEMA'] ?? DEFAULT_READ_SCHEMA,
    runProjection: process.env['LEADFLOW_PROJECTIONS'] !== 'off',
  });
  readiness.push(readSide.readiness);
  await app.listen({ host: config.host, port: config.port });
  logger.info({ host: config.host, port: config.port }, 'query listening');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app.close();
    await readSide.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

main().catch((error: unknown) => {
  process.stderr.write(`query: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
