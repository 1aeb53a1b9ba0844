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
  const stop = () => void kafka.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
