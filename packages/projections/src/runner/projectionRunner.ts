import { inBatches, type SqlEventStore } from '@leadflow/eventstore';
import type { Logger } from '@leadflow/observability';
import { ensureReadModel, liveSchemaOf, type ReadModelLocation } from '../schema/pointer';
import type { ApplyOptions } from './applyBatch';
import { applyInTransaction } from './applyInTransaction';
import { readCheckpoint } from './checkpoint';
import { measureLag, type ProjectionLag } from './lag';
import { DEFAULT_RETRY, type RetryPolicy } from './retryPolicy';
import { noRunnerMetrics, type RunnerMetrics } from './runnerMetrics';

export interface ProjectionRunnerOptions {
  readonly store: SqlEventStore;
  readonly location: ReadModelLocation;
  /** Events per transaction (default 500). */
  readonly batchSize?: number;
  /**
   * How long a batch waits for more events after its first (default 20 ms): a steady trickle then
   * costs one transaction per 20 ms instead of one per event; a backlog is never held back.
   */
  readonly lingerMs?: number;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the projection runner of the customer read models. */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { store, location } = options;
  const batchSize = options.batchSize ?? 500;
  const lingerMs = options.lingerMs ?? 20;
  const metrics = options.metrics ?? noRunnerMetrics;
  const apply: ApplyOptions = { retry: options.retry ?? DEFAULT_RETRY, beforeApply: options.beforeApply };
  const abort = new AbortController();
  let loop: Promise<void> | undefined;
  let failing = false;
  let schema = '';

  /** One subscription's life: ends on stop, on a stale checkpoint, on a switch, or by throwing. */
  const runOnce = async (): Promise<void> => {
    schema = (await liveSchemaOf(store.executor, location)) ?? schema;
    let expected = await readCheckpoint(store.executor, schema, location.name);
    const subscription = store.subscribeToAll({
      fromPosition: expected,
      filter: { streamPrefixes: ['customer-'] },
      batchSize,
      signal: abort.signal,
    });
    try {
      for await (const events of inBatches(subscription, batchSize, lingerMs)) {
        const result = await applyInTransaction(store.executor, {
          schema,
          location,
          follow: true,
          expected,
          events,
          options: apply,
        });
        failing = false;
        if (result.kind !== 'applied') {
          options.logger?.info({ projection: location.name, result: result.kind }, 'projection resubscribes');
          return;
        }
        expected = result.position;
        metrics.applied.inc(result.outcome.applied);
        if (result.outcome.parked > 0) {
          metrics.parked.inc(result.outcome.parked);
          options.logger?.warn({ projection: location.name, parked: result.outcome.parked }, 'events parked');
        }
      }
    } finally {
      await subscription.close();
    }
  };

  const run = async (): Promise<void> => {
    let backoff = 100;
    while (!abort.signal.aborted) {
      try {
        await runOnce();
        backoff = 100;
      } catch (error) {
        if (abort.signal.aborted) return;
        failing = true;
        options.logger?.error({ err: error, projection: location.name }, 'projection batch failed; retrying');
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  };

  const lag = async (): Promise<ProjectionLag> => {
    const live = (await liveSchemaOf(store.executor, location)) ?? schema;
    const measured = await measureLag(store, live, location.name);
    metrics.lagEvents.set(measured.events);
    metrics.lagSeconds.set(measured.seconds);
    return measured;
  };

  return {
    start: async () => {
      schema = await ensureReadModel(store.executor, location);
      loop ??= run();
    },
    stop: async () => {
      abort.abort();
      await loop;
    },
    lag,
    healthy: () => loop !== undefined && !abort.signal.aborted && !failing,
  };
};
