import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './freePort';
import { repoRoot } from './paths';

/** A leadflow service running as a child process on a free loopback port. */
export interface ServiceProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote, for assertions and for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (crash tests). */
  kill(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/**
 * Starts `entry` (a TypeScript file, run by node with the tsx loader in one process, so its pid is
 * the service's) with `env`, and waits until `GET /readyz` answers 200.
 */
export const startService = async (
  entry: string,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; port?: number } = {},
): Promise<ServiceProcess> => {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(repoRoot, entry)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LEADFLOW_HOST: '127.0.0.1',
      LEADFLOW_PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    url,
    port,
    child,
    output: () => out,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited(child);
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${entry} exited with ${child.exitCode} before it was ready:\n${out}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) return service;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await service.kill();
  throw new Error(`${entry} was not ready within the timeout:\n${out}`);
};
