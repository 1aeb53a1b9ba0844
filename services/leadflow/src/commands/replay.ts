import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { replay, type Projection, type ReplayFilter } from '@leadflow/analytics';
import {
  instantOption,
  openStoreForAnalytics,
  parseOptions,
  toJson,
  type AnalyticsCommandDeps,
} from './storeForAnalytics';

export const REPLAY_USAGE = `usage: pnpm leadflow replay <module.ts> [--from ISO] [--until ISO]
  Replays the customer events of the log (decoded, upcast, in log order) through the projection the
  module exports (default export, or \`projection\`): {init(), apply(state, event), result(state)},
  and prints result(state) as JSON. The module may also export \`replayOptions\` ({from, until, filter});
  --from / --until (recorded time, both inclusive) override its window.
  Reads the event store directly: on the embedded default, stop the server first (or use PostgreSQL).`;

interface ProjectionModule {
  readonly default?: unknown;
  readonly projection?: unknown;
  readonly replayOptions?: { from?: string; until?: string; filter?: ReplayFilter };
}

const isProjection = (value: unknown): value is Projection<unknown, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  ['init', 'apply', 'result'].every((k) => typeof (value as Record<string, unknown>)[k] === 'function');

/** Loads a projection module (TypeScript runs as is: the CLI runs under tsx). */
export const loadProjectionModule = async (
  file: string,
): Promise<
  { projection: Projection<unknown, unknown>; options: ProjectionModule['replayOptions'] } | string
> => {
  const loaded = (await import(pathToFileURL(path.resolve(file)).href)) as ProjectionModule;
  // A CommonJS build of the module nests its exports under `default`.
  const nested = loaded.default as ProjectionModule | undefined;
  const candidate = [loaded.projection, loaded.default, nested?.projection, nested?.default].find(
    isProjection,
  );
  if (candidate === undefined)
    return `${file} exports no projection: export default {init(), apply(state, event), result(state)}`;
  return { projection: candidate, options: loaded.replayOptions ?? nested?.replayOptions };
};

/** `pnpm leadflow replay <module.ts> [--from] [--until]`: the projection's result on stdout, a summary on stderr. */
export const runReplay = async (args: ReadonlyArray<string>, deps: AnalyticsCommandDeps): Promise<void> => {
  const parsed = parseOptions(args, ['from', 'until']);
  if (typeof parsed === 'string') return deps.fail(`${parsed}\n${REPLAY_USAGE}`);
  const [file, ...extra] = parsed.positional;
  if (file === undefined || extra.length > 0) return deps.fail(REPLAY_USAGE);
  const from = instantOption('from', parsed.options['from']);
  const until = instantOption('until', parsed.options['until']);
  for (const value of [from, until]) if (value instanceof Error) return deps.fail(value.message);
  const loaded = await loadProjectionModule(file);
  if (typeof loaded === 'string') return deps.fail(loaded);
  const store = await openStoreForAnalytics('replay', deps);
  try {
    const started = Date.now();
    const window = {
      from: (from as string | undefined) ?? loaded.options?.from,
      until: (until as string | undefined) ?? loaded.options?.until,
    };
    const outcome = await replay(
      {
        store,
        ...(window.from === undefined ? {} : { from: window.from }),
        ...(window.until === undefined ? {} : { until: window.until }),
        ...(loaded.options?.filter === undefined ? {} : { filter: loaded.options.filter }),
      },
      loaded.projection,
    );
    process.stdout.write(`${toJson(outcome.result)}\n`);
    process.stderr.write(
      `replayed ${outcome.applied} of ${outcome.read} events (${outcome.undecodable} undecodable) up to position ` +
        `${outcome.lastPosition ?? 'none'} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
    );
  } finally {
    await store.close();
  }
};
