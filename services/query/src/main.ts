import { loadConfigOrExit } from '@leadflow/config';
import { consoleRoutes } from '@leadflow/console';
import { createLogger } from '@leadflow/observability';
import { isMasterKeyProblem } from '@leadflow/privacy';
import { queryRequirements, startQueryService } from './queryService';

/**
 * The query service of the full stack: the read API over PostgreSQL and, unless
 * LEADFLOW_PROJECTIONS=off, the projection runner that keeps the read models current.
 */
const main = async () => {
  const config = loadConfigOrExit('query', queryRequirements);
  const logger = createLogger('query', config.logLevel);
  const service = await startQueryService(config, { logger, routes: consoleRoutes });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await service.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

main().catch((error: unknown) => {
  const text = isMasterKeyProblem(error) ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`query: failed to start: ${text}\n`);
  process.exit(1);
});
