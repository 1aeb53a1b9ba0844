import { spawn } from 'node:child_process';
import path from 'node:path';
import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import { protectStore } from '@leadflow/privacy';
import {
  CUSTOMERS_PROJECTION,
  DEFAULT_READ_SCHEMA,
  appendSyntheticLog,
  compareReadModels,
  liveSchemaOf,
  rebuildProjection,
  syntheticLog,
} from '@leadflow/projections';
import {
  createScratchDatabase,
  repoRoot,
  startService,
  type ScratchDatabase,
  type ServiceProcess,
} from '../infra';
import { waitForProjection } from './projections.harness';

// Acceptance 3. PROJECTIONS_REBUILD_EVENTS sets the size of the log already there when the rebuild starts.
const EVENTS = Number(process.env.PROJECTIONS_REBUILD_EVENTS ?? 10_000);
const location = { base: DEFAULT_READ_SCHEMA, name: CUSTOMERS_PROJECTION };

describe('projections: rebuild while leads keep arriving', () => {
  let db: ScratchDatabase;
  let store: SqlEventStore;
  let service: ServiceProcess;

  beforeAll(async () => {
    db = await createScratchDatabase('rebuild');
    // The leads posted during the rebuild are sealed by leadflow: the clean rebuild at the end opens
    // them with the run's master key, as leadflow's own rebuild does.
    store = await protectStore(await getPostgresEventStore({ connectionString: db.url }), {
      masterKey: Buffer.from(process.env.LEADFLOW_MASTER_KEY ?? '', 'base64'),
      masterKeyFile: null,
      dataDir: '',
      eventStore: 'postgres',
    });
    await appendSyntheticLog(store, syntheticLog(EVENTS));
    // Follow-ups off: this test is about the read side (they would keep appending tasks for every lead).
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: db.url,
      LEADFLOW_FOLLOWUPS_IN_PROCESS: 'false',
    });
    await waitForProjection(service.url, 300_000);
  }, 300_000);
  afterAll(async () => {
    await service?.stop();
    await store?.close();
    await db?.drop();
  });

  it('switches without a failed read, and the rebuilt model equals a clean one at the end', async () => {
    const before = (await liveSchemaOf(store.executor, location))!;
    const [known] = await store.executor.query<{ id: string }>(
      `SELECT customer_id AS id FROM ${before}.customers WHERE status = 'active' LIMIT 1`,
    );
    let running = true;
    const failures: string[] = [];
    let reads = 0;
    let posted = 0;
    // Given leads arriving over HTTP and readers polling a customer and the list
    const poster = (async () => {
      while (running) {
        const body = {
          UserDetails: { Email: `arrival${posted}@example.net`, FirstName: 'Arr', LastName: `Ival${posted}` },
          LeadSource: 'AzureMarketplace',
          ActionCode: 'PLT',
          OfferTitle: 'Arrivals',
        };
        const response = await fetch(`${service.url}/v1/leads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (response.status === 202) posted += 1;
        await response.arrayBuffer();
      }
    })();
    const reader = (target: string) =>
      (async () => {
        while (running) {
          try {
            const response = await fetch(`${service.url}${target}`);
            await response.arrayBuffer();
            if (response.status !== 200) failures.push(`${target}: ${response.status}`);
          } catch (error) {
            failures.push(`${target}: ${(error as Error).message}`);
          }
          reads += 1;
        }
      })();
    const readers = [
      reader(`/v1/customers/${known!.id}`),
      reader('/v1/customers?limit=20'),
      reader('/v1/funnel'),
    ];
    // When the rebuild CLI runs and switches
    const cli = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'services/leadflow/src/cli.ts'),
        'projections',
        'rebuild',
        'customers',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, LEADFLOW_EVENTSTORE: 'postgres', DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    cli.stdout.on('data', (c: Buffer) => (output += c.toString()));
    cli.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await Promise.all([poster, ...readers]);
    await waitForProjection(service.url, 300_000);
    // Then no read failed, the pointer moved, and the live model equals a clean rebuild
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(output).toMatch(/ev\/s/);
    expect(output).toMatch(/ETA/);
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(10);
    expect(posted).toBeGreaterThan(0);
    const after = (await liveSchemaOf(store.executor, location))!;
    expect(after).not.toBe(before);
    const check = await rebuildProjection({ store, location, switchLive: false });
    expect(await compareReadModels(store.executor, after, check.schema)).toEqual([]);
    process.stdout.write(
      `rebuild test: ${posted} leads posted and ${reads} reads during the rebuild\n${output}\n`,
    );
  }, 600_000);
});
