import { createWriteStream } from 'node:fs';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { prepareExport, rowWriterFactory, type Dataset, type ExportFormat } from '@leadflow/analytics';
import type { Config } from '@leadflow/config';
import { DataDirLockedError, type SqlEventStore } from '@leadflow/eventstore';
import type { Logger } from '@leadflow/observability';
import { CUSTOMERS_PROJECTION, createProgressBar, ensureReadModel } from '@leadflow/projections';
import { decodeExportRequest, exportFilterOf, type ExportQuery } from '@leadflow/query';
import * as E from 'fp-ts/Either';

export const EXPORT_USAGE = `usage: pnpm leadflow export <events|customers|tasks> [options]
  --format ndjson|csv|parquet   default: from the --out file's extension, else ndjson
  --out FILE|-                  default - (stdout)
  --from ISO --until ISO        time window (from inclusive, until exclusive)
  --after-position P            continue an export that reported last position P
  --type T --offer O --source S filters (type: events only)
  --server URL --token T        export through a running server's HTTP API (used by itself when the
                                embedded data directory is locked by the running server)`;

const FLAGS: Readonly<Record<string, string>> = {
  '--format': 'format',
  '--out': 'out',
  '--from': 'from',
  '--until': 'until',
  '--after-position': 'afterPosition',
  '--type': 'type',
  '--offer': 'offer',
  '--source': 'source',
  '--server': 'server',
  '--token': 'token',
};
const QUERY_KEYS = ['format', 'from', 'until', 'afterPosition', 'type', 'offer', 'source'];

/** Parsed command line: the dataset, query values (as the route's query string) and where to write. */
interface ExportArgs {
  readonly dataset: string;
  readonly query: Record<string, string>;
  readonly out: string;
  readonly server: string | null;
  readonly token: string | null;
}

/** Parses `export <dataset> --flag value …`; null with a message on a malformed line. */
export const parseExportArgs = (args: ReadonlyArray<string>): E.Either<string, ExportArgs> => {
  const [dataset, ...rest] = args;
  if (dataset === undefined || dataset.startsWith('-')) return E.left(EXPORT_USAGE);
  const values: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const [name, inline] = flag.includes('=') ? flag.split(/=(.*)/s, 2) : [flag, undefined];
    const key = FLAGS[name ?? ''];
    if (key === undefined) return E.left(`unknown option ${name}\n${EXPORT_USAGE}`);
    const value = inline ?? rest[i + 1];
    if (inline !== undefined) i -= 1;
    if (value === undefined) return E.left(`${name} needs a value\n${EXPORT_USAGE}`);
    values[key] = value;
  }
  const out = values['out'] ?? '-';
  const byExtension = /\.(parquet|csv|ndjson|jsonl)$/i.exec(out)?.[1]?.toLowerCase();
  const query = Object.fromEntries(
    QUERY_KEYS.filter((k) => values[k] !== undefined).map((k) => [k, values[k]!]),
  );
  if (query['format'] === undefined && byExtension !== undefined)
    query['format'] = byExtension === 'jsonl' ? 'ndjson' : byExtension;
  return E.right({ dataset, query, out, server: values['server'] ?? null, token: values['token'] ?? null });
};

/** Counts rows in a text export as it passes (lines; the NDJSON trailer and the CSV header excluded). */
const lineCounter = (onLines: (n: number) => void) =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let n = 0;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n += 1;
      onLines(n);
      done(null, chunk);
    },
  });

const sinkOf = (out: string): Writable => (out === '-' ? process.stdout : createWriteStream(out));

/** What an export run reports. */
interface ExportSummary {
  readonly rows: number | null;
  readonly lastPosition: string;
  readonly bytes: number;
}

const progress = (total: number) =>
  process.stderr.isTTY ? createProgressBar(total, process.stderr) : undefined;

/** Exports straight from the store (postgres, or an embedded data directory no server holds). */
const exportDirect = async (
  store: SqlEventStore,
  readSchema: string,
  dataset: Dataset,
  query: ExportQuery,
  out: string,
): Promise<ExportSummary> => {
  const prepared = await prepareExport({ store, readSchema }, dataset, exportFilterOf(query));
  const writer = (await rowWriterFactory(query.format ?? 'ndjson'))(prepared.columns);
  const bar = progress(prepared.total);
  let bytes = 0;
  let scanned = 0;
  const chunks = prepared.chunks(writer, (n) => {
    scanned = n;
    bar?.update(n);
  });
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(Readable.from(chunks, { highWaterMark: 1 }), counted, sinkOf(out));
  bar?.finish(scanned);
  return { rows: prepared.count(), lastPosition: prepared.lastPosition, bytes };
};

