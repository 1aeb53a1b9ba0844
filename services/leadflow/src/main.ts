import { bindsLoopback, kafkaName, loadConfigOrExit } from '@leadflow/config';
import { Topics, dlqTopic } from '@leadflow/contracts';
import { DataDirLockedError, isConnectionError } from '@leadflow/eventstore';
import { buildHttpApp, serverOptionsOf, type ReadinessCheck } from '@leadflow/http';
import { ingestBodyLimit, ingestRoutes, leadWriterMetrics, startRawLeadConsumer } from '@leadflow/ingest';
import { createLeadWriter } from '@leadflow/ingestion';
import { createKafka, ensureTopics, producerOptions } from '@leadflow/kafka';
import { createLogger, createRegistry } from '@leadflow/observability';
import { startFollowUpsComponent } from './components/followups';
import { startQueryComponent } from './components/query';
import { openWriteSide } from './openWriteSide';

/**
 * The leadflow process. Embedded default (`pnpm start`): PGlite under LEADFLOW_DATA_DIR, the
 * in-process bus, HTTP on 127.0.0.1:8080. With LEADFLOW_EVENTSTORE=postgres and LEADFLOW_BUS=kafka
 * the same process runs against the full stack (and consumes leads.raw).
 */
const main = async () => {
  const config = loadConfigOrExit('leadflow');
  const logger = createLogger('leadflow', config.logLevel);
  if (config.apiTokens.length === 0 && bindsLoopback(config)) {
    logger.warn(
      { host: config.host },
      'no LEADFLOW_API_TOKENS configured: the API runs open (loopback only)',
    );
  }
  const registry = createRegistry('leadflow');
  const opened = await openWriteSide(config, logger);
  const store = opened.store;
  const writer = createLeadWriter({
    writeSide: opened.writeSide,
    rejected: opened.rejected,
    maxLeadBytes: config.maxLeadBytes,
    dedupWindowSeconds: config.dedupWindowSeconds,
    metrics: leadWriterMetrics(registry),
    logger,
    onCommitted: opened.onCommitted,
  });

  let kafkaReady = config.bus !== 'kafka';
  const closers: Array<() => Promise<void>> = [];
  // The in-process bus is no Kafka: naming its check `kafka` would send an operator looking for a broker.
  const busCheck = config.bus === 'kafka' ? 'kafka' : 'bus';
  const readiness: ReadinessCheck[] = [
    ...opened.readiness,
    { name: busCheck, check: async () => kafkaReady },
  ];
  const app = await buildHttpApp({
    service: 'leadflow',
    version: '0.1.0',
    logger,
    registry,
    readiness,
    bodyLimit: ingestBodyLimit(config),
    unavailable: isConnectionError,
    ...serverOptionsOf(config),
  });
  await ingestRoutes(app, { config, writer, queries: opened.queries });
  const followUps = await startFollowUpsComponent({ app, config, store, logger });
  readiness.push({ name: 'followups', check: async () => followUps.ready() });
  const query = await startQueryComponent({ app, config, store, logger, registry });
  readiness.push(query.readiness);

  if (config.bus === 'kafka') {
    const kafka = createKafka('leadflow', config.kafkaBrokers, logger);
    const raw = kafkaName(config, Topics.raw);
    await ensureTopics(
      kafka,
      [raw, dlqTopic(raw)],
      config.kafkaTopicPartitions,
      config.kafkaReplicationFactor,
    );
    const producer = kafka.producer(producerOptions());
    await producer.connect();
    const consumer = await startRawLeadConsumer({
      kafka,
      producer,
      writer,
      logger,
      topic: raw,
      dlqTopic: dlqTopic(raw),
      groupId: kafkaName(config, 'leadflow-ingest'),
      onReadiness: (ready) => (kafkaReady = ready),
    });
    closers.push(async () => {
      await consumer.disconnect();
      await producer.disconnect();
    });
  }

  await app.listen({ host: config.host, port: config.port });
  logger.info(
    { host: config.host, port: config.port, eventStore: config.eventStore, bus: config.bus },
    'leadflow listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.close();
    await followUps.close().catch((err: unknown) => logger.error({ err }, 'follow-ups close failed'));
    await query.close().catch((err: unknown) => logger.error({ err }, 'query close failed'));
    for (const close of closers) await close().catch((err: unknown) => logger.error({ err }, 'close failed'));
    await opened.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
};

main().catch((error: unknown) => {
  // A data directory in use is an operator's situation, not a bug: the message alone says what to do.
  const text =
    error instanceof DataDirLockedError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`leadflow: failed to start: ${text}\n`);
  process.exit(1);
});
