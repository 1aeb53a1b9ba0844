import type { Config } from '@leadflow/config';
import { DataDirLockedError, type SqlEventStore } from '@leadflow/eventstore';
import type { Logger } from '@leadflow/observability';

/** What the analytics commands need from the CLI around them. */
export interface AnalyticsCommandDeps {
  readonly config: () => Config;
  readonly logger: (config: Config) => Logger;
  readonly openStore: (config: Config, logger: Logger) => Promise<SqlEventStore>;
  readonly fail: (message: string, code?: number) => never;
}

/**
 * Opens the configured store for a command that reads it directly. On the embedded default a running
 * server holds the data directory: the command says so and how to run it instead of failing obscurely.
 */
export const openStoreForAnalytics = async (
  command: string,
  deps: AnalyticsCommandDeps,
): Promise<SqlEventStore> => {
  const config = deps.config();
  try {
    return await deps.openStore(config, deps.logger(config));
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    return deps.fail(
      `leadflow ${command}: ${error.message}.\n` +
        `${command} reads the event store directly: stop the server first (it holds the embedded data ` +
        'directory while it runs), or run it against PostgreSQL with LEADFLOW_EVENTSTORE=postgres and ' +
        'DATABASE_URL, which any number of processes can read at once.',
      1,
    );
  }
};

/** Parses `--name value` / `--name=value` options; unknown names and missing values are errors. */
export const parseOptions = (
  args: ReadonlyArray<string>,
  known: ReadonlyArray<string>,
): { positional: string[]; options: Record<string, string> } | string => {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (!known.includes(name)) return `unknown option --${name}`;
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return `--${name} needs a value`;
    options[name] = value;
  }
  return { positional, options };
};

/** An ISO-8601 instant from the command line, normalised to UTC; a message when it is not one. */
export const instantOption = (name: string, value: string | undefined): string | undefined | Error => {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time)
    ? new Error(`--${name} is not an ISO-8601 date or time: ${value}`)
    : new Date(time).toISOString();
};

/** JSON for results that hold Maps, Sets or bigints (common in ad-hoc projections). */
export const toJson = (value: unknown): string =>
  JSON.stringify(
    value,
    (_key, v: unknown) =>
      v instanceof Map
        ? Object.fromEntries(v)
        : v instanceof Set
          ? [...v]
          : typeof v === 'bigint'
            ? v.toString()
            : v,
    2,
  );
