import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  deliveryText,
  eventually,
  loadSampleDeliveries,
  startService,
  type ServiceProcess,
} from '../../infra';

/** leadflow on the embedded default (PGlite under a scratch data directory, the in-process bus). */
export const startEmbeddedLeadflow = async (
  env: Record<string, string> = {},
): Promise<ServiceProcess & { dispose(): Promise<void> }> => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadflow-console-'));
  // info: the request log is on, so a test can tell that no token reaches it.
  const service = await startService(
    'services/leadflow/src/main.ts',
    { LEADFLOW_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    { readyTimeoutMs: 180_000 },
  );
  return Object.assign(service, {
    dispose: async () => {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
};

/** Every delivery of the committed corpus, POSTed one by one as the marketplace would. */
export const loadCorpus = async (url: string, headers: Record<string, string> = {}): Promise<number> => {
  let accepted = 0;
  for (const d of loadSampleDeliveries()) {
    const response = await fetch(`${url}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...d.headers, ...headers },
      body: deliveryText(d),
    });
    await response.text();
    if (response.status < 300) accepted += 1;
  }
  return accepted;
};

/** Waits until the read side has applied every event and the follow-ups' tasks stopped changing. */
export const waitForReadSide = async (url: string, headers: Record<string, string> = {}): Promise<void> => {
  let previous = '';
  let stable = 0;
  const settled = await eventually(async () => {
    const ready = (await (await fetch(`${url}/readyz`)).json()) as {
      checks: Array<{ name: string; detail?: { lagEvents?: number } }>;
    };
    const lag = ready.checks.find((c) => c.name === 'projections')?.detail?.lagEvents;
    const tasks = await (await fetch(`${url}/v1/tasks?status=open&limit=500`, { headers })).text();
    stable = lag === 0 && tasks === previous ? stable + 1 : 0;
    previous = tasks;
    return stable >= 2;
  }, 120_000);
  if (!settled) throw new Error('the read side did not settle within 2 minutes');
};

/** GET a JSON answer of the API (again if the connection drops: a busy embedded server may close it). */
export const getJson = async <T>(url: string, headers: Record<string, string> = {}): Promise<T> => {
  let response: Response | null = null;
  for (let attempt = 1; response === null; attempt += 1) {
    try {
      response = await fetch(url, { headers });
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
};
