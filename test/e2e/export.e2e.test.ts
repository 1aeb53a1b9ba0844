import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { EVENT_COLUMNS } from '@leadflow/analytics';
import { getPostgresEventStore, type RecordedEvent, type SqlEventStore } from '@leadflow/eventstore';
import {
  createScratchDatabase,
  deliveryText,
  loadSampleDeliveries,
  repoRoot,
  startService,
  type ScratchDatabase,
  type ServiceProcess,
} from '../infra';
import { waitForProjection } from './projections.harness';

const run = promisify(execFile);
type Json = Record<string, unknown>;

/** A strict RFC 4180 reader (CRLF records, quoted fields), independent of the writer. */
const parseCsv = (input: string): string[][] => {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  for (let i = 0; i < input.length;) {
    if (input[i] === '"') {
      for (i += 1; !(input[i] === '"' && input[i + 1] !== '"'); i += 1) {
        if (input[i] === '"') i += 1;
        field += input[i];
      }
      i += 1;
    } else if (input[i] === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (input.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else field += input[i++];
  }
  return records;
};

const columnNames = EVENT_COLUMNS.map((c) => c.name);

// Acceptance: the corpus through the API, then `events` exported in the three formats, each holding
// exactly the events of the log in position order; continued exports equal a single full export.
describe('export: events round trip through the HTTP API and the CLI', () => {
  let db: ScratchDatabase;
  let service: ServiceProcess;
  let store: SqlEventStore;
  let dir: string;
  let log: RecordedEvent[] = [];

  const readLog = async (): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for (let page = await store.readAll({ maxCount: 1000 }); page.length > 0;) {
      events.push(...page);
      page = await store.readAll({ fromPosition: page[page.length - 1]!.globalPosition, maxCount: 1000 });
    }
    return events;
  };
  /** Waits until the projection caught up and no event was appended for a second (follow-ups settle). */
  const settle = async () => {
    let head = '';
    for (;;) {
      await waitForProjection(service.url);
      const events = await readLog();
      const now = String(events[events.length - 1]?.globalPosition);
      if (now === head) return events;
      head = now;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const exportText = async (query: string) => {
    const response = await fetch(`${service.url}/v1/export/events?${query}`);
    expect(response.status).toBe(200);
    return { text: await response.text(), headers: response.headers };
  };
  const ndjson = async (query = '') => {
    const { text, headers } = await exportText(`format=ndjson&${query}`);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    return {
      rows: lines.slice(0, -1),
      trailer: lines[lines.length - 1],
      lastPosition: headers.get('leadflow-last-position'),
    };
  };
  const post = async (body: string, headers: Record<string, string> = {}) =>
    fetch(`${service.url}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lf-export-'));
    db = await createScratchDatabase('export');
    service = await startService('services/leadflow/src/main.ts', {
      LEADFLOW_EVENTSTORE: 'postgres',
      DATABASE_URL: db.url,
    });
    store = await getPostgresEventStore({ connectionString: db.url });
    // Given every delivery of the corpus POSTed over HTTP in arrival order
    for (const d of loadSampleDeliveries()) await (await post(deliveryText(d), d.headers)).arrayBuffer();
    log = await settle();
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    await service?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('NDJSON holds exactly the events of the log in position order, with the documented columns and a trailer', async () => {
    const { rows, trailer, lastPosition } = await ndjson();
    expect(log.length).toBeGreaterThan(100);
    for (const row of rows) expect(Object.keys(row)).toEqual(columnNames);
    expect(
      rows.map((r) => [r['position'], r['eventId'], r['streamRevision'], r['type'], r['recordedAt']]),
    ).toEqual(
      log.map((e) => [
        String(e.globalPosition),
        e.id,
        Number(e.streamRevision),
        e.type,
        e.createdAt.toISOString(),
      ]),
    );
    const last = String(log[log.length - 1]!.globalPosition);
    expect(lastPosition).toBe(last);
    expect(trailer).toEqual({ _trailer: { lastPosition: last, count: log.length } });
    // Leads carry their non-personal facts and the stage after them; nothing personal is exported
    const leads = rows.filter((r) => r['type'] === 'LeadReceived');
    expect(leads.every((r) => typeof r['leadId'] === 'string' && typeof r['action'] === 'string')).toBe(true);
    expect(leads.filter((r) => r['stage'] !== null).length).toBeGreaterThan(leads.length / 2);
    expect(JSON.stringify(rows)).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);
  });

  it('CSV holds the same rows under a header of the column names', async () => {
    const { rows } = await ndjson();
    const { text, headers } = await exportText('format=csv');
    expect(headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(columnNames);
    expect(records).toEqual(rows.map((r) => columnNames.map((c) => (r[c] === null ? '' : String(r[c])))));
  });

  it('Parquet, read back by DuckDB, holds the same rows with typed columns', async () => {
    const { rows } = await ndjson();
    const response = await fetch(`${service.url}/v1/export/events?format=parquet`);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const file = path.join(dir, 'events.parquet');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const types = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(types.getRowObjectsJS().map((t) => [t['column_name'], t['column_type']])).toEqual(
      EVENT_COLUMNS.map((c) => [
        c.name,
        { position: 'BIGINT', integer: 'BIGINT', timestamp: 'TIMESTAMP WITH TIME ZONE' }[c.kind as string] ??
          'VARCHAR',
      ]),
    );
    const read = await connection.runAndReadAll(
      `SELECT * REPLACE (position::text AS position, streamRevision::int AS streamRevision,
              strftime(recordedAt AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS recordedAt)
         FROM read_parquet('${file}')`,
    );
    expect(read.getRowObjectsJS()).toEqual(rows);
    connection.closeSync();
  });

  it('an export continued after a position equals the rest of a full export (stages folded from before it)', async () => {
    const { rows } = await ndjson();
    const middle = rows[Math.floor(rows.length / 2)]!;
    const rest = await ndjson(`afterPosition=${String(middle['position'])}`);
    expect(rest.rows).toEqual(rows.slice(rows.indexOf(middle) + 1));
    expect(rest.rows.some((r) => r['streamRevision'] !== 0 && r['stage'] !== null)).toBe(true);
  });

  it('a first export, continued with afterPosition after more leads, equals a single full export', async () => {
    // Given a first export, then new leads (two customers, merged by a third lead)
    const first = await ndjson();
    for (const customer of [
      { Email: 'export.probe@example.org', FirstName: 'Ada', LastName: 'Probe' },
      { Phone: '+14155550188', Country: 'US', FirstName: 'Bob', LastName: 'Probe' },
      { Email: 'export.probe@example.org', Phone: '+14155550188', Country: 'US' },
    ])
      await (
        await post(
          JSON.stringify({
            UserDetails: customer,
            LeadSource: 'AzureMarketplace',
            ActionCode: 'PLT',
            OfferTitle: 'Probe',
          }),
        )
      ).arrayBuffer();
    log = await settle();
    // When the export is continued from the position the first one reported
    const second = await ndjson(`afterPosition=${first.lastPosition!}`);
    const full = await ndjson();
    // Then both parts together are the full export, and the full export ends where the second did
    expect(second.rows.map((r) => r['type'])).toContain('CustomerMerged');
    expect(full.lastPosition).toBe(second.lastPosition);
    expect([...first.rows, ...second.rows]).toEqual(full.rows);
    expect(full.rows.length).toBe(log.length);
  });

  it('filters by type, offer, source and time, and answers 400 with the parameter path on bad input', async () => {
    const { rows } = await ndjson();
    const leads = await ndjson('type=LeadReceived');
    expect(leads.rows).toEqual(rows.filter((r) => r['type'] === 'LeadReceived'));
    const withOffer = rows.find((r) => typeof r['offerId'] === 'string')!;
    const byOffer = await ndjson(
      `offer=${encodeURIComponent(`${String(withOffer['publisherId'])}.${String(withOffer['offerId'])}`)}`,
    );
    expect(byOffer.rows.length).toBeGreaterThan(0);
    expect(byOffer.rows.every((r) => r['offerId'] === withOffer['offerId'])).toBe(true);
    const bySource = await ndjson(`source=${encodeURIComponent(String(withOffer['source']))}`);
    expect(bySource.rows).toEqual(rows.filter((r) => r['source'] === withOffer['source']));
    const from = String(rows[10]!['recordedAt']);
    const until = String(rows[20]!['recordedAt']);
    const window = await ndjson(`from=${from}&until=${until}`);
    expect(window.rows).toEqual(
      rows.filter((r) => String(r['recordedAt']) >= from && String(r['recordedAt']) < until),
    );
    for (const [query, path] of [
      ['from=2026-02-30', '/query/from'],
      ['until=yesterday', '/query/until'],
      ['afterPosition=-1', '/query/afterPosition'],
      ['format=xlsx', '/query/format'],
      ['type=Nope', '/query/type'],
    ]) {
      const response = await fetch(`${service.url}/v1/export/events?${query}`);
      expect({ query, status: response.status, type: response.headers.get('content-type') }).toEqual({
        query,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(JSON.stringify(await response.json())).toContain(path);
    }
    expect((await fetch(`${service.url}/v1/export/customers?type=LeadReceived`)).status).toBe(400);
    expect((await fetch(`${service.url}/v1/export/leads`)).status).toBe(400);
  });

  it('exports customers and tasks from the read models, bounded by the checkpoint', async () => {
    const customers = await (await fetch(`${service.url}/v1/export/customers`)).text();
    const lines = customers
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    const trailer = lines.pop() as { _trailer: { count: number; lastPosition: string } };
    expect(lines.length).toBe(trailer._trailer.count);
    expect(lines.length).toBeGreaterThan(10);
    expect(new Set(lines.map((c) => c['customerId'])).size).toBe(lines.length);
    const tasks = await (await fetch(`${service.url}/v1/export/tasks?format=csv`)).text();
    const [header, ...records] = parseCsv(tasks);
    expect(header?.[0]).toBe('taskId');
    expect(records.length).toBeGreaterThan(0);
    const later = await (
      await fetch(`${service.url}/v1/export/customers?afterPosition=${trailer._trailer.lastPosition}`)
    ).text();
    expect(later.trimEnd().split('\n')).toHaveLength(1);
  });

  it('is documented in the OpenAPI document with its parameters, formats and position header', async () => {
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        { get?: { parameters: Array<{ name: string }>; responses: Record<string, Json> } }
      >;
    };
    const route = doc.paths['/v1/export/{dataset}']?.get;
    expect(route?.parameters.map((p) => p.name).sort()).toEqual(
      ['afterPosition', 'dataset', 'format', 'from', 'offer', 'source', 'type', 'until'].sort(),
    );
    const ok = route?.responses['200'] as { content: Json; headers: Json };
    expect(Object.keys(ok.content)).toEqual([
      'application/x-ndjson; charset=utf-8',
      'text/csv; charset=utf-8; header=present',
      'application/vnd.apache.parquet',
    ]);
    expect(Object.keys(ok.headers)).toContain('leadflow-last-position');
  });

  it('the CLI exports the same rows straight from PostgreSQL and through the server', async () => {
    const { text } = await exportText('format=ndjson');
    const cli = (args: string[], env: Record<string, string> = {}) =>
      run(
        process.execPath,
        ['--import', 'tsx', 'services/leadflow/src/cli.ts', 'export', 'events', ...args],
        {
          cwd: repoRoot,
          env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        },
      );
    const direct = path.join(dir, 'direct.ndjson');
    const summary = await cli(['--out', direct], { LEADFLOW_EVENTSTORE: 'postgres', DATABASE_URL: db.url });
    expect(readFileSync(direct, 'utf8')).toBe(text);
    const last = String(log[log.length - 1]!.globalPosition);
    expect(summary.stderr).toContain(`exported ${log.length} events rows up to position ${last}`);
    const viaServer = path.join(dir, 'server.csv');
    const served = await cli(['--server', service.url, '--out', viaServer]);
    expect(readFileSync(viaServer, 'utf8')).toBe((await exportText('format=csv')).text);
    expect(served.stderr).toContain(`--after-position ${last}`);
    const bad = await cli(['--from', 'soon']).catch((error: { code: number; stderr: string }) => error);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--from') });
  });
});

// The embedded default: a second process on the data directory would corrupt it, so while the server
// holds it the CLI exports through the server; once the server stopped, straight from the directory.
describe('export: the CLI on the embedded default', () => {
  let dir: string;
  let service: ServiceProcess | undefined;
  const env = () => ({ LEADFLOW_EVENTSTORE: 'pglite', LEADFLOW_DATA_DIR: path.join(dir, 'data') });
  const cli = (args: string[], extra: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'services/leadflow/src/cli.ts', 'export', 'events', ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env(), ...extra },
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lf-export-embedded-'));
    service = await startService('services/leadflow/src/main.ts', env());
    for (const email of ['ada@contoso.com', 'bob@fabrikam.com'])
      await (
        await fetch(`${service.url}/v1/leads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            UserDetails: { Email: email },
            LeadSource: 'AzureMarketplace',
            ActionCode: 'PLT',
          }),
        })
      ).arrayBuffer();
    // Until the follow-ups settled: the head stays put for a second
    for (let head = ''; ;) {
      await waitForProjection(service.url);
      const now = (await fetch(`${service.url}/v1/export/events?type=LeadReceived`)).headers.get(
        'leadflow-last-position',
      )!;
      if (now === head) break;
      head = now;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes through the running server, then reads the directory itself once the server stopped', async () => {
    const running = service!;
    const served = await (await fetch(`${running.url}/v1/export/events`)).text();
    const out = path.join(dir, 'through.ndjson');
    const through = await cli(['--out', out], { LEADFLOW_PORT: new URL(running.url).port });
    expect(through.stderr).toContain('exporting through it');
    expect(readFileSync(out, 'utf8')).toBe(served);
    await running.stop();
    service = undefined;
    const direct = path.join(dir, 'direct.ndjson');
    const alone = await cli(['--out', direct], {});
    expect(alone.stderr).not.toContain('exporting through it');
    expect(readFileSync(direct, 'utf8')).toBe(served);
  });
});
