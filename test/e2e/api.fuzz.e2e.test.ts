import fc from 'fast-check';
import http from 'node:http';
import net from 'node:net';
import { createScratchDatabase, startService, type ScratchDatabase, type ServiceProcess } from '../infra';

// FUZZ_API_CASES: how many requests (CI default 2,000; the acceptance run is 20,000).
const CASES = Number(process.env.FUZZ_API_CASES ?? 2_000);
const SEED = Number(process.env.FUZZ_API_SEED ?? 20261204);
const CONCURRENCY = 8;

const runId = Date.now().toString(36);
const TOKEN = `fuzz-token-${runId}-all-scopes`;
const SECRET = `fuzz-marketplace-secret-${runId}`;
/** Every personal value the fuzz sends carries this mark: none may reach the server's log. */
const CANARY = `cnry${runId}`;

type Route = {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query: ReadonlyArray<string>;
  /** The documented content type of a 2xx answer. */
  readonly answers: RegExp;
  readonly body?: 'lead' | 'batch' | 'complete' | 'preference';
};
const json = /^application\/json/;
const ROUTES: ReadonlyArray<Route> = [
  { method: 'GET', path: '/healthz', query: [], answers: json },
  { method: 'GET', path: '/readyz', query: [], answers: json },
  { method: 'GET', path: '/metrics', query: [], answers: /^text\/plain/ },
  { method: 'GET', path: '/openapi.json', query: [], answers: json },
  { method: 'GET', path: '/docs', query: [], answers: /^text\/html/ },
  { method: 'POST', path: '/v1/leads', query: [], answers: json, body: 'lead' },
  { method: 'POST', path: '/v1/leads:batch', query: [], answers: json, body: 'batch' },
  { method: 'POST', path: '/v1/marketplace/{secret}', query: [], answers: json, body: 'lead' },
  { method: 'GET', path: '/v1/leads/{leadId}', query: [], answers: json },
  {
    method: 'GET',
    path: '/v1/customers',
    query: ['stage', 'offer', 'source', 'country', 'q', 'includeTest', 'limit', 'cursor'],
    answers: json,
  },
  { method: 'GET', path: '/v1/customers/{customerId}', query: ['asOf'], answers: json },
  {
    method: 'GET',
    path: '/v1/customers/{customerId}/events',
    query: ['limit', 'cursor', 'until'],
    answers: json,
  },
  {
    method: 'GET',
    path: '/v1/tasks',
    query: ['status', 'kind', 'customerId', 'dueBefore', 'overdue', 'limit', 'cursor'],
    answers: json,
  },
  { method: 'POST', path: '/v1/tasks/{taskId}/complete', query: [], answers: json, body: 'complete' },
  {
    method: 'POST',
    path: '/v1/customers/{customerId}/contact-preference',
    query: [],
    answers: json,
    body: 'preference',
  },
  {
    method: 'GET',
    path: '/v1/funnel',
    query: ['from', 'to', 'offer', 'source', 'groupBy', 'asOf'],
    answers: json,
  },
  {
    method: 'GET',
    path: '/v1/funnel/cohorts',
    query: ['period', 'from', 'to', 'offer', 'source'],
    answers: json,
  },
  { method: 'GET', path: '/v1/review/rejected', query: ['limit', 'cursor'], answers: json },
  { method: 'GET', path: '/v1/review/unrecognized', query: ['limit', 'cursor'], answers: json },
  { method: 'GET', path: '/v1/review/dead-letters', query: ['limit', 'cursor'], answers: json },
];

/** Text that breaks naive code: NUL, lone surrogates, huge and odd numbers, markup, long runs. */
const nastyText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '',
    ' ',
    '%',
    '%00',
    '%FF',
    '%ED%A0%80',
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '1e400',
    '-0',
    '123456789012345678901234567890',
    '9223372036854775808',
    '-1',
    'NaN',
    '2026-02-30',
    '0000-01-01',
    '+275760-09-13T00:00:00Z',
    'true',
    'null',
    '[]',
    '{}',
    '💥'.repeat(40),
    'x'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  fc.integer().map(String),
  fc.double().map(String),
);
const canaryText = fc.nat(1_000_000).map((n) => `${CANARY}-${n}@example.org`);
const paramValue = fc.oneof({ weight: 5, arbitrary: nastyText }, { weight: 1, arbitrary: canaryText });

