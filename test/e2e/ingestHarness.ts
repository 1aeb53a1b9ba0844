import { createScratchDatabase, startService, type ScratchDatabase, type ServiceProcess } from '../infra';

/** A leadflow process on PostgreSQL (a database of its own) and the real Kafka broker, for one test file. */
export interface IngestHarness {
  service: ServiceProcess;
  db: ScratchDatabase;
  topicPrefix: string;
  post(
    path: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: unknown; contentType: string }>;
  get(path: string): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

/** Starts `services/leadflow` with LEADFLOW_EVENTSTORE=postgres and LEADFLOW_BUS=kafka, topics under a fresh prefix. */
export const startIngestHarness = async (
  label: string,
  env: Record<string, string> = {},
): Promise<IngestHarness> => {
  const db = await createScratchDatabase(label);
  const topicPrefix = `${label}-${Date.now().toString(36)}.`;
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  if (!kafkaBrokers) throw new Error('KAFKA_BROKERS is not set: run through `pnpm test`');
  let service: ServiceProcess;
  try {
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: db.url,
      LEADFLOW_BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers,
      LEADFLOW_KAFKA_TOPIC_PREFIX: topicPrefix,
      LEADFLOW_KAFKA_PARTITIONS: '3',
      ...env,
    });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(
        `${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
      );
    }
    return { status: response.status, json, contentType: response.headers.get('content-type') ?? '' };
  };
  const get = async (path: string) => {
    const response = await fetch(`${service.url}${path}`);
    return { status: response.status, json: (await response.json()) as unknown };
  };
  return {
    service,
    db,
    topicPrefix,
    post,
    get,
    stop: async () => {
      await service.stop();
      await db.drop();
    },
  };
};
