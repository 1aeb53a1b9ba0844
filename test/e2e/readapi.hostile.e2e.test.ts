import {
  createScratchDatabase,
  eventually,
  startService,
  type ScratchDatabase,
  type ServiceProcess,
} from '../infra';

type Problem = { status: number; errors?: Array<{ path: string; message: string }> };
type Answer = { status: number; contentType: string; json: unknown };

// Hostile but well-formed requests to the read and command routes: each is the client's mistake (400),
// never a server error, and a filter means what it says.
describe('read API under hostile input', () => {
  let db: ScratchDatabase;
  let service: ServiceProcess;
  let customerId: string;

  const call = async (method: string, path: string, body?: string): Promise<Answer> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      json: JSON.parse(text),
    };
  };

  const expectBadParameter = (answer: Answer, path: string) => {
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({
      status: 400,
      contentType: expect.stringContaining('application/problem+json'),
    });
    expect((answer.json as Problem).errors?.map((e) => e.path)).toContain(path);
  };

  beforeAll(async () => {
    db = await createScratchDatabase('hostile');
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: db.url,
      LEADFLOW_BUS: 'memory',
    });
    const lead = await call(
      'POST',
      '/v1/leads',
      JSON.stringify({
        UserDetails: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@contoso.com', Country: 'GB' },
        LeadSource: 'AppSource (SPZA)-PLT | contoso.enigma-suite',
      }),
    );
    expect(lead.status).toBe(202);
    customerId = (lead.json as { customerId: string }).customerId;
    await eventually(
      async () => (await call('GET', `/v1/customers/${customerId}`)).status === 200,
      30_000,
      200,
    );
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it.each([
    ['/v1/customers?q=%00', '/query/q'],
    ['/v1/customers?offer=a%00b', '/query/offer'],
    ['/v1/customers?source=%00', '/query/source'],
    ['/v1/customers?country=%00', '/query/country'],
    ['/v1/customers/%00', '/path/id'],
    ['/v1/customers/%00/events', '/path/id'],
    ['/v1/tasks?customerId=%00', '/query/customerId'],
    ['/v1/funnel?offer=%00', '/query/offer'],
    ['/v1/funnel?source=%00', '/query/source'],
    ['/v1/customers?q=%FF', '/query/q'],
    ['/v1/customers?q=%ED%A0%80', '/query/q'],
    ['/v1/tasks?customerId=%C3', '/query/customerId'],
  ])('GET %s answers 400 naming %s', async (path, param) => {
    expectBadParameter(await call('GET', path), param);
  });

  it.each([
    ['/v1/tasks/%00/complete', '{"outcome":"contacted"}', '/path/id'],
    ['/v1/customers/%00/contact-preference', '{"optedOut":true}', '/path/id'],
    ['/v1/tasks/no-such-task/complete', '{"outcome":"contacted","note":"a\\u0000b"}', '/note'],
    ['/v1/tasks/no-such-task/complete', '{"outcome":"contacted","by":"\\ud800"}', '/by'],
    ['/v1/customers/{customer}/contact-preference', '{"optedOut":true,"reason":"\\u0000"}', '/reason'],
    ['/v1/customers/{customer}/contact-preference', '{"optedOut":true,"by":"x\\udc00"}', '/by'],
  ])('POST %s with %s answers 400 naming %s', async (path, body, param) => {
    const answer = await call('POST', path.replace('{customer}', customerId), body);
    expectBadParameter(answer, param);
    // The refused text is not repeated back: a note or a reason may hold personal data.
    expect(JSON.stringify(answer.json)).not.toMatch(/\\u0000|\\ud800|\\udc00/);
  });

  it.each([
    ['/v1/funnel?from=2026-02-30', '/query/from'],
    ['/v1/funnel?from=0000-01-01', '/query/from'],
    ['/v1/funnel?to=2025-13-01', '/query/to'],
    ['/v1/funnel?to=2024-02-30', '/query/to'],
    ['/v1/tasks?dueBefore=0000-01-01', '/query/dueBefore'],
    ['/v1/tasks?dueBefore=2026-02-30T00:00:00Z', '/query/dueBefore'],
    ['/v1/tasks?dueBefore=2026-01-01T24:00:00Z', '/query/dueBefore'],
    ['/v1/tasks?dueBefore=0001-01-01T00:00:00%2B01:00', '/query/dueBefore'],
  ])('GET %s (an impossible date) answers 400 naming %s', async (path, param) => {
    expectBadParameter(await call('GET', path), param);
  });

  it('accepts real dates, a leap day included', async () => {
    expect((await call('GET', '/v1/funnel?from=2024-02-29&to=2026-12-31')).status).toBe(200);
    expect((await call('GET', '/v1/tasks?dueBefore=2030-01-01T10:00:00%2B02:00')).status).toBe(200);
  });

  it('matches the funnel offer literally: % and _ are no wildcards', async () => {
    const referred = async (offer: string) =>
      Object.values(
        (
          (await call('GET', `/v1/funnel?offer=${encodeURIComponent(offer)}`)).json as {
            stages: Record<string, number>;
          }
        ).stages,
      ).reduce((a, b) => a + b, 0);
    expect(await referred('enigma-suite')).toBe(1);
    expect(await referred('contoso.enigma-suite')).toBe(1);
    expect(await referred('%')).toBe(0);
    expect(await referred('enigma_suite')).toBe(0);
    expect(await referred('%suite')).toBe(0);
  });

  it('answers 400 for cursors it did not make, on every list', async () => {
    const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const path of [
      '/v1/review/rejected?cursor=abc',
      '/v1/review/rejected?cursor=99999999999999999999',
      '/v1/review/unrecognized?cursor=abc',
      `/v1/customers?cursor=${forged(['abc'])}`,
      `/v1/customers?cursor=${forged(['99999999999999999999'])}`,
      `/v1/tasks?cursor=${forged(['x', 'y'])}`,
      `/v1/tasks?cursor=${forged(['2026-02-30T00:00:00.000000Z', 'y'])}`,
      `/v1/review/dead-letters?cursor=${forged(['abc'])}`,
      `/v1/customers?cursor=${forged(['\u0000'])}`,
    ])
      expectBadParameter(await call('GET', path), '/query/cursor');
  });

  it('pages /v1/review/rejected newest first, every rejection exactly once', async () => {
    const before = await call('GET', '/v1/review/rejected?limit=500');
    const already = (before.json as { items: unknown[] }).items.length;
    for (let i = 0; i < 68; i += 1)
      expect((await call('POST', '/v1/leads', `{"not json" ${i}`)).status).toBe(400);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Answer = await call(
        'GET',
        `/v1/review/rejected?limit=5${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      expect(page.status).toBe(200);
      const json = page.json as {
        items: Array<{ id: string; receivedAt: string }>;
        nextCursor: string | null;
      };
      seen.push(...json.items.map((item) => item.id));
      cursor = json.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 100);
    expect(seen).toHaveLength(68 + already);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