/** How a value is written into the URL: encoded, raw (whatever bytes), or with broken escapes. */
const encoding = fc.constantFrom('component', 'raw', 'latin1', 'broken');
const encodeAs = (value: string, how: string): string => {
  if (how === 'component') {
    try {
      return encodeURIComponent(value);
    } catch {
      return value.replace(/[\ud800-\udfff]/g, '%ED%A0%80');
    }
  }
  // http.request sends a path's characters U+0021..U+00FF as single bytes; anything else is escaped.
  const raw = [...value]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code > 0x20 && code <= (how === 'latin1' ? 0xff : 0x7e) && ch !== '#' && ch !== '?') return ch;
      return code > 0xff
        ? encodeURIComponent(ch.replace(/[\ud800-\udfff]/g, '?'))
        : `%${code.toString(16).padStart(2, '0')}`;
    })
    .join('');
  return how === 'broken' ? `${raw}%${raw.length % 2 === 0 ? 'G' : 'C3'}` : raw;
};

const deepJson = (depth: number, leaf: string) =>
  depth % 2 === 0
    ? `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

const jsonValue = fc.oneof(
  { weight: 3, arbitrary: nastyText },
  { weight: 1, arbitrary: canaryText },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 0, -1, 2 ** 53 + 1, null, true) },
);

type Ids = { leadId: string; customerId: string; taskId: string };

const leadBody = (email: string, extra: Record<string, unknown>) => ({
  UserDetails: { FirstName: 'Fuzz', LastName: 'Case', Email: email, Country: 'DE', ...extra },
  LeadSource: 'AppSource (SPZA)-PLT | contoso.fuzz-suite',
});

/** A body for a write route: a near-valid document with one field made hostile, or plain garbage. */
const bodyFor = (kind: NonNullable<Route['body']>) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(jsonValue, fc.nat(5), canaryText).map(([value, field, email]) => {
        const doc =
          kind === 'complete'
            ? { outcome: 'contacted', note: `${email} called`, by: email }
            : kind === 'preference'
              ? { optedOut: true, reason: `${email} asked`, by: email }
              : leadBody(email, {});
        const keys = Object.keys(doc);
        const key = keys[field % keys.length]!;
        const mutated = { ...doc, [key]: value };
        return JSON.stringify(kind === 'batch' ? [leadBody(email, {}), mutated] : mutated);
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(64, 65, 200, 3000), fc.constantFrom('1', '"x"', '1e400', 'null'))
        .map(([depth, leaf]) =>
          kind === 'complete' || kind === 'preference'
            ? `{"outcome":"contacted","optedOut":false,"note":${deepJson(depth, leaf)}}`
            : kind === 'batch'
              ? `[${deepJson(depth, leaf)}]`
              : deepJson(depth, leaf),
        ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '{}', '{"a":', '\u0000', '"\\ud800"') },
  );

type Case = {
  route: Route;
  ids: ReadonlyArray<number | string>;
  idEncoding: string;
  query: Array<[string, string, string]>;
  auth: 'valid' | 'wrong' | 'none' | 'query';
  headers: Array<[string, string]>;
  body: string | null;
  contentType: string;
  raw: boolean;
};

const caseArb: fc.Arbitrary<Case> = fc.constantFrom(...ROUTES).chain((route) =>
  fc.record({
    route: fc.constant(route),
    // path parameters: the seeded real one (0), or hostile text
    ids: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: paramValue }), {
      minLength: 1,
      maxLength: 1,
    }),
    idEncoding: encoding,
    query: fc.array(
      fc.tuple(
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...(route.query.length > 0 ? route.query : ['limit'])) },
          { weight: 1, arbitrary: fc.constantFrom('token', 'access_token', 'x', '%00', '__proto__') },
        ),
        paramValue,
        encoding,
      ),
      { maxLength: 4 },
    ),
    auth: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'wrong', 'none', 'query'),
    headers: fc.array(
      fc.tuple(
        fc.constantFrom('idempotency-key', 'if-none-match', 'x-correlation-id', 'accept', 'x-forwarded-for'),
        fc.oneof(
          fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
          canaryText,
          fc.constantFrom('*', 'W/"1.1"', '"x"'),
        ),
      ),
      { maxLength: 2 },
    ),
    body: route.body === undefined ? fc.constant(null) : bodyFor(route.body),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'application/json',
      'application/x-ndjson',
      'text/plain',
      'application/json; charset=latin1',
      'multipart/form-data; boundary=x',
    ),
    raw: fc.nat(19).map((n) => n === 0),
  }),
);

const pathOf = (c: Case, ids: Ids): string => {
  const value = c.ids[0]!;
  const id = (real: string) => (value === 0 ? real : encodeAs(String(value), c.idEncoding));
  const path = c.route.path
    .replace('{leadId}', id(ids.leadId))
    .replace('{customerId}', id(ids.customerId))
    .replace('{taskId}', id(ids.taskId))
    .replace('{secret}', value === 0 ? SECRET : `${id('x')}${CANARY}`);
  const query = c.query.map(([name, v, how]) => `${encodeAs(name, how)}=${encodeAs(v, how)}`);
  if (c.auth === 'query') query.push(`token=${TOKEN}`);
  return query.length === 0 ? path : `${path}?${query.join('&')}`;
};

const headersOf = (c: Case): Record<string, string> => ({
  ...Object.fromEntries(c.headers),
  ...(c.auth === 'valid' ? { authorization: `Bearer ${TOKEN}` } : {}),
  ...(c.auth === 'wrong' ? { authorization: `Bearer ${CANARY}-wrong-token-0000` } : {}),
  ...(c.body === null ? {} : { 'content-type': c.contentType }),
});

type Answer = { status: number; contentType: string; body: string };
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Sends the case through http.request with its hand-written path; null when the client refuses it. */
const send = (url: URL, c: Case, ids: Ids): Promise<Answer | null> =>
  new Promise((resolve, reject) => {
    let request: http.ClientRequest;
    try {
      request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: c.route.method,
          path: pathOf(c, ids),
          headers: headersOf(c),
          agent,
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: response.headers['content-type'] ?? '',
              body,
            }),
          );
          response.on('error', reject);
        },
      );
    } catch {
      resolve(null); // a header value Node will not send: not a request the server can see
      return;
    }
    request.setTimeout(30_000, () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', reject);
    request.end(c.body ?? undefined);
  });

/** Sends a request line with raw bytes (controls, spaces, NUL) over a bare socket: what no client library allows. */
const sendRaw = (url: URL, c: Case, ids: Ids): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const noise = Buffer.from(String(c.query[0]?.[1] ?? c.ids[0] ?? '\u0000'), 'latin1');
    const target = Buffer.concat([Buffer.from(pathOf(c, ids).slice(0, 200), 'latin1'), noise]);
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer within 30 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: *([^\r]*)/i.exec(head)?.[1] ?? '';
      resolve({ status, contentType, body: rest.join('\r\n\r\n') });
    });
    socket.write(
      Buffer.concat([
        Buffer.from(`${c.route.method} `),
        target,
        Buffer.from(
          ` HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        ),
      ]),
    );
  });

