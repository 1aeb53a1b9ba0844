import { connect, type Socket } from 'node:net';
import { startIngestHarness, type IngestHarness } from './ingestHarness';

// Hostile and careless clients against a real leadflow process over real sockets: what they send
// is refused early, answered as problem+json, kept for review when it was meant as a lead, and
// never lands in the log.

const INGEST = 'hardening-ingest-token-0123';
const OTHER = 'hardening-other-ingest-token-4567';
const READER = 'hardening-reader-token-0123';
const SECRET = 'hardening-marketplace-secret-0123';
const EMAIL = 'ada.lovelace.hardening@fabrikam.com';

const lead = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    occurredAt: '2026-11-21T09:00:00Z',
    action: 'PLT',
    source: 'AzureMarketplace',
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: EMAIL, country: 'GB' },
    ...extra,
  });
const deep = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** One raw HTTP/1.1 exchange on its own connection. */
interface Exchange {
  socket: Socket;
  /** Everything read once the server closed the connection, or when `waitMs` passed. */
  answer: (waitMs?: number) => Promise<{ text: string; closed: boolean; elapsedMs: number }>;
}

const open = (port: number, head: string): Promise<Exchange> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const waiters: Array<() => void> = [];
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      waiters.splice(0).forEach((w) => w());
    });
    socket.once('connect', () => {
      if (head !== '') socket.write(head);
      resolve({
        socket,
        answer: (waitMs = 10_000) =>
          new Promise((done) => {
            const finish = () => done({ text, closed, elapsedMs: Date.now() - started });
            if (closed) return finish();
            const timer = setTimeout(finish, waitMs);
            waiters.push(() => {
              clearTimeout(timer);
              finish();
            });
          }),
      });
    });
    socket.once('error', reject);
  });

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
const bodyOf = (text: string) =>
  JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

