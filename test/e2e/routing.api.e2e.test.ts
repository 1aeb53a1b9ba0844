import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  deliveryText,
  eventually,
  loadSampleDeliveries,
  loadSampleTruth,
  startService,
  testClock,
  type ServiceProcess,
  type TestClock,
} from '../infra';

// Routing end to end through the HTTP API of the embedded default (PGlite, in-process bus): reps
// registered through the API, the committed corpus posted, and every assignment checked against a
// computation of the rules written here from the product's contract (not the domain's code). The
// in-process bus handles one message at a time in log order, so the log's order is routing's order.

type Entry = {
  position: string;
  streamName: string;
  type: string;
  recordedAt: string;
  metadata: { causationId?: string };
  data: Record<string, unknown>;
};
type Rep = {
  id: string;
  name: string;
  manager: string | null;
  territories: { countries: string[]; offers: string[] };
  capacity: number | null;
  active?: boolean;
};

const REPS: Rep[] = [
  {
    id: 'de-1',
    name: 'DE 1',
    manager: 'mgr-de',
    territories: { countries: ['DE'], offers: [] },
    capacity: null,
  },
  {
    id: 'de-2',
    name: 'DE 2',
    manager: 'mgr-de',
    territories: { countries: ['DE'], offers: [] },
    capacity: null,
  },
  {
    id: 'de-3',
    name: 'DE 3',
    manager: 'mgr-de',
    territories: { countries: ['DE'], offers: [] },
    capacity: null,
  },
  {
    id: 'us-1',
    name: 'US 1',
    manager: 'mgr-world',
    territories: { countries: ['US'], offers: [] },
    capacity: null,
  },
  {
    id: 'us-2',
    name: 'US 2',
    manager: 'mgr-world',
    territories: { countries: ['US'], offers: [] },
    capacity: null,
  },
  {
    id: 'us-crm',
    name: 'US CRM',
    manager: 'mgr-world',
    territories: { countries: ['US'], offers: ['contoso-apps.leadflow-crm'] },
    capacity: 2,
  },
  {
    id: 'erp-1',
    name: 'ERP anywhere',
    manager: 'mgr-world',
    territories: { countries: [], offers: ['northwind.erp-connector.v2'] },
    capacity: null,
  },
  {
    id: 'fr-1',
    name: 'FR 1',
    manager: 'mgr-world',
    territories: { countries: ['FR'], offers: [] },
    capacity: 1,
  },
  {
    id: 'pool-1',
    name: 'Pool 1',
    manager: 'mgr-world',
    territories: { countries: [], offers: [] },
    capacity: null,
  },
  { id: 'pool-2', name: 'Pool 2', manager: null, territories: { countries: [], offers: [] }, capacity: null },
];
const LEAVER = 'de-2';
const AT_RISK_FRACTION = 0.75;
const MINUTE = 60_000;

/** The reference: routing's rules as the contract states them, replayed over the log in order. */
const referenceRouting = (reps: Rep[]) => {
  const active = new Map(reps.map((r) => [r.id, true]));
  const load = new Map<string, number>();
  const cursor = new Map<string, string>();
  const holder = new Map<string, string | null>();
  const isPool = (r: Rep) => r.territories.countries.length === 0 && r.territories.offers.length === 0;
  const hasRoom = (id: string) => {
    const rep = reps.find((r) => r.id === id);
    return (
      rep !== undefined &&
      active.get(id) === true &&
      (rep.capacity === null || (load.get(id) ?? 0) < rep.capacity)
    );
  };
  const covers = (r: Rep, country: string | null, offer: string | null) =>
    !isPool(r) &&
    (r.territories.countries.length === 0 ||
      (country !== null && r.territories.countries.includes(country.toUpperCase()))) &&
    (r.territories.offers.length === 0 || (offer !== null && r.territories.offers.includes(offer)));
  const inTurn = (key: string, pool: Rep[]) => {
    const ids = pool.map((r) => r.id).sort();
    const last = cursor.get(key);
    const after = ids.filter((id) => last === undefined || id > last);
    const next = [...after, ...ids].find(hasRoom);
    if (next !== undefined) cursor.set(key, next);
    return next;
  };
  const hold = (taskId: string, rep: string | null) => {
    const before = holder.get(taskId);
    if (before) load.set(before, (load.get(before) ?? 0) - 1);
    if (rep !== null) load.set(rep, (load.get(rep) ?? 0) + 1);
    holder.set(taskId, rep);
  };
  return {
    /** The rep for one task: usable owner, else the territory in turn, else the default pool in turn. */
    route(taskId: string, owner: string | null, country: string | null, offer: string | null) {
      const rep =
        (owner !== null && hasRoom(owner) ? owner : undefined) ??
        inTurn(
          `${country}|${offer}`,
          reps.filter((r) => covers(r, country, offer)),
        ) ??
        inTurn('default', reps.filter(isPool)) ??
        null;
      hold(taskId, rep);
      return rep;
    },
    usable: hasRoom,
    close: (taskId: string) => hold(taskId, null),
    deactivate: (id: string) => active.set(id, false),
    holding: (id: string) => [...holder].filter(([, rep]) => rep === id).map(([taskId]) => taskId),
  };
};

