import { getPostgresEventStore, type SqlEventStore } from '@leadflow/eventstore';
import { createSqlWriteSide, rebuildWriteSide } from '@leadflow/ingestion';
import {
  CUSTOMERS_PROJECTION,
  DEFAULT_READ_SCHEMA,
  appendSyntheticLog,
  compareReadModels,
  liveSchemaOf,
  rebuildProjection,
  syntheticLog,
} from '@leadflow/projections';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

// The privacy commands and the master key at start, as an operator meets them: real processes on a
// PostgreSQL store written before personal data was sealed (v1 LeadReceived events in clear, a clear
// identity index).

const root = path.resolve(__dirname, '../../../..');
const location = { base: DEFAULT_READ_SCHEMA, name: CUSTOMERS_PROJECTION };

interface Run {
  code: number | null;
  out: string;
}

/** Runs a leadflow entry point to its end (or `timeoutMs`), with the master key only as `env` gives it. */
const run = (entry: string, args: string[], env: Record<string, string>, timeoutMs = 120_000) =>
  new Promise<Run>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry), ...args], {
      cwd: root,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        LEADFLOW_MASTER_KEY: '',
        LEADFLOW_MASTER_KEY_FILE: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Starts the leadflow server; resolves once /readyz answers 200, or with how it ended if it exits first. */
const startServer = async (env: Record<string, string>) => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'services/leadflow/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        LEADFLOW_HOST: '127.0.0.1',
        LEADFLOW_PORT: String(port),
        LEADFLOW_BUS: 'memory',
        LEADFLOW_FOLLOWUPS_IN_PROCESS: 'false',
        LEADFLOW_MASTER_KEY: '',
        LEADFLOW_MASTER_KEY_FILE: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  let exit: number | null | undefined;
  child.once('exit', (code) => (exit = code));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (exit !== undefined) return { kind: 'exited' as const, code: exit, out };
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready)
      return {
        kind: 'ready' as const,
        url,
        stop: async () => {
          child.kill('SIGTERM');
          if (exit === undefined) await new Promise((r) => child.once('exit', r));
        },
      };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`leadflow did not become ready: ${out}`);
};

/**
 * Readers see a commit once no older transaction is in flight on the server (any database's): wait
 * until the whole log is readable, or the read model built from it would miss the newest events.
 */
