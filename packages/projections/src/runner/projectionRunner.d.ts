import type { SqlEventStore } from '@leadflow/eventstore';
import type { Logger } from '@leadflow/observability';
import { type ReadModelLocation } from '../schema/pointer';
import type { ApplyOptions } from './applyBatch';
import { type ProjectionLag } from './lag';
import { type RetryPolicy } from './retryPolicy';
import { type RunnerMetrics } from './runnerMetrics';
export interface ProjectionRunnerOptions {
  readonly store: SqlEventStore;
  readonly location: ReadModelLocation;
  /** Events per transaction (default 500). */
  readonly batchSize?: number;
  readonly retry?: RetryPolicy;
  readonly beforeApply?: ApplyOptions['beforeApply'];
  readonly logger?: Logger;
  readonly metrics?: RunnerMetrics;
}
/** A running projection: subscribes from its checkpoint, applies batches transactionally, follows rebuild switches. */
export interface ProjectionRunner {
  /** Resolves once the read model exists and the loop is running. */
  start(): Promise<void>;
  stop(): Promise<void>;
  lag(): Promise<ProjectionLag>;
  /** Whether the loop is alive (not stopped, last batch not failing). */
  healthy(): boolean;
}
/** Creates the projection runner of the customer read models. */
export declare const createProjectionRunner: (options: ProjectionRunnerOptions) => ProjectionRunner;
//# sourceMappingURL=projectionRunner.d.ts.map
