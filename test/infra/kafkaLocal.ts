import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureKafkaJars, KAFKA_VERSION } from './kafkaJars';
import { freePort } from './freePort';
import { waitForKafka } from './kafkaReady';

/** A broker started from the Apache Kafka jars: where to reach it and how to stop it. */
export interface LocalKafka {
  brokers: string;
  pid: number;
  dir: string;
  stop: () => Promise<void>;
}

const serverProperties = (
  dir: string,
  port: number,
  controllerPort: number,
) => `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${path.join(dir, 'data')}
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=2
log.flush.interval.messages=1000000
`;

// Everything to stderr, so tool output on stdout stays clean and the log file gets it all.
const log4jProperties = `log4j.rootLogger=WARN, stderr
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
`;

// Tests start brokers often and load them briefly: the C1 compiler alone starts fastest. A broker
// under sustained load (benchmarks) does better with the full JIT (`{ fullJit: true }`).
const jvmFlags = (fullJit: boolean) => [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  ...(fullJit ? [] : ['-XX:TieredStopAtLevel=1']),
  '-Djava.awt.headless=true',
];

/** Kafka's Uuid.toString(): 16 random bytes, base64url without padding; like Kafka, never one starting with '-' (it reads as a flag). */
const randomClusterId = (): string => {
  const id = randomBytes(16).toString('base64url');
  return id.startsWith('-') ? randomClusterId() : id;
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitForExit = async (pid: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !isAlive(pid);
};

/** Stops the broker by its pid (SIGTERM, then SIGKILL after a grace period) and removes its temp dir. */
export const stopLocalKafka = async (pid: number, dir: string): Promise<void> => {
  if (isAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  rmSync(dir, { recursive: true, force: true });
};

/**
 * Fetches the jars if needed, formats KRaft storage in a fresh temp dir and starts one combined
 * broker/controller on free loopback ports; resolves once a metadata request answers.
 * A detached watchdog stops the broker and removes the dir if the owning process dies first.
 */
export const startLocalKafka = async (
  log: (line: string) => void = () => {},
  options: { fullJit?: boolean } = {},
): Promise<LocalKafka> => {
  const libs = ensureKafkaJars(KAFKA_VERSION, log);
  const classpath = path.join(libs, '*');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadflow-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'server.properties');
  const log4j = path.join(dir, 'log4j.properties');
  writeFileSync(config, serverProperties(dir, port, controllerPort));
  writeFileSync(log4j, log4jProperties);
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java';
  const jvm = [...jvmFlags(options.fullJit ?? false), `-Dlog4j.configuration=file:${log4j}`, '-cp', classpath];

  const format = spawnSync(
    java,
    [
      ...jvm,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      randomClusterId(),
      '-c',
      config,
      '--ignore-formatted',
    ],
    { encoding: 'utf8' },
  );
  if (format.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `formatting KRaft storage failed: ${format.error?.message ?? ''}${format.stderr.slice(-2000)}`,
    );
  }

  const logFile = path.join(dir, 'broker.log');
  const out = openSync(logFile, 'a');
  const broker = spawn(java, [...jvm, 'kafka.Kafka', config], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  broker.unref();
  const pid = broker.pid;
  if (pid === undefined) throw new Error('could not start the Kafka broker (no pid)');

  const watchdog = spawn(
    process.execPath,
    [path.join(__dirname, 'kafkaWatchdog.js'), String(process.pid), String(pid), dir],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  watchdog.unref();

  const brokers = `127.0.0.1:${port}`;
  let exited = false;
  broker.once('exit', () => (exited = true));
  try {
    await waitForKafka(brokers, 120_000, () => exited);
  } catch (error) {
    const tail = readFileSync(logFile, 'utf8').slice(-3000);
    await stopLocalKafka(pid, dir);
    if (watchdog.pid) process.kill(watchdog.pid, 'SIGTERM');
    throw new Error(`the local Kafka broker did not become ready: ${(error as Error).message}\n${tail}`);
  }
  log(`Kafka ${KAFKA_VERSION} broker (pid ${pid}) ready on ${brokers}`);
  return {
    brokers,
    pid,
    dir,
    stop: async () => {
      await stopLocalKafka(pid, dir);
      if (watchdog.pid && isAlive(watchdog.pid)) process.kill(watchdog.pid, 'SIGTERM');
    },
  };
};
