import { createMemoryBus } from '@leadflow/bus';
import {
  customerStreamName,
  decodeStoredEvent,
  type CustomerEvent,
  type IncomingLead,
} from '@leadflow/contracts';
import { decide, defaultFollowUpConfig, initialState, normaliseCustomer } from '@leadflow/domain';
import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import { createLogger } from '@leadflow/observability';
import * as E from 'fp-ts/Either';
import { randomUUID } from 'node:crypto';
import { applyFollowUpPolicy, type FollowUpDeps } from '../lifecycleHandler';
import type { LifecycleEvent } from '../lifecycleMessage';
import { escalateOverdue } from '../overdueScanner';
import { completeTask } from '../taskCommands';
import { createSqlTaskIndex } from '../taskIndex';
import { assignWaitingTasks } from './assignTasks';
import { registerRep, updateRep } from './repCommands';
import { createRouter, type Router } from './router';

const logger = createLogger('routing-test', 'silent');
const leadAt = '2026-09-26T09:00:00.000Z';

const lead = (n: number, country: string, action: 'PLT' | 'StartTestDrive'): IncomingLead => ({
  format: 'webhook',
  producerLeadId: null,
  occurredAt: null,
  source: { raw: 'AzureMarketplace', known: 'AzureMarketplace' },
  action: { raw: action, known: action },
  offer: { publisherId: 'contoso', offerId: 'crm', title: 'Contoso CRM' },
  customer: {
    firstName: 'Ada',
    lastName: `Person${n}`,
    email: `ada${n}@contoso.com`,
    phone: null,
    country,
    company: 'Contoso',
    title: null,
  },
  description: null,
  producer: null,
  isTest: false,
  unrecognized: false,
});

/** Appends a lead to a new customer stream; the stored LeadReceived as the consumer receives it. */
const seedLead = async (
  store: SqlEventStore,
  n: number,
  country: string,
  action: 'PLT' | 'StartTestDrive' = 'PLT',
): Promise<LifecycleEvent> => {
  const customerId = randomUUID();
  const incoming = lead(n, country, action);
  const decided = decide(
    {
      type: 'ReceiveLead',
      metadata: { correlationId: 'corr', causationId: 'cause' },
      data: {
        leadId: `lead-${customerId}`,
        customerId,
        receivedAt: leadAt,
        lead: incoming,
        normalised: normaliseCustomer(incoming.customer),
        contentHash: `hash-${n}`,
        idempotencyKey: null,
        matchedBy: null,
      },
    },
    initialState(),
  );
  if (E.isLeft(decided)) throw new Error('seed refused');
  const event = decided.right[0]!;
  const eventId = randomUUID();
  await store.appendToStream(customerStreamName(customerId), [
    { id: eventId, type: event.type, data: event.data as never, metadata: event.metadata as never },
  ]);
  return { eventId, customerId, event };
};

const eventsOf = async (store: SqlEventStore, customerId: string): Promise<CustomerEvent[]> =>
  (await store.readStream(customerStreamName(customerId))).map((recorded) => {
    const decoded = decodeStoredEvent(recorded);
    if (E.isLeft(decoded)) throw new Error(`unreadable ${recorded.type}`);
    return decoded.right;
  });

const assignmentsOf = (events: ReadonlyArray<CustomerEvent>) =>
  events.flatMap((e) => (e.type === 'FollowUpAssigned' ? [e.data] : []));

const profile = (
  territories: { countries: string[]; offers: string[] },
  extra: Partial<{ capacity: number; manager: string }> = {},
) => ({
  name: 'Rep',
  email: null,
  manager: extra.manager ?? null,
  territories,
  capacity: extra.capacity ?? null,
  active: true,
});