/** What is wrong with an answer, or null: no 5xx, errors as problem+json, successes as the route documents. */
const verdict = (c: Case, answer: Answer): string | null => {
  if (answer.status >= 500 || answer.status < 200) return `status ${answer.status}`;
  if (answer.status >= 400) {
    if (!answer.contentType.startsWith('application/problem+json'))
      return `${answer.status} as ${answer.contentType || 'no type'}`;
    try {
      const problem = JSON.parse(answer.body) as { status?: unknown; type?: unknown };
      if (problem.status !== answer.status || typeof problem.type !== 'string')
        return `${answer.status}: not a problem document`;
    } catch {
      return `${answer.status}: problem+json that is not JSON`;
    }
    return null;
  }
  if (answer.status === 304 || (answer.status >= 300 && c.route.path === '/docs')) return null;
  if (answer.status >= 300) return `unexpected redirect ${answer.status}`;
  if (!c.route.answers.test(answer.contentType)) return `${answer.status} as ${answer.contentType}`;
  if (json.test(answer.contentType)) {
    try {
      JSON.parse(answer.body);
    } catch {
      return `${answer.status}: JSON that does not parse`;
    }
  }
  return null;
};

// Every route with hostile paths, query strings, headers and bodies: the server keeps answering, only
// ever as documented, and its log keeps no token, secret or personal value from the requests.
describe('API fuzz (every route)', () => {
  let db: ScratchDatabase;
  let service: ServiceProcess;
  let ids: Ids;

  beforeAll(async () => {
    db = await createScratchDatabase('apifuzz');
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: db.url,
      LEADFLOW_BUS: 'memory',
      LEADFLOW_API_TOKENS: TOKEN,
      LEADFLOW_MARKETPLACE_SECRET: SECRET,
      // info: the request log is what must stay clean
      LOG_LEVEL: 'info',
    });
    const post = await fetch(`${service.url}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(leadBody(`${CANARY}-seed@example.org`, {})),
    });
    expect(post.status).toBe(202);
    const created = (await post.json()) as { leadId: string; customerId: string };
    let taskId = 'no-task-yet';
    for (let i = 0; i < 100 && taskId === 'no-task-yet'; i += 1) {
      const tasks = await fetch(`${service.url}/v1/tasks?customerId=${created.customerId}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      taskId = ((await tasks.json()) as { items: Array<{ taskId: string }> }).items[0]?.taskId ?? taskId;
      if (taskId === 'no-task-yet') await new Promise((r) => setTimeout(r, 200));
    }
    ids = { ...created, taskId };
  }, 120_000);
  afterAll(async () => {
    agent.destroy();
    await service?.stop();
    await db?.drop();
  });

  it(
    `answers ${CASES} hostile requests over every route as documented, and logs nothing it was sent in confidence`,
    async () => {
      const url = new URL(service.url);
      const cases = fc.sample(caseArb, { numRuns: CASES, seed: SEED });
      const failures = new Map<string, string>();
      const byRoute = new Map<string, number>();
      const statuses = new Map<string, number>();
      let next = 0;
      let sent = 0;
      const worker = async () => {
        while (next < cases.length && failures.size < 40) {
          const c = cases[next++]!;
          let answer: Answer | null;
          try {
            answer = c.raw ? await sendRaw(url, c, ids) : await send(url, c, ids);
          } catch (error) {
            failures.set(
              `no answer: ${(error as Error).message}`,
              `${c.route.method} ${pathOf(c, ids).slice(0, 200)}`,
            );
            continue;
          }
          if (answer === null) continue;
          sent += 1;
          const key = `${c.route.method} ${c.route.path}`;
          byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
          const status = `${c.raw ? 'raw ' : ''}${answer.status}`;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const wrong = verdict(c, answer);
          // one example per kind of failure and route keeps the report readable
          if (wrong !== null && !failures.has(`${key}: ${wrong}`))
            failures.set(
              `${key}: ${wrong}`,
              `${c.raw ? 'raw ' : ''}${c.route.method} ${JSON.stringify(pathOf(c, ids).slice(0, 200))} body ${JSON.stringify(c.body?.slice(0, 120))} -> ${answer.body.slice(0, 200)}`,
            );
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      process.stdout.write(
        `api fuzz: ${sent} requests, answers ${JSON.stringify(Object.fromEntries(statuses))}\n`,
      );

      expect([...failures].map(([kind, example]) => `${kind}\n    e.g. ${example}`)).toEqual([]);
      // every route was exercised
      expect([...byRoute.keys()].sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
      expect(sent).toBeGreaterThan(CASES * 0.9);
      // no crash
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      expect(service.child.exitCode).toBeNull();
      // nothing sent in confidence is in the log
      await new Promise((r) => setTimeout(r, 500));
      const log = service.output();
      // the log was written (a request line per answer at info): the check below looks at something
      expect(log.split('\n').length).toBeGreaterThan(sent / 4);
      const leaks = [TOKEN, SECRET, CANARY].filter((secret) => log.includes(secret));
      const context = leaks.map((secret) => {
        const at = log.indexOf(secret);
        return log.slice(Math.max(0, at - 200), at + 100);
      });
      expect(context).toEqual([]);
    },
    30 * 60_000,
  );
});
