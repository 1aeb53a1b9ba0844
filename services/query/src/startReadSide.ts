import type { ApiToken } from '@leadflow/config';
import type { SqlEventStore } from '@leadflow/eventstore';
import type { ReadinessCheck } from '@leadflow/http';
import { counter, type Logger, type Registry } from '@leadflow/observability';
import { createErasureService, startRetentionScanner, type PrivateSqlEventStore } from '@leadflow/privacy';
import {
  CUSTOMERS_PROJECTION,
  createProjectionRunner,
  ensureReadModel,
  liveSchemaCache,
  runnerMetrics,
  type ProjectionRunner,
  type ReadModelLocation,
} from '@leadflow/projections';
import type { FastifyInstance } from 'fastify';
import { queryRoutes } from './queryRoutes';

export interface ReadSideOptions {
  readonly app: FastifyInstance;
  readonly store: SqlEventStore;
  readonly tokens: ReadonlyArray<ApiToken>;
  readonly logger: Logger;
  readonly registry: Registry;
  /** The read models' base schema (`LEADFLOW_READ_SCHEMA`, default `leadflow_read`). */
  readonly baseSchema: string;
  /** Run the projection in this process (default true); false serves reads only. */
  readonly runProjection?: boolean;
  readonly batchSize?: number;
  /** Erase customers idle for this many days (`LEADFLOW_RETENTION_DAYS`); null or absent: never. */
  readonly retentionDays?: number | null;
}

/** The started read side: its readiness check (with the projection lag) and its shutdown. */
export interface ReadSide {
  readonly readiness: ReadinessCheck;
  readonly runner: ProjectionRunner | null;
  close(): Promise<void>;
}

/** Creates the read model if needed, registers the read routes and starts the projection runner. */
export const startReadSide = async (options: ReadSideOptions): Promise<ReadSide> => {
  const location: ReadModelLocation = { base: options.baseSchema, name: CUSTOMERS_PROJECTION };
  await ensureReadModel(options.store.executor, location);
  const store = options.store;
  const erasureCount = counter(
    options.registry,
    'leadflow_personal_data_erasures_total',
    'Customers whose personal data was erased, by reason (request, retention)',
    ['reason'],
  );
  const erasures =
    'vault' in store
      ? createErasureService(store as PrivateSqlEventStore, {
          onErased: (reason) => erasureCount.inc({ reason }),
        })
      : undefined;
  await queryRoutes(options.app, {
    store: options.store,
    tokens: options.tokens,
    schema: liveSchemaCache(options.store.executor, location),
    ...(erasures === undefined ? {} : { erasures }),
  });
  const retention =
    erasures !== undefined && options.retentionDays != null
      ? startRetentionScanner({
          store: store as PrivateSqlEventStore,
          erasures,
          retentionDays: options.retentionDays,
          logger: options.logger,
        })
      : undefined;
  const runner =
    options.runProjection === false
      ? null
      : createProjectionRunner({
          store: options.store,
          location,
          logger: options.logger,
          metrics: runnerMetrics(options.registry, CUSTOMERS_PROJECTION),
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        });
  await runner?.start();
  // Keeps the lag gauges current between scrapes of /readyz.
  const timer = runner ? setInterval(() => void runner.lag().catch(() => undefined), 5000) : undefined;
  timer?.unref();
  return {
    runner,
    readiness: {
      name: 'projections',
      check: async () => {
        if (runner === null) return true;
        const lag = await runner.lag();
        return {
          ready: runner.healthy(),
          detail: { lagEvents: lag.events, lagSeconds: lag.seconds, checkpoint: lag.checkpoint },
        };
      },
    },
    close: async () => {
      if (timer) clearInterval(timer);
      retention?.stop();
      await runner?.stop();
    },
  };
};
