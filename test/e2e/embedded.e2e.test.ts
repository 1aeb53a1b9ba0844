import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService } from '../infra';

// The embedded default (`pnpm start`): PGlite on local disk, the in-process bus, no servers at all.
describe('embedded default', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadflow-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores leads in LEADFLOW_DATA_DIR and keeps them across a restart', async () => {
    // Given leadflow started with only a data dir (embedded store, in-process bus)
    const env = {
      LEADFLOW_DATA_DIR: dataDir,
      LEADFLOW_EVENTSTORE: '',
      LEADFLOW_BUS: '',
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
    };
    const first = await startService('services/leadflow/src/main.ts', env);
    const body = JSON.stringify({
      UserDetails: {
        FirstName: 'Alan',
        LastName: 'Turing',
        Email: 'alan@contoso.com',
        Country: 'United Kingdom',
      },
      LeadSource: 'AppSource (SPZA)-PLT | contoso.enigma-suite',
    });
    let created: { leadId: string; customerId: string };
    try {
      const answer = await fetch(`${first.url}/v1/leads`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(202);
      created = (await answer.json()) as { leadId: string; customerId: string };
    } finally {
      await first.stop();
    }

    // When it starts again on the same data dir
    const second = await startService('services/leadflow/src/main.ts', env);
    try {
      // Then the lead is there, and a redelivery is recognised as one
      const stored = await fetch(`${second.url}/v1/leads/${created.leadId}`);
      expect(stored.status).toBe(200);
      expect(((await stored.json()) as { customerId: string }).customerId).toBe(created.customerId);
      const again = await fetch(`${second.url}/v1/leads`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(await again.json()).toEqual({ ...created, duplicate: true });

      // And /readyz names the in-process bus `bus`: there is no Kafka to look for
      const ready = await fetch(`${second.url}/readyz`);
      const names = ((await ready.json()) as { checks: Array<{ name: string; ready: boolean }> }).checks;
      expect(names).toContainEqual(expect.objectContaining({ name: 'bus', ready: true }));
      expect(names.map((c) => c.name)).not.toContain('kafka');
    } finally {
      await second.stop();
    }
  });
});
