import { randomBytes } from 'node:crypto';
import globalTeardown from './globalTeardown';
import { resolveKafka, type KafkaServer } from './kafkaServer';
import { resolveKurrentDb, type KurrentServer } from './kurrentdb';
import { createRunDatabase, resolvePostgres, type PostgresServer } from './postgres';

/** What the global setup started, kept for the global teardown (jest runs both in one process). */
export interface TestInfra {
  postgres?: PostgresServer;
  runDatabase?: string;
  kafka?: KafkaServer;
  kurrent?: KurrentServer;
}

declare global {
  var __leadflowInfra: TestInfra | undefined;
}

const say = (line: string) => process.stdout.write(`[infra] ${line}\n`);

/**
 * Resolves every server the integration tests use, once per run, and hands their addresses to the
 * test workers through the environment: DATABASE_URL (a database of this run's own), KAFKA_BROKERS,
 * ESDB_CONNECTION_STRING (unset when KurrentDB tests are skipped), LEADFLOW_MASTER_KEY.
 */
export default async function globalSetup(): Promise<void> {
  const infra: TestInfra = {};
  globalThis.__leadflowInfra = infra;
  process.stdout.write('\n');
  const [postgres, kafka, kurrent] = await Promise.allSettled([
    resolvePostgres(),
    resolveKafka(say),
    resolveKurrentDb(),
  ]);
  if (postgres.status === 'fulfilled') infra.postgres = postgres.value;
  if (kafka.status === 'fulfilled') infra.kafka = kafka.value;
  if (kurrent.status === 'fulfilled') infra.kurrent = kurrent.value;
  const failures = [postgres, kafka, kurrent].filter(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (failures.length > 0) {
    await globalTeardown();
    throw new Error(failures.map((f) => (f.reason as Error).message).join('\n'));
  }

  const pg = infra.postgres!;
  const db = await createRunDatabase(pg.adminUrl);
  infra.runDatabase = db.name;
  process.env.DATABASE_URL = db.url;
  say(`PostgreSQL from ${pg.origin}, run database ${db.name}`);

  process.env.KAFKA_BROKERS = infra.kafka!.brokers;
  process.env.LEADFLOW_TEST_KAFKA_ORIGIN = infra.kafka!.origin;
  say(`Kafka ${infra.kafka!.brokers} from ${infra.kafka!.origin}`);

  // One master key for the run, as one deployment's processes share theirs: every service and CLI a
  // test starts on PostgreSQL inherits it (a test about keys passes its own).
  process.env.LEADFLOW_MASTER_KEY ??= randomBytes(32).toString('base64');

  const k = infra.kurrent!;
  if (k.kind === 'available') {
    process.env.ESDB_CONNECTION_STRING = k.connectionString;
    say(`KurrentDB ${k.connectionString} from ${k.origin}`);
  } else {
    delete process.env.ESDB_CONNECTION_STRING;
    say(`KurrentDB tests SKIPPED: ${k.reason}`);
  }
}