/** Exports through a running server's `GET /v1/export/{dataset}`. */
const exportOverHttp = async (
  server: string,
  token: string | null,
  dataset: Dataset,
  query: ExportQuery,
  raw: Record<string, string>,
  out: string,
): Promise<ExportSummary> => {
  const url = new URL(`/v1/export/${dataset}`, server);
  for (const [key, value] of Object.entries(raw)) url.searchParams.set(key, value);
  const response = await fetch(url, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200 || response.body === null)
    throw new Error(`the server answered ${response.status}: ${(await response.text()).slice(0, 2000)}`);
  const lastPosition = response.headers.get('leadflow-last-position') ?? '?';
  const total = Number(response.headers.get('leadflow-total-rows') ?? 0);
  const format: ExportFormat = query.format ?? 'ndjson';
  const text = format !== 'parquet';
  const bar = text ? progress(total) : undefined;
  let lines = 0;
  let bytes = 0;
  const counter = lineCounter((n) => {
    lines += n;
    bar?.update(lines);
  });
  counter.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await pipeline(
    Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]),
    counter,
    sinkOf(out),
  );
  bar?.finish(lines);
  // NDJSON's last line is the trailer and CSV's first the header; Parquet's count is in its footer.
  return { rows: text ? Math.max(0, lines - 1) : null, lastPosition, bytes };
};

const serverOf = (config: Config): string =>
  `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${config.port}`;

const readToken = (config: Config): string | null =>
  config.apiTokens.find((t) => t.scopes.includes('read'))?.token ?? null;

/**
 * `leadflow export <dataset> …`: through the server when `--server` is given or the embedded data
 * directory is locked by the running server (a second process on it would corrupt it), else straight
 * from the store. Data goes to `--out` (stdout by default); the summary to stderr.
 */
export const runExport = async (
  args: ReadonlyArray<string>,
  deps: {
    readonly config: () => Config;
    readonly logger: (config: Config) => Logger;
    readonly openStore: (config: Config, logger: Logger) => Promise<SqlEventStore>;
    readonly fail: (message: string, code?: number) => never;
  },
): Promise<void> => {
  const parsed = parseExportArgs(args);
  if (E.isLeft(parsed)) return deps.fail(parsed.left);
  const { dataset: name, query: raw, out, server, token } = parsed.right;
  const decoded = decodeExportRequest(name, raw);
  if (E.isLeft(decoded))
    return deps.fail(
      decoded.left.map((e) => `${e.path.replace(/^\/(query|path)\//, '--')}: ${e.message}`).join('\n'),
    );
  const { dataset, query } = decoded.right;
  const config = server === null ? deps.config() : null;
  let summary: ExportSummary;
  if (server !== null) {
    summary = await exportOverHttp(server, token, dataset, query, raw, out);
  } else {
    const settings = config!;
    const logger = deps.logger(settings);
    let store: SqlEventStore | null = null;
    try {
      store = await deps.openStore(settings, logger);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      process.stderr.write(
        `the data directory is in use by the server (pid ${error.holderPid}): exporting through it\n`,
      );
    }
    if (store === null) {
      summary = await exportOverHttp(
        serverOf(settings),
        token ?? readToken(settings),
        dataset,
        query,
        raw,
        out,
      );
    } else {
      try {
        const readSchema = await ensureReadModel(store.executor, {
          base: settings.readSchema,
          name: CUSTOMERS_PROJECTION,
        });
        summary = await exportDirect(store, readSchema, dataset, query, out);
      } finally {
        await store.close();
      }
    }
  }
  const rows = summary.rows === null ? `${summary.bytes} bytes` : `${summary.rows} ${dataset} rows`;
  process.stderr.write(
    `exported ${rows} up to position ${summary.lastPosition}; continue with --after-position ${summary.lastPosition}\n`,
  );
};
