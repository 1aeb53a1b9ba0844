import { type Registry } from '@leadflow/observability';
/** The runner's Prometheus metrics. */
export interface RunnerMetrics {
  readonly applied: {
    inc(value?: number): void;
  };
  readonly parked: {
    inc(value?: number): void;
  };
  readonly lagEvents: {
    set(value: number): void;
  };
  readonly lagSeconds: {
    set(value: number): void;
  };
}
/** Registers the projection metrics (labelled by projection name) on a registry. */
export declare const runnerMetrics: (registry: Registry, name: string) => RunnerMetrics;
/** Metrics that go nowhere (CLI, tests). */
export declare const noRunnerMetrics: RunnerMetrics;
//# sourceMappingURL=runnerMetrics.d.ts.map
