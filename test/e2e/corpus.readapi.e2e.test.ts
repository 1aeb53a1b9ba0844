import {
  createScratchDatabase,
  deliveryText,
  loadSampleDeliveries,
  loadSampleTruth,
  startService,
  type SampleDelivery,
  type ScratchDatabase,
  type ServiceProcess,
} from '../infra';
import { waitForProjection } from './projections.harness';

type Accepted = { leadId: string; customerId: string; duplicate: boolean };
type View = {
  id: string;
  aliases: string[];
  stage: string | null;
  stageHistory: Array<{ stage: string }>;
  flags: { isTest: boolean; anonymous: boolean; optedOut: boolean; unrecognized: boolean };
};

// The sample corpus through the real HTTP API of the leadflow process (PostgreSQL), checked through the read API only.
describe('read API: the sample corpus end to end', () => {
  const deliveries = loadSampleDeliveries();
  const truth = loadSampleTruth();
  let db: ScratchDatabase;
  let service: ServiceProcess;
  const accepted = new Map<number, Accepted>();
  const survivorOfLead = new Map<string, string>();
  const views = new Map<string, View>();
  const probes: Accepted[] = [];

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${path}`, { headers });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      json: text === '' ? null : JSON.parse(text),
    };
  };
  const viewOf = async (id: string): Promise<View> => {
    const cached = views.get(id);
    if (cached) return cached;
    const { status, json } = await get(`/v1/customers/${id}`);
    expect({ id, status }).toEqual({ id, status: 200 });
    views.set(id, json as View);
    return json as View;
  };
  const real = (d: SampleDelivery) => d.expect.status === 2 && d.expect.person !== undefined;

  beforeAll(async () => {
    db = await createScratchDatabase('readapi');
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: db.url,
    });
    // Given every delivery POSTed over HTTP in arrival order
    for (const d of deliveries) {
      const response = await fetch(`${service.url}/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...d.headers },
        body: deliveryText(d),
      });
      const json = (await response.json()) as Accepted;
      if (response.status < 300) accepted.set(d.seq, json);
    }
    // And a merge made on purpose: a third lead carries the email of one customer and the phone of another
    for (const [i, customer] of [
      { Email: 'merge.probe@example.org', FirstName: 'Ada', LastName: 'Probe' },
      { Phone: '+14155550123', Country: 'US', FirstName: 'Bob', LastName: 'Probe' },
      { Email: 'merge.probe@example.org', Phone: '+14155550123', Country: 'US' },
    ].entries()) {
      const body = {
        UserDetails: customer,
        LeadSource: 'AzureMarketplace',
        ActionCode: 'PLT',
        OfferTitle: `Probe ${i}`,
      };
      const response = await fetch(`${service.url}/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      probes.push((await response.json()) as Accepted);
    }
    // When the projection has caught up
    await waitForProjection(service.url);
    for (const d of deliveries.filter(real)) {
      const lead = accepted.get(d.seq)!;
      const { json } = await get(`/v1/leads/${lead.leadId}`);
      survivorOfLead.set(lead.leadId, (json as { customerId: string }).customerId);
    }
  }, 300_000);
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  const deliveriesOf = (person: string) =>
    deliveries.filter((d) => real(d) && String(d.expect.person) === person);

  it('shows every person of truth.json at its expected stage', async () => {
    const wrong: string[] = [];
    for (const [person, expected] of Object.entries(truth)) {
      const first = deliveriesOf(person)[0];
      if (!first) continue;
      const view = await viewOf(survivorOfLead.get(accepted.get(first.seq)!.leadId)!);
      if (view.stage !== expected.stage)
        wrong.push(`person ${person}: expected ${expected.stage}, got ${view.stage}`);
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(truth).length).toBeGreaterThan(10);
  });

  it('flags test, anonymous and unrecognized customers (and only test customers as isTest)', async () => {
    const wrong: string[] = [];
    for (const d of deliveries.filter(real)) {
      const view = await viewOf(survivorOfLead.get(accepted.get(d.seq)!.leadId)!);
      const testPerson = deliveriesOf(String(d.expect.person)).every((x) => x.expect.test === true);
      if (view.flags.isTest !== testPerson) wrong.push(`seq ${d.seq}: isTest ${view.flags.isTest}`);
      if (d.expect.anonymous && !view.flags.anonymous) wrong.push(`seq ${d.seq}: not anonymous`);
      if (d.expect.unrecognized && !view.flags.unrecognized) wrong.push(`seq ${d.seq}: not unrecognized`);
    }
    expect(wrong).toEqual([]);
    expect(deliveries.some((d) => d.expect.test)).toBe(true);
    expect(deliveries.some((d) => d.expect.anonymous)).toBe(true);
    expect(deliveries.some((d) => d.expect.unrecognized)).toBe(true);
  });

  it('answers a merged id with its survivor, and every lead of a person with one customer', async () => {
    let merged = 0;
    for (const d of deliveries.filter(real)) {
      const lead = accepted.get(d.seq)!;
      const survivor = survivorOfLead.get(lead.leadId)!;
      const { status, json, headers } = await get(`/v1/customers/${lead.customerId}`);
      expect({ seq: d.seq, status, id: (json as View).id }).toEqual({
        seq: d.seq,
        status: 200,
        id: survivor,
      });
      if (lead.customerId !== survivor) {
        merged += 1;
        expect((json as View).aliases).toContain(lead.customerId);
        expect(headers.get('content-location')).toBe(`/v1/customers/${survivor}`);
      }
    }
    // Each merge of the corpus leaves at least one lead answered through its merged customer's id.
    expect(merged).toBeGreaterThanOrEqual(Object.values(truth).reduce((n, t) => n + t.merges, 0));
    expect(merged).toBeGreaterThan(0);
    // And the probe leads always merge.
    const [ada, bob] = probes;
    expect(ada!.customerId).not.toBe(bob!.customerId);
    const viaMerged = await get(`/v1/customers/${bob!.customerId}`);
    expect((viaMerged.json as View).id).toBe(ada!.customerId);
    expect((viaMerged.json as View).aliases).toContain(bob!.customerId);
    expect(viaMerged.headers.get('content-location')).toBe(`/v1/customers/${ada!.customerId}`);
    views.set(ada!.customerId, viaMerged.json as View);
    process.stdout.write(`corpus leads answered by a merged id: ${merged}\n`);
    for (const person of Object.keys(truth)) {
      const ids = new Set(deliveriesOf(person).map((d) => survivorOfLead.get(accepted.get(d.seq)!.leadId)));
      expect({ person, customers: ids.size }).toEqual({ person, customers: ids.size === 0 ? 0 : 1 });
    }
  });

  it('serves ETags with 304 on If-None-Match, and the timeline of a merged customer holds both streams', async () => {
    const survivor = [...views.values()].find((v) => v.aliases.length > 0)!;
    const first = await get(`/v1/customers/${survivor.id}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await get(`/v1/customers/${survivor.id}`, { 'if-none-match': etag })).status).toBe(304);
    const timeline = await get(`/v1/customers/${survivor.id}/events?limit=500`);
    const streams = new Set(
      (timeline.json as { items: Array<{ streamName: string }> }).items.map((e) => e.streamName),
    );
    expect(streams).toContain(`customer-${survivor.id}`);
    expect(streams).toContain(`customer-${survivor.aliases[0]}`);
  });

  it('pages through every real customer exactly once, and filters by stage', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: Array<{ id: string }>; nextCursor: string | null } } = await get(
        `/v1/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.json.items.map((c) => c.id));
      cursor = page.json.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(seen.length);
    const expected = new Set([...views.values()].filter((v) => !v.flags.isTest).map((v) => v.id));
    expect(new Set(seen)).toEqual(expected);
    const active = await get('/v1/customers?stage=active&limit=500');
    for (const c of (active.json as { items: Array<{ stage: string }> }).items)
      expect(c.stage).toBe('active');
    const bad = await get('/v1/customers?limit=0&stage=nope');
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort()).toEqual([
      '/query/limit',
      '/query/stage',
    ]);
  });

  it('counts the funnel from the same customers, documents the read routes', async () => {
    const funnel = (await get('/v1/funnel')).json as { stages: Record<string, number> };
    const reached = (stage: string) =>
      [...views.values()].filter((v) => !v.flags.isTest && v.stageHistory.some((h) => h.stage === stage))
        .length;
    for (const stage of ['interest', 'trial', 'active'])
      expect({ stage, n: funnel.stages[stage] }).toEqual({ stage, n: reached(stage) });
    const openapi = (await get('/openapi.json')).json as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/customers',
      '/v1/customers/{id}',
      '/v1/customers/{id}/events',
      '/v1/tasks',
      '/v1/funnel',
    ])
      expect(Object.keys(openapi.paths)).toContain(path);
    expect((await get('/v1/tasks?limit=5')).status).toBe(200);
    expect((await get('/v1/review/dead-letters')).json).toEqual({ items: [], nextCursor: null });
  });
});
