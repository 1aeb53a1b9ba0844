import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, startService } from '../infra';

/** Runs `entry` to its end (or kills it after `timeoutMs`): exit code, output and how long it took. */
const runToExit = async (args: string[], env: Record<string, string>, timeoutMs = 30_000) => {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output, ms: Date.now() - started };
};

const lead = (i: number) =>
  JSON.stringify({
    UserDetails: {
      FirstName: `Grace${i}`,
      LastName: 'Hopper',
      Email: `grace${i}@contoso.com`,
      Country: 'US',
    },
    LeadSource: 'AppSource (SPZA)-PLT | contoso.cobol-suite',
  });

// Two processes on one embedded store would each write over the other's files: the second must refuse.
describe('the data directory lock of the embedded store', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadflow-lock-'));
  const env = {
    LEADFLOW_DATA_DIR: dataDir,
    LEADFLOW_EVENTSTORE: 'pglite',
    LEADFLOW_BUS: 'memory',
    DATABASE_URL: '',
    KAFKA_BROKERS: '',
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second server and the CLI while one runs, and a crashed holder is taken over', async () => {
    // Given a server on the data dir that acknowledged leads
    const first = await startService('services/leadflow/src/main.ts', env, { readyTimeoutMs: 120_000 });
    const acknowledged: string[] = [];
    try {
      for (let i = 0; i < 20; i += 1) {
        const answer = await fetch(`${first.url}/v1/leads`, {
          method: 'POST',
          body: lead(i),
          headers: { 'content-type': 'application/json' },
        });
        expect(answer.status).toBe(202);
        acknowledged.push(((await answer.json()) as { leadId: string }).leadId);
      }

      // When a second server starts on the same directory
      const second = await runToExit(['services/leadflow/src/main.ts'], {
        ...env,
        LEADFLOW_HOST: '127.0.0.1',
        LEADFLOW_PORT: String(await freePort()),
      });
      // Then it exits at once, non-zero, naming the directory and the holder
      expect(second.code).not.toBe(0);
      expect(second.code).not.toBeNull();
      expect(second.output).toContain(path.join(dataDir, 'pglite'));
      expect(second.output).toContain(`pid ${first.child.pid}`);
      expect(second.ms).toBeLessThan(20_000);

      // And the CLI says the same
      const cli = await runToExit(['services/leadflow/src/cli.ts', 'projections', 'status'], env);
      expect(cli.code).not.toBe(0);
      expect(cli.output).toContain(`pid ${first.child.pid}`);
      expect(cli.output).toContain(path.join(dataDir, 'pglite'));
      // the first server is unharmed
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    } finally {
      // When the holder dies without releasing its lock
      await first.kill();
    }

    // Then a new server takes the stale lock over, and every lead the first acknowledged is there
    const third = await startService('services/leadflow/src/main.ts', env, { readyTimeoutMs: 120_000 });
    try {
      for (const leadId of acknowledged)
        expect((await fetch(`${third.url}/v1/leads/${leadId}`)).status).toBe(200);
    } finally {
      await third.stop();
    }

    // And after an orderly stop the lock is released: the CLI runs
    const after = await runToExit(['services/leadflow/src/cli.ts', 'projections', 'status'], env, 120_000);
    expect(after.output).not.toContain('in use by another leadflow process');
    expect(after.code).toBe(0);
  }, 300_000);
});
