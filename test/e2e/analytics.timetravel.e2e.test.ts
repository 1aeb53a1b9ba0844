import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulatePolicy, defaultFollowUpConfig } from '@leadflow/analytics';
import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import { protectStore } from '@leadflow/privacy';
import {
  createScratchDatabase,
  deliveryText,
  eventually,
  loadSampleDeliveries,
  repoRoot,
  startService,
  type ScratchDatabase,
  type ServiceProcess,
} from '../infra';

type Accepted = { leadId: string; customerId: string };
type TaskPage = { items: Array<{ taskId: string; kind: string }>; nextCursor: string | null };

/** Every FollowUpScheduled in the log: the tasks the follow-up consumer really opened. */
const storedTaskIds = async (store: SqlEventStore): Promise<string[]> => {
  const ids: string[] = [];
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 2000 });
    const last = page[page.length - 1];
    if (last === undefined) return ids.sort();
    for (const e of page) if (e.type === 'FollowUpScheduled') ids.push((e.data as { taskId: string }).taskId);
    from = last.globalPosition;
  }
};

const cli = (args: string[], env: Record<string, string>) => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'services/leadflow/src/cli.ts'), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
};

// The committed corpus through a leadflow on PostgreSQL with the follow-ups running in process, some tasks
// completed through the API; then time travel, cohorts and the policy simulation read it back.
describe('analytics over the sample corpus: time travel, cohorts, simulation', () => {
  let db: ScratchDatabase;
  let service: ServiceProcess;
  let store: SqlEventStore;
  let env: Record<string, string>;
  const customers = new Set<string>();

  const call = async (method: string, url: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${url}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      json: text === '' ? null : (JSON.parse(text) as unknown),
      headers: response.headers,
    };
  };

  const openTasks = async (): Promise<TaskPage['items']> => {
    const items: TaskPage['items'] = [];
    let cursor: string | null = null;
    do {
      const page = (await call('GET', `/v1/tasks?status=open&limit=500${cursor ? `&cursor=${cursor}` : ''}`))
        .json as TaskPage;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  };

  beforeAll(async () => {
    db = await createScratchDatabase('analytics');
    const masterKey = randomBytes(32);
    env = {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: db.url,
      LEADFLOW_BUS: 'memory',
      LEADFLOW_MASTER_KEY: masterKey.toString('base64'),
    };
    service = await startService('services/leadflow/src/main.ts', env);
    // Personal fields are sealed at rest: the simulation reads through the same protection as leadflow does.
    store = await protectStore(await getPostgresEventStore({ connectionString: db.url }), {
      masterKey,
      masterKeyFile: null,
      dataDir: '',
      eventStore: 'postgres',
    });
    // The follow-up consumer decides on a customer's state when it handles an event; while it lags, a later
    // lead (a merge) can change that decision. Each lead is posted once the consumer has caught up, so what
    // it opened is what the policy opens right after each event, and each outcome once it has too.
    const caughtUp = async () => {
      const ok = await eventually(
        async () => {
          const { tasks } = await simulatePolicy({ store, config: defaultFollowUpConfig });
          return (
            tasks
              .map((t) => t.taskId)
              .sort()
              .join() === (await storedTaskIds(store)).join()
          );
        },
        20_000,
        50,
      );
      if (!ok) {
        // Name the tasks only one side has, so a failure says where the simulation and the consumer differ.
        const { tasks } = await simulatePolicy({ store, config: defaultFollowUpConfig });
        const simulated = new Set(tasks.map((t) => t.taskId));
        const stored = new Set(await storedTaskIds(store));
        const only = (a: Set<string>, b: Set<string>) => [...a].filter((id) => !b.has(id));
        throw new Error(
          `simulation and consumer differ: simulated only ${only(simulated, stored).join(', ')}; ` +
            `stored only ${only(stored, simulated).join(', ')}`,
        );
      }
    };
    for (const d of loadSampleDeliveries()) {
      const answer = await call('POST', '/v1/leads', deliveryText(d), d.headers);
      if (answer.status < 300) customers.add((answer.json as Accepted).customerId);
      await caughtUp();
    }
    // Some outcomes, so that nurture emails follow an unanswered first contact
    const firstContacts = (await openTasks()).filter((t) => t.kind === 'first-contact').slice(0, 24);
    const outcomes = ['no-response', 'contacted', 'qualified', 'no-response', 'opted-out', 'disqualified'];
    for (const [i, task] of firstContacts.entries()) {
      await caughtUp();
      await call(
        'POST',
        `/v1/tasks/${task.taskId}/complete`,
        JSON.stringify({ outcome: outcomes[i % outcomes.length], note: null }),
      );
    }
  }, 900_000);
  afterAll(async () => {
    await service?.stop();
    await store?.close();
    await db?.drop();
  });

  it('simulates, with today’s settings, exactly the tasks the follow-up consumer opened, id by id', async () => {
    let simulated: string[] = [];
    let stored: string[] = [];
    await eventually(
      async () => {
        stored = await storedTaskIds(store);
        const { tasks } = await simulatePolicy({ store, config: defaultFollowUpConfig });
        simulated = tasks.map((t) => t.taskId).sort();
        return (
          stored.length > 0 &&
          simulated.join() === stored.join() &&
          stored.some((id) => tasks.find((t) => t.taskId === id)?.kind === 'nurture-email')
        );
      },
      60_000,
      1000,
    );
    expect(simulated).toEqual(stored);
    expect(stored.length).toBeGreaterThan(50);
  });

  it('answers what a shorter first-contact SLA would have cost: the same tasks, due earlier, overdue against real completions', async () => {
    const now = new Date(Date.now() + 5 * 3_600_000).toISOString();
    const today = await simulatePolicy({ store, config: defaultFollowUpConfig, now });
    const fourHours = await simulatePolicy({
      store,
      config: { ...defaultFollowUpConfig, firstContactDelayHours: 4 },
      now,
    });
    const first = (r: typeof today) => r.report.byKind['first-contact'];
    expect(first(fourHours).opened).toBe(first(today).opened);
    expect(first(fourHours).opened).toBe(today.report.actualOpened['first-contact']);
    // Five hours on, every first contact still open is past a 4-hour SLA and none is past today's 24 hours
    const stillOpen = fourHours.tasks.filter((t) => t.kind === 'first-contact' && t.status === 'open').length;
    expect(stillOpen).toBeGreaterThan(0);
    expect(first(fourHours).openPastDue).toBe(stillOpen);
    expect(first(today).openPastDue).toBe(0);
    const due = new Map(today.tasks.map((t) => [t.taskId, t.dueAt]));
    for (const task of fourHours.tasks.filter((t) => t.kind === 'first-contact'))
      expect(Date.parse(due.get(task.taskId)!) - Date.parse(task.dueAt)).toBe(20 * 3_600_000);
  });

  it('prints the simulation and an example replay as JSON from the CLI', async () => {
    const simulated = cli(['simulate', '--first-contact-hours', '4', '--nurture-days', '2,5'], env);
    expect({ status: simulated.status, stderr: simulated.stderr }).toMatchObject({ status: 0 });
    const report = JSON.parse(simulated.stdout) as {
      settings: { firstContactDelayHours: number; nurtureDays: number[] };
      total: { opened: number };
    };
    expect(report.settings).toMatchObject({ firstContactDelayHours: 4, nurtureDays: [2, 5] });
    expect(report.total.opened).toBeGreaterThan(50);
    const replayed = cli(['replay', 'docs/examples/leadsPerOfferPerWeek.ts'], env);
    expect({ status: replayed.status, stderr: replayed.stderr }).toMatchObject({ status: 0 });
    expect(replayed.stderr).toMatch(/replayed \d+ of \d+ events/);
    const perOffer = JSON.parse(replayed.stdout) as Record<string, Record<string, number>>;
    const counted = Object.values(perOffer)
      .flatMap((weeks) => Object.values(weeks))
      .reduce((a, b) => a + b, 0);
    const leads = (await storedTypes(store)).filter((e) => e.type === 'LeadReceived' && !e.isTest).length;
    expect(counted).toBe(leads);
    const bad = cli(['simulate', '--nurture-days', '7,3'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--nurture-days must increase/);
  });

  it('answers a customer as of now like the live view, and 404 before its first lead', async () => {
    const ids = [...customers].slice(0, 40);
    // The read model has caught up once every task the log holds is in it
    await eventually(async () => (await call('GET', '/v1/tasks?limit=500')).status === 200, 10_000);
    const instant = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of ids) {
      const live = await call('GET', `/v1/customers/${id}`);
      const asOf = await call('GET', `/v1/customers/${id}?asOf=${encodeURIComponent(instant)}`);
      expect(asOf.status).toBe(200);
      expect(asOf.json).toEqual(live.json);
      const before = await call('GET', `/v1/customers/${id}?asOf=2000-01-01T00:00:00Z`);
      expect(before.status).toBe(404);
      const timeline = (
        await call('GET', `/v1/customers/${id}/events?until=${encodeURIComponent(instant)}&limit=500`)
      ).json as { items: unknown[] };
      const full = (await call('GET', `/v1/customers/${id}/events?limit=500`)).json as { items: unknown[] };
      expect(timeline.items).toEqual(full.items);
      expect((await call('GET', `/v1/customers/${id}/events?until=2000-01-01T00:00:00Z`)).status).toBe(404);
    }
    expect((await call('GET', `/v1/customers/${ids[0]}?asOf=yesterday`)).status).toBe(400);
  });

  it('counts the funnel as of an instant and the cohorts of first contact from the read model', async () => {
    const asOf = (await call('GET', `/v1/funnel?asOf=${encodeURIComponent(new Date().toISOString())}`))
      .json as {
      stages: Record<string, number>;
      customers: number;
    };
    const early = (await call('GET', '/v1/funnel?asOf=2000-01-01T00:00:00Z')).json as { customers: number };
    expect(early.customers).toBe(0);
    expect(asOf.customers).toBeGreaterThan(0);
    expect(Object.values(asOf.stages).reduce((a, b) => a + b, 0)).toBe(asOf.customers);
    expect((await call('GET', '/v1/funnel?asOf=2026-01-01T00:00:00Z&groupBy=offer')).status).toBe(400);
    const weeks = (await call('GET', '/v1/funnel/cohorts?period=week')).json as {
      cohorts: Array<{ customers: number; reached: Record<string, number> }>;
    };
    const months = (await call('GET', '/v1/funnel/cohorts?period=month')).json as typeof weeks;
    const total = (r: typeof weeks) => r.cohorts.reduce((n, c) => n + c.customers, 0);
    expect(total(weeks)).toBeGreaterThan(0);
    expect(total(months)).toBe(total(weeks));
    expect((await call('GET', '/v1/funnel/cohorts?period=year')).status).toBe(400);
  });
});

const storedTypes = async (store: SqlEventStore) => {
  const rows = await store.executor.query<{ type: string; is_test: boolean }>(
    `SELECT event_type AS type, coalesce((data->>'isTest')::boolean, false) AS is_test FROM ${store.schema}.events`,
  );
  return rows.map((r) => ({ type: r.type, isTest: r.is_test }));
};

// The embedded default: a running server holds the data directory, so the commands that read the store
// directly say so and how to run them instead.
describe('analytics commands on a data directory a running server holds', () => {
  let service: ServiceProcess;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadflow-analytics-'));
  const env = { LEADFLOW_DATA_DIR: dataDir, LEADFLOW_EVENTSTORE: 'pglite', LEADFLOW_BUS: 'memory' };

  beforeAll(async () => {
    service = await startService('services/leadflow/src/main.ts', env);
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([['simulate'], ['replay', 'docs/examples/trialToInstall.ts']])(
    '%s exits with a clear message',
    (...args) => {
      const run = cli(args, env);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/in use by another leadflow process/);
      expect(run.stderr).toMatch(/stop the server first.*LEADFLOW_EVENTSTORE=postgres/s);
    },
  );
});
