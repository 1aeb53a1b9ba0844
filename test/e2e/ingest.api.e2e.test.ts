import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { eventually, repoRoot } from '../infra';
import { startIngestHarness, type IngestHarness } from './ingestHarness';

const INGEST = 'ingest-token-0123456789';
const READER = 'reader-token-0123456789';
const SECRET = 'marketplace-secret-0123456789';
const EMAIL = 'grace.hopper.api-test@fabrikam.com';

const lead = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    occurredAt: '2026-11-21T09:00:00Z',
    action: 'PLT',
    source: 'AzureMarketplace',
    customer: { firstName: 'Grace', lastName: 'Hopper', email: EMAIL, phone: '+14155550123', country: 'US' },
    ...extra,
  });
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

// The ingest API's contract beyond the corpus: auth, limits, batches, review, OpenAPI, logs.
describe('ingest API', () => {
  let h: IngestHarness;
  const fetchJson = async (p: string, init: RequestInit = {}) => {
    const response = await fetch(`${h.service.url}${p}`, init);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: JSON.parse(text) as Record<string, unknown>,
    };
  };
  const post = (p: string, body: string, headers: Record<string, string> = {}) =>
    fetchJson(p, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  beforeAll(async () => {
    h = await startIngestHarness('api', {
      LOG_LEVEL: 'info',
      LEADFLOW_API_TOKENS: `${INGEST}:ingest,${READER}:read`,
      LEADFLOW_MARKETPLACE_SECRET: SECRET,
      LEADFLOW_MAX_LEAD_BYTES: '2048',
      LEADFLOW_REJECTED_MAX: '5',
    });
  });
  afterAll(() => h?.stop());

  it('needs a bearer token with the right scope', async () => {
    expect((await post('/v1/leads', lead('auth-1'))).status).toBe(401);
    expect((await post('/v1/leads', lead('auth-1'), auth('not-a-configured-token'))).status).toBe(401);
    const wrongScope = await post('/v1/leads', lead('auth-1'), auth(READER));
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.headers.get('content-type')).toContain('application/problem+json');
    const created = await post('/v1/leads', lead('auth-1'), auth(INGEST));
    expect(created.status).toBe(202);
    expect(
      (await fetchJson(`/v1/leads/${String(created.json.leadId)}`, { headers: auth(INGEST) })).status,
    ).toBe(403);
    const read = await fetchJson(`/v1/leads/${String(created.json.leadId)}`, { headers: auth(READER) });
    expect(read.status).toBe(200);
    expect(read.json.customerId).toBe(created.json.customerId);
  });

  it('authenticates the marketplace webhook by its path secret', async () => {
    const body = JSON.stringify({
      UserDetails: { Email: 'webhook.only@contoso.com' },
      LeadSource: 'AzurePortal',
      ActionCode: 'Create',
    });
    expect((await post('/v1/marketplace/wrong-secret-000000000', body)).status).toBe(401);
    expect((await post(`/v1/marketplace/${SECRET}`, body)).status).toBe(202);
  });

  it('treats the same Idempotency-Key as the same lead', async () => {
    const first = await post('/v1/leads', lead('idem-a'), { ...auth(INGEST), 'idempotency-key': 'key-42' });
    // The same body again (another body under the key is refused with 422)
    const again = await post('/v1/leads', lead('idem-a'), { ...auth(INGEST), 'idempotency-key': 'key-42' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ ...first.json, duplicate: true });
  });

  it('answers 413 over the size limit and keeps the body cut to the limit for review', async () => {
    const big = lead('too-big', { description: 'é'.repeat(3000) });
    const answer = await post('/v1/leads', big, auth(INGEST));
    expect(answer.status).toBe(413);
    expect(answer.json.errors).toEqual([
      { path: '', message: expect.stringContaining('at most 2048 bytes') },
    ]);
    const review = await fetchJson('/v1/review/rejected?limit=1', { headers: auth(READER) });
    const [kept] = review.json.items as Array<{
      id: string;
      body: string;
      bodyTruncated: boolean;
      status: number;
    }>;
    expect(kept).toMatchObject({ id: answer.json.rejectionId, bodyTruncated: true, status: 413 });
    expect(Buffer.byteLength(kept!.body)).toBeLessThanOrEqual(2048);
    expect(big.startsWith(kept!.body)).toBe(true);
  });

  it('keeps at most the configured number of rejections, dropping the oldest and counting drops', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1)
      ids.push(String((await post('/v1/leads', `{"bad": ${i}`, auth(INGEST))).json.rejectionId));
    const review = await fetchJson('/v1/review/rejected?limit=50', { headers: auth(READER) });
    expect((review.json.items as Array<{ id: string }>).map((r) => r.id)).toEqual(ids.slice(-5).reverse());
    const metrics = await (await fetch(`${h.service.url}/metrics`)).text();
    const dropped = /leadflow_rejected_dropped_total\{[^}]*\} (\d+)/.exec(metrics);
    expect(Number(dropped?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('takes batches as a JSON array or NDJSON, one result per item, and refuses more than 1,000', async () => {
    const items = [lead('batch-1'), '{"id": 5}', lead('batch-2')];
    const asArray = await post('/v1/leads:batch', `[${items.join(',')}]`, auth(INGEST));
    expect(asArray.status).toBe(200);
    expect((asArray.json.items as Array<{ status: number }>).map((i) => i.status)).toEqual([202, 400, 202]);
    const asNdjson = await post('/v1/leads:batch', items.join('\n'), {
      ...auth(INGEST),
      'content-type': 'application/x-ndjson',
    });
    expect(
      (asNdjson.json.items as Array<{ status: number; duplicate?: boolean }>).map((i) => [
        i.status,
        i.duplicate,
      ]),
    ).toEqual([
      [200, true],
      [400, undefined],
      [200, true],
    ]);
    const tooMany = await post(
      '/v1/leads:batch',
      Array.from({ length: 1001 }, (_, i) => lead(`many-${i}`)).join('\n'),
      auth(INGEST),
    );
    expect(tooMany.status).toBe(413);
  });

  it('serves the OpenAPI document and the docs page, and echoes correlation ids', async () => {
    const doc = await fetchJson('/openapi.json');
    expect(Object.keys(doc.json.paths as object)).toEqual(
      expect.arrayContaining([
        '/v1/leads',
        '/v1/leads:batch',
        '/v1/leads/{leadId}',
        '/v1/marketplace/{secret}',
        '/v1/review/rejected',
        '/v1/review/unrecognized',
      ]),
    );
    const docs = await fetch(`${h.service.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<html');
    const traced = await fetch(`${h.service.url}/healthz`, {
      headers: { 'x-correlation-id': 'trace-me-123' },
    });
    expect(traced.headers.get('x-correlation-id')).toBe('trace-me-123');
  });

  it('keeps serving when PostgreSQL closes its connections, logs it, and LISTENs again', async () => {
    const admin = new Client({ connectionString: h.db.url });
    await admin.connect();
    const listeners = async () =>
      (
        await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'`,
          [h.db.name],
        )
      ).rows.map((r) => r.pid);
    try {
      // Given a running process with open pooled connections and its LISTEN connection
      expect((await post('/v1/leads', lead('conn-before'), auth(INGEST))).status).toBe(202);
      expect(await listeners()).toHaveLength(1);
      // When the server terminates every connection to its database (as a restart or failover does)
      const killed = await admin.query<{ pid: number }>(
        'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [h.db.name],
      );
      const killedPids = killed.rows.map((r) => r.pid);
      expect(killedPids.length).toBeGreaterThan(1);
      // Then the next lead is taken at once (a write on a closed connection is tried again on another)
      expect((await post('/v1/leads', lead('conn-after'), auth(INGEST))).status).toBe(202);
      // And the process lives on and logs the loss (SQLSTATE only)
      const deadline = Date.now() + 10_000;
      const left = (extraMs = 0) => Math.max(0, deadline + extraMs - Date.now());
      const logged = async () => h.service.output().includes('database closed a connection');
      await eventually(logged, left(), 50);
      expect(h.service.output()).toMatch(/"code":"57P01".*database closed a connection/);
      // And it LISTENs again on a new connection
      let now: number[] = [];
      await eventually(
        async () => {
          now = await listeners();
          return now.length === 1 && !killedPids.includes(now[0]!);
        },
        left(),
        50,
      );
      expect(now).toHaveLength(1);
      expect(killedPids).not.toContain(now[0]);
      // And it is ready again once its subscriptions resumed (they retry with a bounded backoff)
      let ready: Awaited<ReturnType<typeof fetchJson>> | undefined;
      await eventually(async () => (ready = await fetchJson('/readyz')).status === 200, left(15_000), 100);
      expect([ready?.status, ready?.json]).toEqual([200, expect.anything()]);
    } finally {
      await admin.end();
    }
  });

  it('writes JSON logs without personal data or the marketplace secret', () => {
    const out = h.service.output();
    expect(out).toContain('"msg":"request completed"');
    expect(out).not.toContain(EMAIL);
    expect(out).not.toContain('Hopper');
    expect(out).not.toContain(SECRET);
  });
});

describe('leadflow configuration at start', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'services/leadflow/src/main.ts')], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('exits with one clear line per bad value', () => {
    const run = start({ LEADFLOW_PORT: 'eighty', LEADFLOW_BUS: 'carrier-pigeon' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'bad configuration: LEADFLOW_PORT="eighty": expected an integer from 0 to 65535',
    );
    expect(run.stderr).toContain(
      'bad configuration: LEADFLOW_BUS="carrier-pigeon": expected one of memory, kafka',
    );
  });

  it('refuses to listen on a non-loopback address without tokens', () => {
    const run = start({ LEADFLOW_HOST: '0.0.0.0', LEADFLOW_API_TOKENS: '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('LEADFLOW_HOST=0.0.0.0 is not a loopback address');
  });
});
