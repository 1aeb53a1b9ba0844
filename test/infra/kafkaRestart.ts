import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureKafkaJars, KAFKA_VERSION } from './kafkaJars';
import { waitForKafka } from './kafkaReady';
import { stopLocalKafka, type LocalKafka } from './kafkaLocal';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pid of the watchdog `startLocalKafka` spawned for this broker (found by its arguments in /proc). */
const watchdogOf = (brokerPid: number, dir: string): number | undefined => {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (
        args.some((a) => a.endsWith('kafkaWatchdog.js')) &&
        args.includes(String(brokerPid)) &&
        args.includes(dir)
      )
        return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
};

/**
 * A dedicated local broker that can be stopped and started again on the same data dir and port
 * (broker-restart fault tests). `stop` ends whichever process runs and removes the dir.
 */
export interface RestartableKafka {
  readonly brokers: string;
  /** SIGTERM the running broker and wait until it is gone (the data dir stays). */
  halt(): Promise<void>;
  /** Starts the broker again from its data dir; resolves once a metadata request answers. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Wraps a broker from `startLocalKafka()` so it can be halted and resumed. */
export const restartable = (kafka: LocalKafka): RestartableKafka => {
  let pid = kafka.pid;
  let watchdogPid: number | undefined;
  const halt = async () => {
    if (!isAlive(pid)) return;
    // The watchdog removes the data dir when its broker exits: retire it first (ours replaces it on resume).
    const watchdog = watchdogPid ?? watchdogOf(pid, kafka.dir);
    if (watchdog !== undefined && isAlive(watchdog)) process.kill(watchdog, 'SIGTERM');
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  const resume = async () => {
    const libs = ensureKafkaJars(KAFKA_VERSION, () => {});
    const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java';
    const out = openSync(path.join(kafka.dir, 'broker.log'), 'a');
    const broker = spawn(
      java,
      [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        `-Dlog4j.configuration=file:${path.join(kafka.dir, 'log4j.properties')}`,
        '-cp',
        path.join(libs, '*'),
        'kafka.Kafka',
        path.join(kafka.dir, 'server.properties'),
      ],
      { stdio: ['ignore', out, out], detached: true },
    );
    closeSync(out);
    broker.unref();
    if (broker.pid === undefined) throw new Error('could not restart the broker');
    pid = broker.pid;
    const watchdog = spawn(
      process.execPath,
      [path.join(__dirname, 'kafkaWatchdog.js'), String(process.pid), String(pid), kafka.dir],
      { stdio: 'ignore', detached: true },
    );
    watchdog.unref();
    watchdogPid = watchdog.pid;
    await waitForKafka(kafka.brokers, 120_000, () => !isAlive(pid));
  };
  return {
    brokers: kafka.brokers,
    halt,
    resume,
    stop: async () => {
      await kafka.stop();
      await stopLocalKafka(pid, kafka.dir);
      if (watchdogPid !== undefined && isAlive(watchdogPid)) process.kill(watchdogPid, 'SIGTERM');
    },
  };
};
