import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot } from './paths';

// `pnpm kafka:local` must keep its broker up until Ctrl-C, then stop it and remove its directory.
// The hold is the operator's view of "still there a while later" (30 s unless told otherwise).
const holdMs = Number(process.env['KAFKA_LOCAL_HOLD_MS'] ?? 30_000);

const waitForLine = (child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> =>
  new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kafka:local exited (${code}) before printing the broker address:\n${seen}`));
    });
  });

const exited = (child: ChildProcess, timeoutMs: number): Promise<number | null> =>
  new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(
      () => reject(new Error(`kafka:local still running ${timeoutMs} ms after SIGINT`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });

describe('pnpm kafka:local', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it(
    'keeps the broker usable until Ctrl-C, then stops it and removes its directory',
    async () => {
      // Given the CLI started as an operator would
      child = spawn(process.execPath, ['--import', 'tsx', 'test/infra/kafkaLocalCli.ts'], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const [, brokers, dir] = await waitForLine(child, /KAFKA_BROKERS=(\S+) .*removes (\S+?)\)/, 180_000);

      // When the hold has passed, a client can still create a topic
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      expect(child.exitCode).toBeNull();
      const admin = new Kafka({
        clientId: 'kafka-local-cli-test',
        brokers: [brokers!],
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        const created = await admin.createTopics({
          topics: [{ topic: 'kafka-local-cli-check', numPartitions: 1, replicationFactor: 1 }],
          waitForLeaders: true,
        });
        expect(created).toBe(true);
      } finally {
        await admin.disconnect();
      }

      // Then Ctrl-C stops the CLI cleanly and its directory is gone
      expect(existsSync(dir!)).toBe(true);
      child.kill('SIGINT');
      expect(await exited(child, 30_000)).toBe(0);
      expect(existsSync(dir!)).toBe(false);
    },
    holdMs + 300_000,
  );
});
