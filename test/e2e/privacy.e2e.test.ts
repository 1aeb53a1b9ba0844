import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { getPostgresEventStore } from '@leadflow/eventstore';
import { protectStore } from '@leadflow/privacy';
import {
  CUSTOMERS_PROJECTION,
  DEFAULT_READ_SCHEMA,
  compareReadModels,
  liveSchemaOf,
  rebuildProjection,
} from '@leadflow/projections';
import { createTestKafka, eventually } from '../infra';
import { startIngestHarness, type IngestHarness } from './ingestHarness';
import { waitForProjection } from './projections.harness';

// A leadflow process on PostgreSQL and the real broker: personal data is sealed at rest and on Kafka,
// erasure forgets a person everywhere, and the right of access returns what was received.
const run = Date.now().toString(36);
const person = (tag: string) => ({
  FirstName: `Zephyrine${tag}${run}`,
  LastName: `Quixotova${tag}${run}`,
  Email: `zq.${tag}.${run}@privacy-example.org`,
  Phone: `+1 415 555 ${String(1000 + Math.floor(Math.random() * 8999))}`,
  Country: 'US',
  Company: `Obscurium${tag}${run} Ltd`,
  Title: `Chief ${tag} Officer`,
});
type Person = ReturnType<typeof person>;
const webhook = (p: Partial<Person>, action: string, description: string) => ({
  UserDetails: p,
  LeadSource: `AppSource (SPZA)-${action} | privacy.offer-1`,
  Description: description,
});
/** What must never be found in clear: the distinctive values of a person (phone by its digits). */
const clearValues = (p: Person) => [
  p.FirstName,
  p.LastName,
  p.Email,
  p.Email.toLowerCase(),
  p.Company,
  p.Phone.replace(/\D/g, ''),
];

