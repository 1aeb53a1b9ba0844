import { counter, gauge, type Registry } from '@leadflow/observability';

/** The runner's Prometheus metrics. */
export interface RunnerMetrics {
  readonly applied: { inc(value?: number): void };
  readonly parked: { inc(value?: number): void };
  readonly lagEvents: { set(value: number): void };
  readonly lagSeconds: { set(value: number): void };
}

/** Registers the projection metrics (labelled by projection name) on a registry. */
export const runnerMetrics = (registry: Registry, name: string): RunnerMetrics => {
  const applied = counter(registry, 'projection_events_applied_total', 'Events applied to read models', [
    'projection',
  ]);
  const parked = counter(registry, 'projection_dead_letters_total', 'Events parked as dead letters', [
    'projection',
  ]);
  const lagEvents = gauge(registry, 'projection_lag_events', 'Events in the log not yet applied', [
    'projection',
  ]);
  const lagSeconds = gauge(registry, 'projection_lag_seconds', 'Age of the oldest event not yet applied', [
    'projection',
  ]);
  const labels = { projection: name };
  return {
    applied: { inc: (v = 1) => applied.inc(labels, v) },
    parked: { inc: (v = 1) => parked.inc(labels, v) },
    lagEvents: { set: (v) => lagEvents.set(labels, v) },
    lagSeconds: { set: (v) => lagSeconds.set(labels, v) },
  };
};

/** Metrics that go nowhere (CLI, tests). */
export const noRunnerMetrics: RunnerMetrics = {
  applied: { inc: () => undefined },
  parked: { inc: () => undefined },
  lagEvents: { set: () => undefined },
  lagSeconds: { set: () => undefined },
};