const waitUntilVisible = async (store: SqlEventStore) => {
  const [{ n }] = (await store.executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${store.schema}.events`,
  )) as [{ n: number }];
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    let seen = 0;
    for (let from: bigint | 'start' = 'start'; ;) {
      const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
      seen += page.length;
      const last = page[page.length - 1];
      if (last === undefined) break;
      from = last.globalPosition;
    }
    if (seen === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the log did not become readable');
};

describe('leadflow privacy encrypt-existing, rotate-master-key, and the master key at start', () => {
  const database = `lf_privacy_cli_${Date.now().toString(36)}`;
  let dbUrl: string;
  let plain: SqlEventStore;
  let dir: string;
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: process.env['DATABASE_URL'] });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const dump = () =>
    execFileSync('pg_dump', ['--data-only', '--exclude-schema=leadflow_read*', dbUrl], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString('utf8');
  /** Values of the synthetic people that must not be stored in clear once sealed. */
  const clear = ['@example.org', 'Company 1', 'first3 last3'];
  const cli = (args: string[], env: Record<string, string>) =>
    run('services/leadflow/src/cli.ts', args, {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: dbUrl,
      ...env,
    });

  beforeAll(async () => {
    const base = process.env['DATABASE_URL'];
    if (!base) throw new Error('run through jest: the global setup sets DATABASE_URL');
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(base);
    url.pathname = `/${database}`;
    dbUrl = url.toString();
    dir = mkdtempSync(path.join(tmpdir(), 'lf-privacy-cli-'));
    // Given a store as leadflow wrote it before: clear v1 events, a clear identity index, its read model
    plain = await getPostgresEventStore({ connectionString: dbUrl });
    await createSqlWriteSide(plain, { rejectedMaxCount: 100, maxLeadBytes: 65536 });
    await appendSyntheticLog(plain, syntheticLog(600));
    await rebuildWriteSide(plain, plain.executor, plain.schema);
    await waitUntilVisible(plain);
    await rebuildProjection({ store: plain, location });
  }, 120_000);

  afterAll(async () => {
    await plain?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start on PostgreSQL without a master key, with the line that says what to set', async () => {
    const started = await startServer({ LEADFLOW_EVENTSTORE: 'postgres', DATABASE_URL: dbUrl });
    expect(started).toMatchObject({ kind: 'exited', code: 2 });
    expect(started.kind === 'exited' && started.out).toContain(
      'LEADFLOW_EVENTSTORE=postgres needs LEADFLOW_MASTER_KEY or LEADFLOW_MASTER_KEY_FILE',
    );
  }, 90_000);

  it('seals a clear store in place with every figure kept, then rotates the master key', async () => {
    const [v1] = await plain.executor.query<{ n: number; personal: number }>(
      `SELECT count(*) FILTER (WHERE event_type = 'LeadReceived' AND (metadata->>'schemaVersion')::int = 1)::int AS n,
              count(*) FILTER (WHERE data::text LIKE '%@example.org%')::int AS personal
         FROM ${plain.schema}.events`,
    );
    expect(v1!.n).toBeGreaterThan(100);
    const before = dump();
    for (const value of clear) expect(before).toContain(value);
    const readBefore = (await liveSchemaOf(plain.executor, location))!;
    const [{ n: eventsBefore }] = (await plain.executor.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${plain.schema}.events`,
    )) as [{ n: number }];

    // When the store is sealed and the read models rebuilt from it
    const sealed = await cli(['privacy', 'encrypt-existing'], { LEADFLOW_MASTER_KEY: oldKey });
    expect(sealed).toMatchObject({ code: 0 });
    // (the leads and the merges, whose identity summaries are personal too)
    expect(sealed.out).toMatch(new RegExp(`sealed ${v1!.personal} events in \\d+ streams`));
    const rebuilt = await cli(['projections', 'rebuild'], { LEADFLOW_MASTER_KEY: oldKey });
    expect(rebuilt).toMatchObject({ code: 0 });

    // Then nothing personal is left in clear outside the read models, no event was added or lost,
    // and the rebuilt read model equals the one from the clear log, row for row
    const after = dump();
    for (const value of clear) expect(after).not.toContain(value);
    const [{ n: eventsAfter, open: stillClear }] = (await plain.executor.query<{ n: number; open: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE event_type = 'LeadReceived' AND NOT (data ? 'sealed'))::int AS open
         FROM ${plain.schema}.events`,
    )) as [{ n: number; open: number }];
    expect({ eventsAfter, stillClear }).toEqual({ eventsAfter: eventsBefore, stillClear: 0 });
    const readAfter = (await liveSchemaOf(plain.executor, location))!;
    expect(readAfter).not.toBe(readBefore);
    expect(await compareReadModels(plain.executor, readBefore, readAfter)).toEqual([]);
    // Running it again finds nothing left to do
    const again = await cli(['privacy', 'encrypt-existing'], { LEADFLOW_MASTER_KEY: oldKey });
    expect(again.out).toContain('sealed 0 events in 0 streams');

    // When the master key is rotated to a new one
    const keyFile = path.join(dir, 'new.key');
    writeFileSync(keyFile, `${newKey}\n`, { mode: 0o600 });
    const rotated = await cli(['privacy', 'rotate-master-key', keyFile], { LEADFLOW_MASTER_KEY: oldKey });
    expect(rotated).toMatchObject({ code: 0 });
    expect(rotated.out).toMatch(/re-wrapped \d+ data keys/);

    // Then the old key is refused at start, with a message and no stack trace
    const refused = await startServer({
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: dbUrl,
      LEADFLOW_MASTER_KEY: oldKey,
    });
    expect(refused.kind).toBe('exited');
    if (refused.kind !== 'exited') return;
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('does not open this store');
    expect(refused.out).not.toMatch(/\n\s+at /);

    // And leadflow starts with the new key (from its file): it opens the sealed leads, and a new lead
    // of a known person still finds that person through the hashed index (the index key survived)
    const server = await startServer({
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: dbUrl,
      LEADFLOW_MASTER_KEY_FILE: keyFile,
    });
    expect(server.kind).toBe('ready');
    if (server.kind !== 'ready') return;
    try {
      const [known] = await plain.executor.query<{ customer_id: string }>(
        `SELECT coalesce(c.merged_into, c.customer_id) AS customer_id
           FROM ${readBefore}.identities i JOIN ${readBefore}.customers c ON c.customer_id = i.customer_id
          WHERE i.value = 'person3@example.org'`,
      );
      expect(known).toBeDefined();
      const view = (await (await fetch(`${server.url}/v1/customers/${known!.customer_id}`)).json()) as {
        emails: string[];
      };
      expect(view.emails).toContain('person3@example.org');
      const answer = await fetch(`${server.url}/v1/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'after-rotation-1',
          occurredAt: '2026-11-02T00:00:00Z',
          action: 'INS',
          source: 'AzureMarketplace',
          customer: { email: 'Person3@Example.org', country: 'US' },
        }),
      });
      expect(answer.status).toBe(202);
      expect(((await answer.json()) as { customerId: string }).customerId).toBe(known!.customer_id);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
