import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../infra';

/** Every process a deployment starts, with the arguments it is started with. */
const PROCESSES: Record<string, ReadonlyArray<string>> = {
  leadflow: ['services/leadflow/src/main.ts'],
  publisher: ['services/publisher/src/main.ts'],
  followups: ['services/followups/src/main.ts'],
  query: ['services/query/src/main.ts'],
  'leadflow cli': ['services/leadflow/src/cli.ts', 'projections', 'status'],
};

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a process with only `env` (and PATH/HOME) set: the outer environment's LEADFLOW_* stay out. */
const run = (args: ReadonlyArray<string>, env: Record<string, string>): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('configuration at start, in every process', () => {
  it.each(Object.entries(PROCESSES))('%s exits 2 with one line naming the bad value', async (name, args) => {
    const service = name.split(' ')[0]!;
    const result = await run(args, { LEADFLOW_PORT: 'eighty' });
    expect({ code: result.code, stderr: lines(result.stderr) }).toEqual({
      code: 2,
      stderr: [`${service}: bad configuration: LEADFLOW_PORT="eighty": expected an integer from 0 to 65535`],
    });
  });

  it('the publisher and followups services refuse to run without Kafka, in one line', async () => {
    const results = await Promise.all([run(PROCESSES['publisher']!, {}), run(PROCESSES['followups']!, {})]);
    expect(results.map((r) => [r.code, lines(r.stderr)])).toEqual([
      [2, [expect.stringMatching(/^publisher: bad configuration: publisher needs LEADFLOW_BUS=kafka/)]],
      [2, [expect.stringMatching(/^followups: bad configuration: followups needs LEADFLOW_BUS=kafka/)]],
    ]);
  });

  it('warns about an unknown LEADFLOW_ variable and goes on', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'leadflow-config-'));
    try {
      const result = await run(PROCESSES['leadflow cli']!, {
        LEADFLOW_DATA_DIR: dataDir,
        LEADFLOW_PROJECTON_BATCH: '50',
        LOG_LEVEL: 'silent',
      });
      expect(result.code).toBe(0);
      expect(lines(result.stderr)).toEqual([
        'leadflow: warning: unknown configuration variable LEADFLOW_PROJECTON_BATCH is ignored',
      ]);
      expect(JSON.parse(result.stdout)).toMatchObject({
        projection: 'customers',
        checkpoint: '-1',
        events: 0,
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
