import { loadConfigOrExit, type Config } from '@leadflow/config';
import { DataDirLockedError } from '@leadflow/eventstore';
import { createLogger } from '@leadflow/observability';
import {
  CUSTOMERS_PROJECTION,
  createProgressBar,
  createProjectionRunner,
  ensureReadModel,
  measureLag,
  rebuildProjection,
  type ReadModelLocation,
} from '@leadflow/projections';
import { isMasterKeyProblem } from '@leadflow/privacy';
import { openConfiguredStore } from '@leadflow/publisher';
import { runExport } from './commands/export';
import { PRIVACY_USAGE, runPrivacy } from './commands/privacy';
import { runReplay } from './commands/replay';
import { runSimulate } from './commands/simulate';

const USAGE = `usage: pnpm leadflow projections <command>
  run                 run the projection runner (no HTTP) until SIGTERM
  rebuild [name]      rebuild the read models into a new schema from position 0, then switch atomically
  status              the live schema, checkpoint and lag
projections: ${CUSTOMERS_PROJECTION} (the only one: every read table of the API)
       pnpm leadflow replay <module.ts> [--from ISO] [--until ISO]   (see docs/analytics.md)
       pnpm leadflow simulate [--first-contact-hours N] [--nurture-days a,b,c] [--from ISO] [--until ISO]
${PRIVACY_USAGE}`;

const fail = (message: string, code = 2): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

/** `pnpm leadflow projections run|rebuild [name]|status`, configured by the same environment as the server. */
const main = async (args: ReadonlyArray<string>) => {
  const [group, command, name] = args;
  if (group === 'export')
    return runExport(args.slice(1), {
      config: () => loadConfigOrExit('leadflow'),
      logger: (config) => createLogger('leadflow-cli', config.logLevel),
      openStore: openConfiguredStore,
      fail,
    });
  const analyticsDeps = {
    config: () => loadConfigOrExit('leadflow'),
    logger: (config: Config) => createLogger('leadflow-cli', config.logLevel),
    openStore: openConfiguredStore,
    fail,
  };
  if (group === 'replay') return runReplay(args.slice(1), analyticsDeps);
  if (group === 'simulate') return runSimulate(args.slice(1), analyticsDeps);
  if (group === 'privacy') return runPrivacy(args.slice(1), analyticsDeps);
  if (group !== 'projections' || command === undefined) return fail(USAGE);
  if (name !== undefined && name !== CUSTOMERS_PROJECTION && name !== 'all')
    return fail(`unknown projection "${name}"\n${USAGE}`);
  const config = loadConfigOrExit('leadflow');
  const logger = createLogger('leadflow-cli', config.logLevel);
  const store = await openConfiguredStore(config, logger);
  const location: ReadModelLocation = { base: config.readSchema, name: CUSTOMERS_PROJECTION };
  if (command === 'run') {
    const runner = createProjectionRunner({ store, location, logger, batchSize: config.projectionBatch });
    await runner.start();
    const stop = async () => {
      await runner.stop();
      await store.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop());
    process.once('SIGINT', () => void stop());
    return;
  }
  if (command === 'rebuild') {
    let bar: ReturnType<typeof createProgressBar> | undefined;
    const result = await rebuildProjection({
      store,
      location,
      onProgress: (done, total) => {
        bar ??= createProgressBar(total);
        bar.update(done);
      },
    });
    bar?.finish(result.events);
    process.stdout.write(
      `rebuilt ${location.name} into ${result.schema} (was ${result.previous}): ${result.events} events in ` +
        `${result.seconds.toFixed(1)}s, ${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s\n`,
    );
  } else if (command === 'status') {
    const live = await ensureReadModel(store.executor, location);
    const lag = await measureLag(store, live, location.name);
    process.stdout.write(`${JSON.stringify({ projection: location.name, liveSchema: live, ...lag })}\n`);
  } else {
    fail(USAGE);
  }
  await store.close();
};

main(process.argv.slice(2)).catch((error: unknown) =>
  fail(
    `leadflow: ${error instanceof DataDirLockedError || isMasterKeyProblem(error) ? error.message : ((error as Error).stack ?? String(error))}`,
    1,
  ),
);
