import { createScratchDatabase, startService, type ScratchDatabase, type ServiceProcess } from '../infra';

/** The four leadflow processes of docker-compose.yml, by the name compose gives them. */
export const STACK_SERVICES = {
  leadflow: 'services/leadflow/src/main.ts',
  publisher: 'services/publisher/src/main.ts',
  followups: 'services/followups/src/main.ts',
  query: 'services/query/src/main.ts',
} as const;
export type StackServiceName = keyof typeof STACK_SERVICES;

/** How a process ended after SIGTERM, with what it wrote (for the failure message). */
export interface ExitReport {
  readonly name: StackServiceName;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

export interface FullStack {
  readonly db: ScratchDatabase;
  readonly topicPrefix: string;
  readonly services: Readonly<Record<StackServiceName, ServiceProcess>>;
  /** POST to the leadflow process (ingest). */
  ingest(
    path: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: unknown }>;
  /** GET from the query service (the read API). */
  read(path: string): Promise<{ status: number; json: unknown }>;
  /** SIGTERM to every process at once; resolves with how each exited. Idempotent. */
  stop(): Promise<ExitReport[]>;
}

const request = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown = text;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    // kept as text: a non-JSON answer is itself worth showing in a failure
  }
  return { status: response.status, json };
};

/**
 * Starts leadflow (HTTP ingest only: follow-ups and projections switched off in-process), publisher,
 * followups and query as separate processes, all at once as `docker compose up` does, on a scratch
 * database and topics under a fresh prefix of the run's broker. Every process must answer `/readyz`.
 */
export const startFullStack = async (label: string): Promise<FullStack> => {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run through jest (the global setup sets it)');
  const db = await createScratchDatabase(label);
  const topicPrefix = `${label}-${Date.now().toString(36)}.`;
  const store: Record<string, string> = {
    LEADFLOW_EVENTSTORE: 'postgres',
    DATABASE_URL: db.url,
    LEADFLOW_BUS: 'kafka',
    KAFKA_BROKERS: brokers,
    LEADFLOW_KAFKA_TOPIC_PREFIX: topicPrefix,
    LEADFLOW_KAFKA_PARTITIONS: '3',
  };
  const only: Record<StackServiceName, Record<string, string>> = {
    leadflow: { LEADFLOW_FOLLOWUPS_IN_PROCESS: 'false', LEADFLOW_PROJECTIONS: 'off' },
    publisher: {},
    followups: {},
    query: {},
  };
  const names = Object.keys(STACK_SERVICES) as StackServiceName[];
  const settled = await Promise.allSettled(
    names.map((name) =>
      startService(STACK_SERVICES[name], { ...store, ...only[name] }, { readyTimeoutMs: 90_000 }),
    ),
  );
  const failed = settled.flatMap((r, i) =>
    r.status === 'rejected' ? [`${names[i]}: ${(r.reason as Error).message}`] : [],
  );
  if (failed.length > 0) {
    await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? r.value.kill() : undefined)));
    await db.drop().catch(() => undefined);
    throw new Error(`the stack did not start:\n${failed.join('\n\n')}`);
  }
  const services = Object.fromEntries(
    names.map((name, i) => [name, (settled[i] as PromiseFulfilledResult<ServiceProcess>).value]),
  ) as Record<StackServiceName, ServiceProcess>;

  let stopped: Promise<ExitReport[]> | undefined;
  return {
    db,
    topicPrefix,
    services,
    ingest: (path, body, headers = {}) =>
      request(`${services.leadflow.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      }),
    read: (path) => request(`${services.query.url}${path}`),
    stop: () =>
      (stopped ??= (async () => {
        await Promise.all(names.map((name) => services[name].stop(15_000)));
        await db.drop().catch(() => undefined);
        return names.map((name) => ({
          name,
          code: services[name].child.exitCode,
          signal: services[name].child.signalCode,
          output: services[name].output(),
        }));
      })()),
  };
};