describe('routing on PostgreSQL (two consumer instances)', () => {
  const schema = `routing_${Date.now().toString(36)}`;
  let a: SqlEventStore;
  let b: SqlEventStore;
  let routerA: Router;
  let routerB: Router;
  const depsOf = (store: SqlEventStore, router: Router, now: Date): FollowUpDeps => ({
    store,
    bus: createMemoryBus(logger),
    followupsTopic: 'leads.followups',
    config: defaultFollowUpConfig,
    now: () => now,
    router,
  });
  const repDeps = () => ({ store: a, router: routerA, now: () => new Date(leadAt) });

  beforeAll(async () => {
    a = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });
    b = await getPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema });
    routerA = await createRouter(a);
    routerB = await createRouter(b);
  });
  afterAll(async () => {
    await a.executor.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await a.close();
    await b.close();
  });

  it('assigns every task exactly once, in turn within the territory, with redelivery to two instances', async () => {
    // Given three reps for Germany, a manager, and a default-pool rep
    for (const id of ['de-1', 'de-2', 'de-3'])
      await registerRep(repDeps(), {
        repId: id,
        profile: profile({ countries: ['DE'], offers: [] }),
        requestId: 'r',
      });
    await registerRep(repDeps(), {
      repId: 'pool-1',
      profile: profile({ countries: [], offers: [] }),
      requestId: 'r',
    });
    // When 30 German leads are each handled by both instances at once, then once more
    const causes = [];
    for (let n = 0; n < 30; n += 1) causes.push(await seedLead(a, n, 'DE'));
    await Promise.all(
      causes.flatMap((cause) => [
        applyFollowUpPolicy(depsOf(a, routerA, new Date(leadAt)), cause),
        applyFollowUpPolicy(depsOf(b, routerB, new Date(leadAt)), cause),
      ]),
    );
    for (const cause of causes) await applyFollowUpPolicy(depsOf(b, routerB, new Date(leadAt)), cause);
    // Then each task has one assignment, to a German rep, and the three reps got ten each
    const counts = new Map<string, number>();
    for (const cause of causes) {
      const assigned = assignmentsOf(await eventsOf(a, cause.customerId));
      expect(assigned).toHaveLength(1);
      expect(assigned[0]!.rule).toBe('territory');
      counts.set(assigned[0]!.assignee, (counts.get(assigned[0]!.assignee) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ 'de-1': 10, 'de-2': 10, 'de-3': 10 });
  });

  it('keeps a trial lead’s two tasks with one rep (sticky owner) and routes other countries to the default pool', async () => {
    const trial = await seedLead(a, 100, 'DE', 'StartTestDrive');
    await applyFollowUpPolicy(depsOf(a, routerA, new Date(leadAt)), trial);
    const assigned = assignmentsOf(await eventsOf(a, trial.customerId));
    expect(assigned.map((x) => x.rule)).toEqual(['territory', 'owner']);
    expect(new Set(assigned.map((x) => x.assignee)).size).toBe(1);
    const french = await seedLead(a, 101, 'FR');
    await applyFollowUpPolicy(depsOf(a, routerA, new Date(leadAt)), french);
    expect(assignmentsOf(await eventsOf(a, french.customerId)).map((x) => [x.assignee, x.rule])).toEqual([
      ['pool-1', 'default-pool'],
    ]);
  });

  it('hands a deactivated rep’s open tasks to the others in its territory', async () => {
    const before = await routerA.openTasksOf('de-1');
    expect(before.length).toBeGreaterThan(0);
    await updateRep(repDeps(), { repId: 'de-1', changes: { active: false }, requestId: 'r' });
    expect(await routerA.openTasksOf('de-1')).toEqual([]);
    for (const task of before) {
      const events = await eventsOf(a, task.customerId);
      const last = assignmentsOf(events)
        .filter((x) => x.taskId === task.taskId)
        .at(-1)!;
      expect(last.previousAssignee).toBe('de-1');
      expect(['de-2', 'de-3']).toContain(last.assignee);
    }
  });

  it('leaves a task unassigned while every rep is at capacity and assigns it when one frees up', async () => {
    await registerRep(repDeps(), {
      repId: 'us-1',
      profile: profile({ countries: ['US'], offers: [] }, { capacity: 1, manager: 'boss' }),
      requestId: 'r',
    });
    await registerRep(repDeps(), {
      repId: 'boss',
      profile: profile({ countries: ['ZZ'], offers: [] }),
      requestId: 'r',
    });
    await updateRep(repDeps(), { repId: 'pool-1', changes: { active: false }, requestId: 'r' });
    const first = await seedLead(a, 200, 'US');
    const second = await seedLead(a, 201, 'US');
    await applyFollowUpPolicy(depsOf(a, routerA, new Date(leadAt)), first);
    await applyFollowUpPolicy(depsOf(a, routerA, new Date(leadAt)), second);
    expect(assignmentsOf(await eventsOf(a, first.customerId)).map((x) => x.assignee)).toEqual(['us-1']);
    expect(assignmentsOf(await eventsOf(a, second.customerId))).toEqual([]);
    // The first task is completed: us-1 has room again and takes the waiting task
    const [firstTask] = await routerA.openTasksOf('us-1');
    const taskIndex = await createSqlTaskIndex(a);
    const done = await completeTask(
      { store: a, taskIndex, now: () => new Date(leadAt) },
      { taskId: firstTask!.taskId, outcome: 'contacted', note: null, by: null, requestId: 'r' },
    );
    expect(E.isRight(done)).toBe(true);
    await routerA.close(firstTask!.taskId);
    await assignWaitingTasks({ store: a, router: routerA, now: () => new Date(leadAt) });
    expect(assignmentsOf(await eventsOf(a, second.customerId)).map((x) => x.assignee)).toEqual(['us-1']);

    // At 75 % of the time to due the task is at risk; past due it is overdue and escalated to the manager
    const at19h = new Date(Date.parse(leadAt) + 19 * 3_600_000).toISOString();
    const deps = depsOf(a, routerA, new Date(at19h));
    expect(
      await escalateOverdue(
        deps,
        second.customerId,
        new Date(Date.parse(leadAt) + 17 * 3_600_000).toISOString(),
      ),
    ).toBe(0);
    expect((await eventsOf(a, second.customerId)).filter((e) => e.type === 'FollowUpAtRisk')).toEqual([]);
    await escalateOverdue(deps, second.customerId, at19h);
    await escalateOverdue(deps, second.customerId, at19h);
    const risk = (await eventsOf(a, second.customerId)).flatMap((e) =>
      e.type === 'FollowUpAtRisk' ? [e.data] : [],
    );
    expect(risk.map((r) => [r.assignee, r.atRiskAt])).toEqual([['us-1', '2026-09-27T03:00:00.000Z']]);
    expect(await escalateOverdue(deps, second.customerId, '2026-09-27T10:00:00.000Z')).toBe(1);
    const overdue = (await eventsOf(a, second.customerId)).flatMap((e) =>
      e.type === 'FollowUpOverdue' ? [e.data] : [],
    );
    expect(overdue.map((o) => o.escalatedTo)).toEqual(['boss']);
    await taskIndex.close();
  });
});
