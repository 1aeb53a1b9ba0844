import { defaultFollowUpConfig, simulatePolicy, type FollowUpConfig } from '@leadflow/analytics';
import {
  instantOption,
  openStoreForAnalytics,
  parseOptions,
  toJson,
  type AnalyticsCommandDeps,
} from './storeForAnalytics';

export const SIMULATE_USAGE = `usage: pnpm leadflow simulate [--first-contact-hours N] [--trial-check-in-hours N]
                              [--re-engaged-hours N] [--nurture-days a,b,c] [--from ISO] [--until ISO]
  Replays the stored leads through the follow-up policy with these settings (the others stay as today:
  first contact and trial check-in ${defaultFollowUpConfig.firstContactDelayHours} h, nurture days ${defaultFollowUpConfig.nurtureDays.join(',')}) and prints, as JSON,
  the tasks that would have opened per kind and how many would have been overdue given the real
  completion times. --from / --until bound the tasks counted (by scheduling time).
  Reads the event store directly: on the embedded default, stop the server first (or use PostgreSQL).`;

const positiveNumber = (name: string, value: string): number | Error => {
  const n = Number(value);
  return /^[0-9]+(\.[0-9]+)?$/.test(value) && n > 0
    ? n
    : new Error(`--${name} must be a positive number, got ${value}`);
};

/** The simulated settings: today's, with each given flag replacing its value. */
export const simulatedConfig = (options: Record<string, string>): FollowUpConfig | Error => {
  const hours = (name: string, fallback: number) => {
    const value = options[name];
    return value === undefined ? fallback : positiveNumber(name, value);
  };
  const firstContact = hours('first-contact-hours', defaultFollowUpConfig.firstContactDelayHours);
  const trial = hours('trial-check-in-hours', defaultFollowUpConfig.trialCheckInDelayHours);
  const reEngaged = hours('re-engaged-hours', defaultFollowUpConfig.reEngagedDelayHours);
  const nurture =
    options['nurture-days'] === undefined
      ? [...defaultFollowUpConfig.nurtureDays]
      : options['nurture-days'].split(',').map((d) => positiveNumber('nurture-days', d.trim()));
  const bad = [firstContact, trial, reEngaged, ...nurture].find((v) => v instanceof Error);
  if (bad instanceof Error) return bad;
  const days = nurture as number[];
  if (days.some((d, i) => i > 0 && d <= days[i - 1]!)) return new Error('--nurture-days must increase');
  return {
    firstContactDelayHours: firstContact as number,
    trialCheckInDelayHours: trial as number,
    reEngagedDelayHours: reEngaged as number,
    nurtureDays: days,
  };
};

/** `pnpm leadflow simulate …`: the simulation's report on stdout. */
export const runSimulate = async (args: ReadonlyArray<string>, deps: AnalyticsCommandDeps): Promise<void> => {
  const parsed = parseOptions(args, [
    'first-contact-hours',
    'trial-check-in-hours',
    're-engaged-hours',
    'nurture-days',
    'from',
    'until',
  ]);
  if (typeof parsed === 'string') return deps.fail(`${parsed}\n${SIMULATE_USAGE}`);
  if (parsed.positional.length > 0) return deps.fail(SIMULATE_USAGE);
  const config = simulatedConfig(parsed.options);
  if (config instanceof Error) return deps.fail(`${config.message}\n${SIMULATE_USAGE}`);
  const from = instantOption('from', parsed.options['from']);
  const until = instantOption('until', parsed.options['until']);
  for (const value of [from, until]) if (value instanceof Error) return deps.fail(value.message);
  const store = await openStoreForAnalytics('simulate', deps);
  try {
    const { report } = await simulatePolicy({
      store,
      config,
      ...(typeof from === 'string' ? { from } : {}),
      ...(typeof until === 'string' ? { until } : {}),
    });
    process.stdout.write(`${toJson(report)}\n`);
  } finally {
    await store.close();
  }
};