const caller = (h: IngestHarness) => ({
  call: async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(`${h.service.url}${path}`, init);
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(
        `${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
      );
    }
    return { status: response.status, headers: response.headers, json };
  },
});

describe('ingest API against hostile clients (tokens configured)', () => {
  let h: IngestHarness;
  let call: ReturnType<typeof caller>['call'];
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const rejected = async (rejectionId: unknown) => {
    const review = await call('/v1/review/rejected?limit=500', { headers: auth(READER) });
    return (review.json.items as Array<Record<string, unknown>>).find((r) => r.id === rejectionId);
  };

  beforeAll(async () => {
    h = await startIngestHarness('hardening', {
      LOG_LEVEL: 'info',
      LEADFLOW_API_TOKENS: `${INGEST}:ingest,${OTHER}:ingest,${READER}:read`,
      LEADFLOW_MARKETPLACE_SECRET: SECRET,
      LEADFLOW_MAX_LEAD_BYTES: '8192',
      LEADFLOW_MAX_BATCH_ITEMS: '10',
      LEADFLOW_REQUEST_TIMEOUT_MS: '1500',
      LEADFLOW_MAX_CONNECTIONS: '40',
    });
    call = caller(h).call;
  });
  afterAll(() => h?.stop());

  it('refuses JSON nested deeper than 64 levels with 400, for a lead, batch items and NDJSON lines, answering every item', async () => {
    // A single lead 3,000 levels deep (6 KB, within the read limit of the route)
    const single = await post('/v1/leads', `{"id":"deep-1","x":${deep(3000)}}`, auth(INGEST));
    expect(single.status).toBe(400);
    expect(single.headers.get('content-type')).toContain('application/problem+json');
    expect(single.json.errors).toEqual([{ path: '', message: expect.stringContaining('64 levels') }]);
    expect(await rejected(single.json.rejectionId)).toMatchObject({ reason: 'too-deep', status: 400 });
    // 64 levels are fine: the lead is judged on its fields
    const webhook = (extra: string) =>
      `{"UserDetails":{"Email":"deep.ok@contoso.com"},"LeadSource":"AzurePortal","ActionCode":"Create","Extra":${extra}}`;
    const atLimit = await post('/v1/leads', webhook(deep(63)), auth(INGEST));
    expect([atLimit.status, atLimit.json.errors]).toEqual([202, undefined]);
    expect((await post('/v1/leads', webhook(deep(64)), auth(INGEST))).status).toBe(400);
    // A JSON batch with a deep item between two good ones
    const items = [lead('deep-batch-1'), deep(3000), lead('deep-batch-2')];
    const asArray = await post('/v1/leads:batch', `[${items.join(',')}]`, auth(INGEST));
    expect(asArray.status).toBe(200);
    expect((asArray.json.items as Array<{ status: number }>).map((i) => i.status)).toEqual([202, 400, 202]);
    // The same as NDJSON: every line answered, the ones after the deep one stored too
    const asNdjson = await post(
      '/v1/leads:batch',
      [lead('deep-nd-1'), deep(3000), lead('deep-nd-2')].join('\n'),
      {
        ...auth(INGEST),
        'content-type': 'application/x-ndjson',
      },
    );
    expect((asNdjson.json.items as Array<{ status: number }>).map((i) => i.status)).toEqual([202, 400, 202]);
    const [, third] = asNdjson.json.items as Array<{ leadId?: string }>;
    expect(third).toBeDefined();
    const stored = (asNdjson.json.items as Array<{ leadId?: string }>)[2]!.leadId;
    expect((await call(`/v1/leads/${stored}`, { headers: auth(READER) })).status).toBe(200);
  });

  it('answers an upload without a token 401 before reading its body, and closes the connection', async () => {
    // When a client announces 50 MB to :batch without a token and sends its first kilobyte
    const exchange = await open(
      h.service.port,
      'POST /v1/leads:batch HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/x-ndjson\r\n' +
        `content-length: ${50 * 1024 * 1024}\r\n\r\n${'x'.repeat(1024)}`,
    );
    const { text, closed, elapsedMs } = await exchange.answer(5_000);
    // Then the 401 comes at once, and the connection is closed: the other 49.99 MB are never taken
    expect(statusOf(text)).toBe(401);
    expect(text).toMatch(/content-type: application\/problem\+json/i);
    expect(text).toMatch(/connection: close/i);
    expect(closed).toBe(true);
    expect(elapsedMs).toBeLessThan(1500);
    // A wrong marketplace secret likewise
    const webhook = await open(
      h.service.port,
      'POST /v1/marketplace/not-the-secret-000000 HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
        `content-length: ${10 * 1024 * 1024}\r\n\r\n{`,
    );
    const refused = await webhook.answer(5_000);
    expect([statusOf(refused.text), refused.closed]).toEqual([401, true]);
  });

  it('answers 408 problem+json to a body trickling past the request timeout, and bounds the connections', async () => {
    // When an authenticated client sends one byte of its body every 300 ms (timeout 1.5 s)
    const exchange = await open(
      h.service.port,
      `POST /v1/leads HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${INGEST}\r\n` +
        'content-type: application/json\r\ncontent-length: 1000\r\n\r\n',
    );
    const trickle = setInterval(() => exchange.socket.writable && exchange.socket.write(' '), 300);
    try {
      const { text, closed, elapsedMs } = await exchange.answer(10_000);
      expect(closed).toBe(true);
      expect(statusOf(text)).toBe(408);
      expect(bodyOf(text)).toMatchObject({ status: 408, type: expect.stringMatching(/request-timeout$/) });
      expect(elapsedMs).toBeGreaterThanOrEqual(1400);
      expect(elapsedMs).toBeLessThan(5000);
    } finally {
      clearInterval(trickle);
    }
    // And 40 silent connections fill the server: the 41st is closed without an answer
    const held = await Promise.all(Array.from({ length: 40 }, () => open(h.service.port, '')));
    try {
      await new Promise((r) => setTimeout(r, 200));
      const extra = await open(h.service.port, 'GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
      expect(await extra.answer(3_000)).toMatchObject({ text: '', closed: true });
    } finally {
      held.forEach((c) => c.socket.destroy());
    }
    // And once they are gone, the server answers again
    await new Promise((r) => setTimeout(r, 300));
    expect((await call('/healthz')).status).toBe(200);
  });

  it('logs routes by their pattern: no search term, secret, token or personal data in the log', async () => {
    await call(`/v1/leads/${encodeURIComponent(EMAIL)}?q=${encodeURIComponent(EMAIL)}`, {
      headers: auth(READER),
    });
    await call(`/v1/review/rejected?access_token=${READER}`);
    for (const variant of [
      `/v1/marketplace/${SECRET}/`,
      `/v1/marketplace/${SECRET}x`,
      `/v1/marketplace/${SECRET}`,
    ])
      await call(variant, { method: 'GET' });
    await post(`/v1/marketplace/${SECRET}`, '{"UserDetails":{"Email":"x@y.z"}}');
    await call(`/v1/leads/%E0%A4%A?q=${encodeURIComponent(EMAIL)}`, { headers: auth(READER) });
    await new Promise((r) => setTimeout(r, 300));
    const out = h.service.output();
    expect(out).toContain('"route":"/v1/leads/:leadId"');
    expect(out).toContain('"route":"/v1/marketplace/:secret"');
    for (const secret of [EMAIL, 'lovelace', SECRET, READER, INGEST, 'access_token', '?q='])
      expect(out.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('keeps for review what it refuses of a lead: 413 above the read limit, 415, a bad Idempotency-Key, batch-level 400 and 413', async () => {
    // Above the route's read limit (1 MiB for 8 KiB leads): 413 with errors and a rejection id, the start kept
    const huge = lead('huge', { description: 'z'.repeat(2 * 1024 * 1024) });
    const tooLarge = await post('/v1/leads', huge, auth(INGEST));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toMatchObject({ errors: [{ path: '' }], rejectionId: expect.any(String) });
    const keptLarge = await rejected(tooLarge.json.rejectionId);
    expect(keptLarge).toMatchObject({ status: 413, reason: 'too-large', bodyTruncated: true });
    expect(huge.startsWith(keptLarge!.body as string)).toBe(true);
    // Not JSON by its type
    const plain = await post('/v1/leads', lead('plain'), { ...auth(INGEST), 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(await rejected(plain.json.rejectionId)).toMatchObject({
      status: 415,
      reason: 'unsupported-media-type',
    });
    // A bad Idempotency-Key
    const badKey = await post('/v1/leads', lead('bad-key'), {
      ...auth(INGEST),
      'idempotency-key': 'has space',
    });
    expect(badKey.status).toBe(400);
    expect(await rejected(badKey.json.rejectionId)).toMatchObject({
      reason: 'invalid-header',
      body: lead('bad-key'),
    });
    // A batch that does not parse, and one with too many leads
    const broken = await post('/v1/leads:batch', '[{"id": 1},', auth(INGEST));
    expect(broken.status).toBe(400);
    expect(await rejected(broken.json.rejectionId)).toMatchObject({ status: 400, reason: 'invalid-batch' });
    const many = await post(
      '/v1/leads:batch',
      Array.from({ length: 11 }, (_, i) => lead(`many-${i}`)).join('\n'),
      auth(INGEST),
    );
    expect(many.status).toBe(413);
    expect(await rejected(many.json.rejectionId)).toMatchObject({ status: 413, reason: 'too-large' });
  });

  it('answers an Idempotency-Key reused with another body 422, per token, and a true repeat as a duplicate', async () => {
    const key = { 'idempotency-key': `order-${Date.now()}` };
    const first = await post('/v1/leads', lead('idem-first'), { ...auth(INGEST), ...key });
    expect(first.status).toBe(202);
    const again = await post('/v1/leads', lead('idem-first'), { ...auth(INGEST), ...key });
    expect([again.status, again.json]).toEqual([200, { ...first.json, duplicate: true }]);
    const other = await post('/v1/leads', lead('idem-other'), { ...auth(INGEST), ...key });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.json.errors).toEqual([{ path: '/headers/idempotency-key', message: expect.any(String) }]);
    expect(await rejected(other.json.rejectionId)).toMatchObject({
      status: 422,
      reason: 'idempotency-key-reused',
      body: lead('idem-other'),
    });
    // Another client's use of the same key is its own lead
    const otherClient = await post('/v1/leads', lead('idem-other'), { ...auth(OTHER), ...key });
    expect([otherClient.status, otherClient.json.duplicate]).toEqual([202, false]);
  });

  it('answers framework errors as problem+json, a wrong method 405 with Allow, and sends the security headers', async () => {
    const ask = async (head: string) => (await (await open(h.service.port, head)).answer()).text;
    const badHeader = await ask('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nx-bad\u0001: 1\r\n\r\n');
    expect([statusOf(badHeader), bodyOf(badHeader).status]).toEqual([400, 400]);
    expect(badHeader).toMatch(/content-type: application\/problem\+json/i);
    const hugeHeaders = await ask(
      `GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect([statusOf(hugeHeaders), bodyOf(hugeHeaders).status]).toEqual([431, 431]);
    const longUrl = await call(`/v1/review/rejected?cursor=${'a'.repeat(9000)}`, { headers: auth(READER) });
    expect(longUrl.status).toBe(414);
    expect(longUrl.headers.get('content-type')).toContain('application/problem+json');
    const badEncoding = await call('/v1/leads/%E0%A4%A', { headers: auth(READER) });
    expect([badEncoding.status, badEncoding.json.status]).toEqual([400, 400]);
    expect(badEncoding.headers.get('content-type')).toContain('application/problem+json');
    const wrongMethod = await call('/v1/leads', { method: 'GET', headers: auth(READER) });
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
    expect(wrongMethod.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('/v1/leads/x', { method: 'DELETE' })).headers.get('allow')).toBe('GET, HEAD');
    expect((await call('/v1/nowhere')).status).toBe(404);
    for (const path of ['/healthz', '/v1/nowhere', '/openapi.json'])
      expect((await fetch(`${h.service.url}${path}`)).headers.get('x-content-type-options')).toBe('nosniff');
    const docs = await fetch(`${h.service.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(docs.headers.get('x-frame-options')).toBe('DENY');
    expect(docs.headers.get('referrer-policy')).toBe('no-referrer');
    // The OpenAPI document: one title, and the write routes say they need a token
    const doc = (await call('/openapi.json')).json as {
      info: { title: string };
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(doc.info.title).toBe('leadflow');
    expect(doc.paths['/v1/tasks/{id}/complete']?.post?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/v1/customers/{id}/contact-preference']?.post?.security).toEqual([{ bearer: [] }]);
  });
});

describe('ingest API in open mode (no tokens, loopback)', () => {
  let h: IngestHarness;
  let call: ReturnType<typeof caller>['call'];
  beforeAll(async () => {
    h = await startIngestHarness('hardening-open');
    call = caller(h).call;
  });
  afterAll(() => h?.stop());

  it('refuses foreign Host names, cross-origin and non-JSON requests, and takes a local JSON client', async () => {
    const rawStatus = async (head: string) =>
      statusOf((await (await open(h.service.port, head)).answer()).text);
    // DNS rebinding: a foreign name, or the right name on another port
    expect(
      await rawStatus(
        'GET /v1/review/rejected HTTP/1.1\r\nhost: attacker.example\r\nconnection: close\r\n\r\n',
      ),
    ).toBe(403);
    expect(await rawStatus('GET /healthz HTTP/1.1\r\nhost: localhost:1\r\nconnection: close\r\n\r\n')).toBe(
      403,
    );
    expect(
      await rawStatus(
        `GET /healthz HTTP/1.1\r\nhost: LocalHost:${h.service.port}\r\nconnection: close\r\n\r\n`,
      ),
    ).toBe(200);
    // A page elsewhere posting text/plain (no preflight needed), or saying it is cross-site
    const crossOrigin = await call('/v1/leads', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://attacker.example' },
      body: lead('from-a-page'),
    });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await call('/v1/customers/c-1/contact-preference', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: '{"optedOut":true}',
    });
    expect(crossSite.status).toBe(403);
    // Same origin, but a form body: not JSON, on every route
    const form = await call('/v1/tasks/t-1/complete', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: h.service.url },
      body: 'outcome=won',
    });
    expect(form.status).toBe(415);
    const plainLead = await call('/v1/leads', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: lead('plain-open'),
    });
    expect(plainLead.status).toBe(415);
    // A local client (like curl: no Origin) with JSON still works
    const local = await call('/v1/leads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: lead('local-curl'),
    });
    expect(local.status).toBe(202);
  });
});