describe('routing end to end through the API (embedded default, controllable clock)', () => {
  const deliveries = loadSampleDeliveries();
  const truth = loadSampleTruth();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadflow-routing-'));
  let clock: TestClock;
  let service: ServiceProcess;
  const leadOfPerson = new Map<string, string>();
  const leadIds: string[] = [];

  beforeAll(async () => {
    clock = testClock(dataDir);
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_DATA_DIR: path.join(dataDir, 'data'),
      LEADFLOW_EVENTSTORE: 'pglite',
      LEADFLOW_BUS: 'memory',
      LEADFLOW_OVERDUE_SCAN_MS: '200',
      LEADFLOW_AT_RISK_FRACTION: String(AT_RISK_FRACTION),
      ...clock.env,
    });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, url: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${url}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, json: (text === '' ? null : JSON.parse(text)) as unknown };
  };
  const get = async <T>(url: string): Promise<T> => {
    const answer = await call('GET', url);
    if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return answer.json as T;
  };
  const post = async (from: number, to: number) => {
    for (const d of deliveries.slice(from, to)) {
      const answer = await call('POST', '/v1/leads', deliveryText(d), d.headers);
      if (answer.status >= 300) continue;
      const { leadId } = answer.json as { leadId: string };
      leadIds.push(leadId);
      if (d.expect.person !== undefined) leadOfPerson.set(String(d.expect.person), leadId);
    }
  };
  type TaskView = { taskId: string; kind: string; status: string; assignee?: string | null };
  const allTasks = async (query = ''): Promise<TaskView[]> => {
    const items: TaskView[] = [];
    for (let cursor: string | null = null; ;) {
      const page: { items: TaskView[]; nextCursor: string | null } = await get(
        `/v1/tasks?limit=200${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) return items;
    }
  };
  /**
   * Waits until the consumer handled everything posted so far: a fresh lead posted last (a new person
   * in Japan, which only the default pool covers) has its task assigned. The in-process bus handles
   * messages in log order, so every earlier lead was handled before it.
   */
  let sentinels = 0;
  const settle = async () => {
    sentinels += 1;
    const body = {
      UserDetails: {
        FirstName: 'Marker',
        LastName: `Number${sentinels}`,
        Email: `marker${sentinels}.${Date.now().toString(36)}@example.org`,
        Country: 'JP',
        Company: `Marker ${sentinels}`,
      },
      LeadSource: 'AzureMarketplace',
      ActionCode: 'plt',
      OfferTitle: 'Marker',
      Description: '',
    };
    const answer = await call('POST', '/v1/leads', JSON.stringify(body));
    expect(answer.status).toBe(202);
    const { leadId, customerId } = answer.json as { leadId: string; customerId: string };
    leadIds.push(leadId);
    const settled = await eventually(
      async () => (await allTasks(`&customerId=${customerId}`)).some((t) => (t.assignee ?? null) !== null),
      120_000,
      300,
    );
    expect(settled).toBe(true);
  };
  /** Every event of every customer (merged ones through their survivor's timeline), in log order. */
  const theLog = async (): Promise<Entry[]> => {
    const customers = new Set<string>();
    for (const leadId of leadIds)
      customers.add((await get<{ customerId: string }>(`/v1/leads/${leadId}`)).customerId);
    const byPosition = new Map<string, Entry>();
    for (const customerId of customers)
      for (let cursor: string | null = null; ;) {
        const page: { items: Entry[]; nextCursor: string | null } = await get(
          `/v1/customers/${customerId}/events?limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        );
        for (const e of page.items) byPosition.set(e.position, e);
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
    return [...byPosition.values()].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
  };
  const openTaskEvents = (log: Entry[]) => {
    const scheduled = new Map<string, Entry>();
    for (const e of log) {
      if (e.type === 'FollowUpScheduled') scheduled.set(String(e.data['taskId']), e);
      if (e.type === 'FollowUpCompleted') scheduled.delete(String(e.data['taskId']));
      if (e.type === 'CustomerMerged')
        for (const s of e.data['supersededTasks'] as Array<{ taskId: string }>) scheduled.delete(s.taskId);
    }
    return scheduled;
  };

  it('registers the reps through the API and lists them', async () => {
    for (const rep of REPS) expect((await call('POST', '/v1/reps', JSON.stringify(rep))).status).toBe(201);
    // The same body again changes nothing
    expect((await call('POST', '/v1/reps', JSON.stringify(REPS[0]))).status).toBe(200);
    const listed = await get<{ items: Array<{ id: string; active: boolean }> }>('/v1/reps');
    expect(listed.items.map((r) => [r.id, r.active])).toEqual(
      [...REPS].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [r.id, true]),
    );
    // And the OpenAPI document describes the rep bodies and answers
    type Schema = { required?: string[]; properties?: Record<string, unknown> };
    type Content = { content?: Record<string, { schema?: Schema }> };
    type Operation = { requestBody?: Content; responses?: Record<string, Content> };
    type Doc = { paths: Record<string, Record<string, Operation>> };
    const doc = await get<Doc>('/openapi.json');
    const body = (path: string, method: string) =>
      doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
    const answer = (path: string, method: string, status: string) =>
      doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    expect(body('/v1/reps', 'post')?.required).toEqual(['id', 'name']);
    expect(Object.keys(body('/v1/reps/{id}', 'patch')?.properties ?? {}).sort()).toEqual([
      'active',
      'capacity',
      'email',
      'manager',
      'name',
      'territories',
    ]);
    expect(body('/v1/tasks/{id}/assign', 'post')?.required).toEqual(['repId']);
    expect(answer('/v1/reps/{id}', 'get', '200')?.required).toContain('territories');
    expect(answer('/v1/tasks/{id}/assign', 'post', '200')?.required).toContain('assignee');
  });

  it('routes the first half of the corpus, then a deactivated rep hands its open tasks on', async () => {
    await post(0, Math.floor(deliveries.length / 2));
    await settle();
    const held = await allTasks(`&assignee=${LEAVER}&status=open`);
    expect(held.length).toBeGreaterThan(0);
    const changed = await call('PATCH', `/v1/reps/${LEAVER}`, JSON.stringify({ active: false }));
    expect(changed.status).toBe(200);
    expect((changed.json as { active: boolean }).active).toBe(false);
    await settle();
    expect(await allTasks(`&assignee=${LEAVER}&status=open`)).toEqual([]);
  });

  it('routes the rest, and the corpus opens the tasks truth.json expects', async () => {
    await post(Math.floor(deliveries.length / 2), deliveries.length);
    await settle();
    const wrong: string[] = [];
    for (const [person, expected] of Object.entries(truth)) {
      const leadId = leadOfPerson.get(person);
      if (leadId === undefined) continue;
      const { customerId } = await get<{ customerId: string }>(`/v1/leads/${leadId}`);
      const open = await allTasks(`&customerId=${customerId}&status=open`);
      const count = (kind: string) => open.filter((t) => t.kind === kind).length;
      if (
        count('first-contact') !== expected.openFirstContact ||
        count('trial-check-in') !== expected.openTrialCheckIn
      )
        wrong.push(`person ${person}`);
    }
    expect(wrong).toEqual([]);
  });

  it('gave every task a rep of the pool the rules give it, kept customers with one rep, and took turns evenly', async () => {
    const log = await theLog();
    const reference = referenceRouting(REPS);
    const country = new Map<string, string | null>();
    const owner = new Map<string, string>();
    const offerOf = new Map<string, string | null>();
    const streamOf = new Map<string, string>();
    const expected = new Map<string, string | null>();
    const expectedMove = new Map<string, string | null>();
    const actual = new Map<string, string>();
    const actualMove = new Map<string, string>();
    let handedOn = false;
    // One routing call: a customer's tasks scheduled by one cause; later ones follow the first's rep
    // when the customer has no usable owner.
    const routeGroup = (stream: string, taskIds: string[], into: Map<string, string | null>) => {
      let chained: string | null = null;
      for (const taskId of taskIds) {
        const ownerNow = owner.get(stream) ?? null;
        const usableOwner =
          ownerNow !== null && reference.usable(ownerNow) ? ownerNow : (chained ?? ownerNow);
        const rep = reference.route(
          taskId,
          usableOwner,
          country.get(stream) ?? null,
          offerOf.get(taskId) ?? null,
        );
        into.set(taskId, rep);
        chained ??= rep;
        if (rep !== null && !owner.has(stream)) owner.set(stream, rep);
      }
    };
    // Routing's order is that of the consumer's appends (it handles one message at a time): a group of
    // tasks is routed where it is appended, a lead's country counts from its LeadReceived, and a merge's
    // superseded tasks stop counting once its CustomerMerged is handled, right after its own lead's tasks.
    // The leaver's tasks were handed on between the two halves (at the first hand-on event).
    const moments: Array<{ at: bigint; step: number; run: () => void }> = [];
    const groups = new Map<string, { stream: string; tasks: string[]; at: bigint }>();
    const groupOfLead = new Map<string, bigint>();
    const merges: Array<{ at: bigint; correlation: string; superseded: string[] }> = [];
    let step = 0;
    for (const e of log) {
      const data = e.data;
      const pos = BigInt(e.position);
      const correlation = String((e.metadata as { correlationId?: string }).correlationId);
      if (e.type === 'LeadReceived') {
        const normalised = (data['customer'] as { normalised: { country: string | null } }).normalised;
        if (data['isTest'] !== true && normalised.country !== null)
          moments.push({
            at: pos,
            step: step++,
            run: () => country.set(e.streamName, normalised.country!.toUpperCase()),
          });
      } else if (e.type === 'FollowUpScheduled') {
        const taskId = String(data['taskId']);
        const first = (data['context'] as Array<{ publisherId: string | null; offerId: string | null }>)[0];
        offerOf.set(
          taskId,
          first === undefined || first.offerId === null
            ? null
            : `${first.publisherId ?? ''}.${first.offerId}`.toLowerCase(),
        );
        streamOf.set(taskId, e.streamName);
        const key = `${correlation} ${e.streamName} ${String(e.metadata.causationId)}`;
        const group = groups.get(key);
        if (group !== undefined) group.tasks.push(taskId);
        else {
          const created = { stream: e.streamName, tasks: [taskId], at: pos };
          groups.set(key, created);
          if (!groupOfLead.has(correlation)) groupOfLead.set(correlation, pos);
          moments.push({
            at: pos,
            step: step++,
            run: () => routeGroup(created.stream, created.tasks, expected),
          });
        }
      } else if (e.type === 'FollowUpAssigned') {
        const taskId = String(data['taskId']);
        if (data['previousAssignee'] === null) actual.set(taskId, String(data['assignee']));
        else {
          expect(data['previousAssignee']).toBe(LEAVER);
          actualMove.set(taskId, String(data['assignee']));
          if (!handedOn) {
            handedOn = true;
            moments.push({ at: pos, step: step++, run: handOn });
          }
        }
      } else if (e.type === 'CustomerMerged') {
        const superseded = (data['supersededTasks'] as Array<{ taskId: string }>).map((t) => t.taskId);
        merges.push({ at: pos, correlation, superseded });
      }
    }
    for (const merge of merges) {
      const own = groupOfLead.get(merge.correlation);
      moments.push({
        at: own !== undefined && own > merge.at ? own : merge.at,
        step: step++,
        run: () => merge.superseded.forEach((taskId) => reference.close(taskId)),
      });
    }
    // The leaver's open tasks go back to routing, customer by customer (by id), tasks by id.
    function handOn() {
      reference.deactivate(LEAVER);
      const tasks = reference
        .holding(LEAVER)
        .map((taskId) => [streamOf.get(taskId)!, taskId] as const)
        .sort(([s1, t1], [s2, t2]) => (s1 < s2 ? -1 : s1 > s2 ? 1 : t1 < t2 ? -1 : 1));
      const byStream = new Map<string, string[]>();
      for (const [stream, id] of tasks) byStream.set(stream, [...(byStream.get(stream) ?? []), id]);
      for (const [stream, ids] of byStream) routeGroup(stream, ids, expectedMove);
    }
    moments.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.step - b.step));
    for (const moment of moments) moment.run();
    expect(handedOn).toBe(true);
    // Which rep of a pool gets a turn depends on when a merge's superseded tasks stop counting against
    // routing (a timing the log does not fix), so a turn may fall one rep later than replayed here. What
    // the rules decide is exact: the pool (territory, or the default pool) each task goes to, that one
    // customer's tasks stay with one rep, and that every pool's turns stay even (checked below).
    const poolOf = (rep: string | null) => {
      const found = REPS.find((r) => r.id === rep);
      return found === undefined ? null : JSON.stringify(found.territories);
    };
    const mismatches = [...expected]
      .filter(([taskId, rep]) => poolOf(actual.get(taskId) ?? null) !== poolOf(rep))
      .map(([taskId, rep]) => `${taskId}: expected ${rep}, got ${actual.get(taskId) ?? null}`);
    const moves = [...expectedMove]
      .filter(([taskId, rep]) => poolOf(actualMove.get(taskId) ?? null) !== poolOf(rep))
      .map(([taskId, rep]) => `${taskId} handed on: expected ${rep}, got ${actualMove.get(taskId) ?? null}`);
    const repsOfStream = (assigned: Map<string, string | null>) => {
      const reps = new Map<string, Set<string | null>>();
      for (const [taskId, rep] of assigned) {
        const stream = streamOf.get(taskId)!;
        reps.set(stream, (reps.get(stream) ?? new Set()).add(rep));
      }
      return reps;
    };
    const expectedReps = repsOfStream(expected);
    const unsticky = [...repsOfStream(new Map([...actual].map(([t, r]) => [t, r as string | null])))]
      .filter(([stream, reps]) => reps.size > (expectedReps.get(stream)?.size ?? 1))
      .map(([stream, reps]) => `${stream}: ${[...reps].join(', ')}`);
    expect(unsticky.slice(0, 10)).toEqual([]);
    const uncapped = REPS.filter((r) => r.capacity === null && r.id !== LEAVER);
    const turns = new Map<string, number>();
    for (const [taskId, rep] of actual) {
      const stream = streamOf.get(taskId)!;
      const firstOfStream = [...actual].find(([t]) => streamOf.get(t) === stream)![0] === taskId;
      if (firstOfStream && uncapped.some((r) => r.id === rep)) turns.set(rep, (turns.get(rep) ?? 0) + 1);
    }
    const expectedTurns = new Map<string, number>();
    for (const [taskId, rep] of expected) {
      const stream = streamOf.get(taskId)!;
      const firstOfStream = [...expected].find(([t]) => streamOf.get(t) === stream)![0] === taskId;
      if (firstOfStream && rep !== null && uncapped.some((r) => r.id === rep))
        expectedTurns.set(rep, (expectedTurns.get(rep) ?? 0) + 1);
    }
    const uneven = uncapped
      .filter((r) => Math.abs((turns.get(r.id) ?? 0) - (expectedTurns.get(r.id) ?? 0)) > 1)
      .map((r) => `${r.id}: ${turns.get(r.id) ?? 0} customers, replay gives ${expectedTurns.get(r.id) ?? 0}`);
    expect(uneven).toEqual([]);
    expect({ mismatches: mismatches.slice(0, 10), moves: moves.slice(0, 10) }).toEqual({
      mismatches: [],
      moves: [],
    });
    expect(expected.size).toBeGreaterThan(100);
    expect(expectedMove.size).toBeGreaterThan(0);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    // Nobody routed to the leaver after it left, and the capacity-limited reps never held more than allowed
    expect([...actualMove.values()]).not.toContain(LEAVER);
    const open = openTaskEvents(log);
    const holding = (rep: string) =>
      [...open.keys()].filter((id) => (actualMove.get(id) ?? actual.get(id)) === rep);
    expect(holding('us-crm').length).toBeLessThanOrEqual(2);
    expect(holding('fr-1').length).toBeLessThanOrEqual(1);
  });

  it('warns at 75 % of the time to due, once per task, and escalates overdue tasks to the manager', async () => {
    const log = await theLog();
    const open = openTaskEvents(log);
    const at = (e: Entry) => ({
      scheduled: Date.parse(String(e.data['scheduledAt'])),
      due: Date.parse(String(e.data['dueAt'])),
    });
    const atRiskAt = (e: Entry) => at(e).scheduled + AT_RISK_FRACTION * (at(e).due - at(e).scheduled);
    const risks = [...open.values()].map(atRiskAt);
    const dues = [...open.values()].map((e) => at(e).due);
    // Given the services' clock a minute before the first task's at-risk time: nothing is at risk
    await clock.set(Math.min(...risks) - MINUTE - Date.now());
    await new Promise((r) => setTimeout(r, 1000));
    expect(await allTasks('&atRisk=true')).toEqual([]);
    // When it passes the last at-risk time: every open task is at risk once, at its own at-risk time
    await clock.set(Math.max(...risks) + MINUTE - Date.now());
    expect(Math.max(...risks) + MINUTE).toBeLessThan(Math.min(...dues));
    expect(
      await eventually(
        async () => (await allTasks('&atRisk=true&status=open')).length === open.size,
        60_000,
        500,
      ),
    ).toBe(true);
    const afterRisk = await theLog();
    const assigneeOf = new Map<string, string>();
    for (const e of afterRisk)
      if (e.type === 'FollowUpAssigned') assigneeOf.set(String(e.data['taskId']), String(e.data['assignee']));
    const warned = afterRisk.filter((e) => e.type === 'FollowUpAtRisk');
    expect(warned.map((e) => String(e.data['taskId'])).sort()).toEqual([...open.keys()].sort());
    for (const e of warned) {
      const taskId = String(e.data['taskId']);
      expect([taskId, Date.parse(String(e.data['atRiskAt']))]).toEqual([taskId, atRiskAt(open.get(taskId)!)]);
      expect([taskId, e.data['assignee']]).toEqual([taskId, assigneeOf.get(taskId)]);
    }
    expect(afterRisk.filter((e) => e.type === 'FollowUpOverdue')).toEqual([]);
    // And a minute before the first due time nothing is overdue yet
    await clock.set(Math.min(...dues) - MINUTE - Date.now());
    await new Promise((r) => setTimeout(r, 1000));
    expect((await theLog()).filter((e) => e.type === 'FollowUpOverdue')).toEqual([]);
    // When every due time has passed: each open task is overdue once, escalated to its rep's manager
    await clock.set(Math.max(...dues) + MINUTE - Date.now());
    let overdue: Entry[] = [];
    expect(
      await eventually(
        async () =>
          (overdue = (await theLog()).filter((e) => e.type === 'FollowUpOverdue')).length === open.size,
        60_000,
        1000,
      ),
    ).toBe(true);
    const managerOf = new Map(REPS.map((r) => [r.id, r.manager]));
    expect(overdue.map((e) => String(e.data['taskId'])).sort()).toEqual([...open.keys()].sort());
    for (const e of overdue) {
      const taskId = String(e.data['taskId']);
      expect([taskId, e.data['escalatedTo'] ?? null]).toEqual([
        taskId,
        managerOf.get(assigneeOf.get(taskId)!) ?? null,
      ]);
    }
    // And a rep's figures count its open tasks, all of them at risk and overdue by now
    const held = [...open.keys()].filter((taskId) => assigneeOf.get(taskId) === 'de-1').length;
    expect(held).toBeGreaterThan(0);
    expect(
      await eventually(
        async () => {
          const stats = await get<{ open: number; atRisk: number; overdue: number }>('/v1/reps/de-1/stats');
          return stats.open === held && stats.overdue === held && stats.atRisk === held;
        },
        30_000,
        500,
      ),
    ).toBe(true);
    // And each manager finds the tasks escalated to them
    for (const manager of ['mgr-de', 'mgr-world']) {
      const want = overdue
        .filter((e) => e.data['escalatedTo'] === manager)
        .map((e) => String(e.data['taskId']));
      expect(want.length).toBeGreaterThan(0);
      expect(
        await eventually(
          async () =>
            (await allTasks(`&escalatedTo=${manager}`))
              .map((t) => t.taskId)
              .sort()
              .join() === want.sort().join(),
          30_000,
          500,
        ),
      ).toBe(true);
    }
  });
});