describe('personal data end to end (PostgreSQL + Kafka)', () => {
  let h: IngestHarness;
  const alice = person('alice');
  const bob = person('bob');
  const carol = person('carol');
  const token = 'privacy-test-token-0123456789';
  const masterKey = randomBytes(32).toString('base64');

  const authed = { authorization: `Bearer ${token}` };
  const get = async (path: string) => {
    const response = await fetch(`${h.service.url}${path}`, { headers: authed });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const post = async (path: string, body: unknown) => {
    const r = await h.post(path, JSON.stringify(body), authed);
    return { status: r.status, json: r.json as Record<string, unknown> };
  };
  const dump = (...args: string[]) =>
    execFileSync('pg_dump', ['--data-only', ...args, h.db.url], { maxBuffer: 256 * 1024 * 1024 }).toString(
      'utf8',
    );
  const kafkaText = async (): Promise<string> => {
    const kafka = createTestKafka(`privacy-reader-${run}`);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(h.topicPrefix));
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: `privacy-reader-${run}-${Math.random()}` });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    let last = Date.now();
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(`${message.key?.toString() ?? ''} ${message.value?.toString() ?? ''}`);
        for (const [k, v] of Object.entries(message.headers ?? {})) seen.push(`${k}=${String(v)}`);
        last = Date.now();
      },
    });
    await eventually(async () => seen.length > 0 && Date.now() - last > 4000, 60_000, 500);
    await consumer.disconnect();
    expect(topics.length).toBeGreaterThan(0);
    return seen.join('\n');
  };
  const customer = (id: string) => get(`/v1/customers/${id}`);
  const projected = (id: string, check: (c: Record<string, unknown>) => boolean) =>
    eventually(async () => {
      const c = await customer(id);
      return c.status === 200 && check(c.json);
    }, 30_000);

  beforeAll(async () => {
    h = await startIngestHarness('privacy', {
      LEADFLOW_MASTER_KEY: masterKey,
      LEADFLOW_API_TOKENS: token,
    });
  });
  afterAll(async () => h?.stop());

  it('keeps personal data sealed, erases a person everywhere, and gives a person their data', async () => {
    // Given leads of Alice (twice), Bob, and Carol (by email, then by phone, then linking both: a merge)
    const posted = [
      webhook(alice, 'PLT', `alice asks ${run}`),
      webhook(alice, 'INS', `alice installs ${run}`),
    ];
    const a1 = await post('/v1/leads', posted[0]);
    const a2 = await post('/v1/leads', posted[1]);
    const b1 = await post('/v1/leads', webhook(bob, 'PLT', `bob ${run}`));
    const c1 = await post(
      '/v1/leads',
      webhook({ Email: carol.Email, FirstName: carol.FirstName }, 'PLT', 'c1'),
    );
    const c2 = await post(
      '/v1/leads',
      webhook({ Phone: carol.Phone, Country: 'US', Company: carol.Company }, 'StartTestDrive', 'c2'),
    );
    for (const r of [a1, a2, b1, c1, c2]) expect(r.status).toBe(202);
    expect(a2.json['customerId']).toBe(a1.json['customerId']);
    expect(c2.json['customerId']).not.toBe(c1.json['customerId']);
    const c3 = await post(
      '/v1/leads',
      webhook({ Email: carol.Email, Phone: carol.Phone, Country: 'US' }, 'INS', 'c3'),
    );
    expect(c3.json['customerId']).toBe(c1.json['customerId']);
    const aliceId = String(a1.json['customerId']);
    const bobId = String(b1.json['customerId']);
    const carolId = String(c1.json['customerId']);
    expect(await projected(aliceId, (c) => c['leadCount'] === 2)).toBe(true);
    expect(await projected(carolId, (c) => c['leadCount'] === 3)).toBe(true);
    expect(await projected(bobId, (c) => c['leadCount'] === 1)).toBe(true);
    // The read model shows the person to a reader with a token
    expect((await customer(aliceId)).json['emails']).toEqual([alice.Email.toLowerCase()]);

    // Then outside the read models the database holds none of their values in clear
    const before = dump('--exclude-schema=leadflow_read*');
    // (the events are there, sealed)
    expect(before).toContain(aliceId);
    expect(before).toContain('"sealed"');
    for (const p of [alice, bob, carol]) for (const v of clearValues(p)) expect(before).not.toContain(v);
    // And no Kafka topic does either (read from the start)
    const onKafka = await kafkaText();
    expect(onKafka).toContain(aliceId);
    for (const p of [alice, bob, carol]) for (const v of clearValues(p)) expect(onKafka).not.toContain(v);

    // The right of access: exactly what was received for Alice
    const access = await get(`/v1/customers/${aliceId}/personal-data`);
    expect(access.status).toBe(200);
    const leads = access.json['leads'] as Array<Record<string, unknown>>;
    expect(leads.map((l) => l['description'])).toEqual(posted.map((p) => p.Description));
    for (const lead of leads)
      expect(lead['customer']).toEqual({
        firstName: alice.FirstName,
        lastName: alice.LastName,
        email: alice.Email,
        phone: alice.Phone,
        country: alice.Country,
        company: alice.Company,
        title: alice.Title,
      });
    // Without the privacy scope it is refused
    const readOnly = await fetch(`${h.service.url}/v1/customers/${aliceId}/personal-data`);
    expect(readOnly.status).toBe(401);

    const funnel = await get('/v1/funnel');
    const bobBefore = (await customer(bobId)).json;

    // When Alice asks to be forgotten (found by her email)
    const erased = await post('/v1/privacy/erasure', { email: alice.Email.toUpperCase() });
    expect(erased.status).toBe(202);
    const again = await post(`/v1/customers/${aliceId}/erasure`, {});
    expect(again.json['erasureId']).toBe(erased.json['erasureId']);
    const status = await get(`/v1/privacy/erasures/${String(erased.json['erasureId'])}`);
    expect(status.json).toMatchObject({ status: 'completed', removed: { customers: 1, keys: 1 } });

    // And Carol, through the id of the customer merged into her survivor
    const carolErased = await post(`/v1/customers/${String(c2.json['customerId'])}/erasure`, {});
    expect(carolErased.status).toBe(202);
    expect(carolErased.json['customerId']).toBe(carolId);

    // Then the read models keep only non-personal facts
    expect(await projected(aliceId, (c) => c['erased'] === true)).toBe(true);
    expect(await projected(carolId, (c) => c['erased'] === true)).toBe(true);
    const view = (await customer(aliceId)).json;
    expect(view).toMatchObject({
      names: [],
      emails: [],
      phones: [],
      company: null,
      title: null,
      leadCount: 2,
    });
    expect(view['stage']).toBe('active');
    expect(view['country']).toBe('US');
    expect((await get(`/v1/customers/${aliceId}/personal-data`)).json).toMatchObject({
      erased: true,
      leads: [],
    });
    // The funnel figures did not change, nor did Bob
    expect(
      await eventually(
        async () => JSON.stringify((await get('/v1/funnel')).json) === JSON.stringify(funnel.json),
        10_000,
      ),
    ).toBe(true);
    expect((await customer(bobId)).json).toEqual(bobBefore);

    // And a rebuild of the read models from the log gives the live rows, row for row: everyone else's as
    // before, the erased view for Alice and Carol (their streams replay through placeholders)
    await waitForProjection(h.service.url, 60_000);
    const store = await protectStore(await getPostgresEventStore({ connectionString: h.db.url }), {
      masterKey: Buffer.from(masterKey, 'base64'),
      masterKeyFile: null,
      dataDir: '.',
      eventStore: 'postgres',
    });
    try {
      const location = { base: DEFAULT_READ_SCHEMA, name: CUSTOMERS_PROJECTION };
      const live = (await liveSchemaOf(store.executor, location))!;
      const rebuilt = await rebuildProjection({ store, location, switchLive: false });
      expect(rebuilt.events).toBeGreaterThan(0);
      expect(await compareReadModels(store.executor, live, rebuilt.schema)).toEqual([]);
      const [aliceRow] = await store.executor.query<{ view: string }>(
        `SELECT view FROM ${rebuilt.schema}.customers WHERE customer_id = $1`,
        [aliceId],
      );
      expect(JSON.parse(aliceRow!.view)).toMatchObject({ erased: true, emails: [], names: [], leadCount: 2 });
      const [bobRow] = await store.executor.query<{ view: string }>(
        `SELECT view FROM ${rebuilt.schema}.customers WHERE customer_id = $1`,
        [bobId],
      );
      expect(JSON.parse(bobRow!.view)).toMatchObject({
        emails: bobBefore['emails'],
        names: bobBefore['names'],
      });
    } finally {
      await store.close();
    }

    // And nothing of Alice or Carol is left in the database, read models (the rebuilt one too) included
    const after = dump();
    for (const p of [alice, carol]) for (const v of clearValues(p)) expect(after).not.toContain(v);
    expect(after).toContain(bob.Email);

    // A later lead of Alice starts a new customer
    const back = await post('/v1/leads', webhook(alice, 'PLT', 'back again'));
    expect(back.status).toBe(202);
    expect(back.json['customerId']).not.toBe(aliceId);
  });

  it('erasure racing a new lead of the same person leaves nothing of them readable', async () => {
    const dave = person('dave');
    const first = await post('/v1/leads', webhook(dave, 'PLT', 'first'));
    const daveId = String(first.json['customerId']);
    // When a lead of Dave and his erasure run at the same time
    const [late, erasure] = await Promise.all([
      post('/v1/leads', webhook(dave, 'INS', 'late')),
      post(`/v1/customers/${daveId}/erasure`, {}),
    ]);
    expect(late.status).toBe(202);
    expect(erasure.status).toBe(202);
    // Then the late lead was either erased with him, or started a customer of its own
    const lateId = String(late.json['customerId']);
    if (lateId === daveId) {
      const doc = await get(`/v1/customers/${daveId}/personal-data`);
      expect(doc.json['erased']).toBe(true);
    } else {
      const doc = await get(`/v1/customers/${lateId}/personal-data`);
      expect(doc.json['erased']).toBe(false);
      expect((doc.json['leads'] as unknown[]).length).toBe(1);
    }
    const gone = await get(`/v1/customers/${daveId}/personal-data`);
    expect(gone.json).toMatchObject({ erased: true, leads: [] });
  });
});
