import { bindsLoopback, kafkaName, loadConfigOrExit } from '@leadflow/config';
import { Topics, dlqTopic } from '@leadflow/contracts';
import { DataDirLockedError } from '@leadflow/eventstore';
import { startRawLeadConsumer } from '@leadflow/ingest';
import { createKafka, ensureTopics, producerOptions } from '@leadflow/kafka';
import { createLogger, createRegistry } from '@leadflow/observability';
import { isMasterKeyProblem } from '@leadflow/privacy';
import { buildLeadflowApp } from './leadflowApp';

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
  let kafkaReady = config.bus !== 'kafka';
  const built = await buildLeadflowApp(config, logger, createRegistry('leadflow'), {
    busReady: () => kafkaReady,
  });

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
      writer: built.writer,
      logger,
      topic: raw,
      dlqTopic: dlqTopic(raw),
      groupId: kafkaName(config, 'leadflow-ingest'),
      onReadiness: (ready) => (kafkaReady = ready),
    });
    built.onClose(async () => {
      await consumer.disconnect();
      await producer.disconnect();
    });
  }

  await built.app.listen({ host: config.host, port: config.port });
  logger.info(
    { host: config.host, port: config.port, eventStore: config.eventStore, bus: config.bus },
    'leadflow listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await built.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
};

main().catch((error: unknown) => {
  // A data directory in use is an operator's situation, not a bug: the message alone says what to do.
  const text =
    error instanceof DataDirLockedError || isMasterKeyProblem(error)
      ? error.message
      : ((error as Error).stack ?? String(error));
  process.stderr.write(`leadflow: failed to start: ${text}\n`);
  process.exit(1);
});
