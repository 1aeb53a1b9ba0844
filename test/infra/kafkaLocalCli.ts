// `pnpm kafka:local fetch` downloads the broker jars into .cache/kafka (once);
// `pnpm kafka:local` starts a broker on free loopback ports and runs it until Ctrl-C.
import { ensureKafkaJars, KAFKA_VERSION } from './kafkaJars';
import { startLocalKafka } from './kafkaLocal';

const main = async () => {
  const say = (line: string) => console.log(line);
  if (process.argv[2] === 'fetch') {
    console.log(`Kafka ${KAFKA_VERSION} jars in ${ensureKafkaJars(KAFKA_VERSION, say)}`);
    return;
  }
  const kafka = await startLocalKafka(say);
  console.log(`KAFKA_BROKERS=${kafka.brokers}  (Ctrl-C stops the broker and removes ${kafka.dir})`);
  // The broker is a child process: without a handle of our own Node would exit here, and the
  // watchdog would then stop the broker as an orphan. This timer keeps the CLI alive until a signal.
  const keepAlive = setInterval(() => undefined, 60_000);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(keepAlive);
    void kafka.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
