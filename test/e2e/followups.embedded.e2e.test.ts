import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService, type ServiceProcess } from '../infra';
import { eventually, syntheticLead } from './followups.harness';

type TaskPage = { items: Array<{ taskId: string; kind: string; status: string }> };

// The embedded default: PGlite and the in-process bus run the same publisher, consumer and scanner.
describe('follow-ups in the embedded default (in-process bus)', () => {
  let service: ServiceProcess;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadflow-followups-'));
  const runId = Date.now().toString(36);

  beforeAll(async () => {
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_DATA_DIR: dataDir,
      LEADFLOW_EVENTSTORE: 'pglite',
      LEADFLOW_BUS: 'memory',
    });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${service.url}${url}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };
  const tasksOf = async (customerId: string) =>
    ((await call('GET', `/v1/tasks?customerId=${customerId}&status=open`)).json as TaskPage).items;

  it('opens first-contact and trial-check-in for a trial lead, and a qualified outcome moves the stage', async () => {
    const lead = await call('POST', '/v1/leads', syntheticLead(1, 'StartTestDrive', runId));
    expect(lead.status).toBe(202);
    const { customerId } = lead.json as { customerId: string };
    expect(await eventually(async () => (await tasksOf(customerId)).length === 2, 30_000, 200)).toBe(true);
    const kinds = (await tasksOf(customerId)).map((t) => t.kind).sort();
    expect(kinds).toEqual(['first-contact', 'trial-check-in']);
    const first = (await tasksOf(customerId)).find((t) => t.kind === 'first-contact')!;
    const done = await call('POST', `/v1/tasks/${first.taskId}/complete`, {
      outcome: 'qualified',
      note: 'demo booked',
    });
    expect(done.status).toBe(200);
    expect(
      await eventually(
        async () =>
          ((await call('GET', `/v1/customers/${customerId}`)).json as { stage: string }).stage ===
          'qualified',
        30_000,
        200,
      ),
    ).toBe(true);
  });
});
