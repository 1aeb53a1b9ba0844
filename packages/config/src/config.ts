import * as E from 'fp-ts/Either';
import { custom, flag, integer, oneOf, pattern, text, type Variable } from './variable';

/** A bearer token and the scopes it grants (ingest, read, write, privacy). */
export interface ApiToken {
  token: string;
  scopes: ReadonlyArray<Scope>;
}
export type Scope = 'ingest' | 'read' | 'write' | 'privacy';
export const SCOPES: ReadonlyArray<Scope> = ['ingest', 'read', 'write', 'privacy'];

/** How the follow-up services run (publisher, followups consumer, overdue scanner). */
export interface FollowUpSettings {
  /** Run publisher, consumer and scanner inside the leadflow process. */
  readonly inProcess: boolean;
  /** Retries of a failing message before the DLQ. */
  readonly retries: number;
  /** First retry backoff in ms, doubling up to `maxBackoffMs`. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Partitions one consumer handles at once. */
  readonly concurrency: number;
  /** Different customers of one partition handled at once. */
  readonly keyConcurrency: number;
  /** Overdue scan period in ms. */
  readonly overdueScanMs: number;
  /** Events per publish batch. */
  readonly publisherBatch: number;
  /** Consumer group session timeout in ms. */
  readonly sessionTimeoutMs: number;
  /** Fraction of a task's time to due after which it is at risk. */
  readonly atRiskFraction: number;
}

/** leadflow's configuration, read from environment variables and validated at start. */
export interface Config {
  host: string;
  port: number;
  /** Most time a client may take to send a whole request (headers and body), in ms: then 408. */
  requestTimeoutMs: number;
  /** Most connections the HTTP server holds open at once; more are closed on arrival. */
  maxConnections: number;
  dataDir: string;
  eventStore: 'pglite' | 'postgres' | 'kurrentdb';
  databaseUrl: string | null;
  esdbConnectionString: string | null;
  bus: 'memory' | 'kafka';
  kafkaBrokers: ReadonlyArray<string>;
  /** Prefixes every topic and consumer group name (default none): several deployments on one cluster. */
  kafkaTopicPrefix: string;
  kafkaTopicPartitions: number;
  kafkaReplicationFactor: number;
  apiTokens: ReadonlyArray<ApiToken>;
  marketplaceSecret: string | null;
  /** The master key that wraps every customer's data key (32 bytes), from LEADFLOW_MASTER_KEY. */
  masterKey: Buffer | null;
  /** A file holding the master key (base64), from LEADFLOW_MASTER_KEY_FILE. */
  masterKeyFile: string | null;
  /** Customers with no activity for this many days are erased; null: never. */
  retentionDays: number | null;
  maxLeadBytes: number;
  maxBatchItems: number;
  dedupWindowSeconds: number;
  rejectedMaxCount: number;
  /** Run the projection runner in this process (LEADFLOW_PROJECTIONS=on). */
  runProjections: boolean;
  /** The read models' base schema. */
  readSchema: string;
  /** Events per projection transaction. */
  projectionBatch: number;
  followUps: FollowUpSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Parses `token:scope[+scope...]` entries separated by commas; a token without scopes gets all of them. */
export const parseApiTokens = (raw: string): E.Either<string, ApiToken[]> => {
  const tokens: ApiToken[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const [token = '', scopeList] = entry.split(':');
    if (token.length < 16) return E.left('LEADFLOW_API_TOKENS: every token must be at least 16 characters');
    const scopes = scopeList === undefined ? [...SCOPES] : scopeList.split('+').map((s) => s.trim());
    const unknown = scopes.filter((s) => !(SCOPES as ReadonlyArray<string>).includes(s));
    if (unknown.length > 0) {
      return E.left(
        `LEADFLOW_API_TOKENS: unknown scope ${unknown.join(', ')} (expected ${SCOPES.join(', ')})`,
      );
    }
    tokens.push({ token, scopes: scopes as Scope[] });
  }
  return E.right(tokens);
};

const BROKER = /^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/;

/** Every variable of the top level of Config, in the order the documentation lists them. */
const fields: { readonly [K in Exclude<keyof Config, 'followUps'>]: Variable<Config[K]> } = {
  host: pattern({
    name: 'LEADFLOW_HOST',
    group: 'HTTP server',
    meaning:
      'Address the HTTP server binds to. Any address other than a loopback one needs `LEADFLOW_API_TOKENS`.',
    fallback: '127.0.0.1',
    pattern: /^[A-Za-z0-9.\-:[\]]{1,253}$/,
    allowed: 'a host name or an IPv4/IPv6 address',
    badExample: 'no such host!',
  }),
  port: integer({
    name: 'LEADFLOW_PORT',
    group: 'HTTP server',
    meaning: 'TCP port of the HTTP server (0: any free port).',
    fallback: 8080,
    min: 0,
    max: 65535,
  }),
  requestTimeoutMs: integer({
    name: 'LEADFLOW_REQUEST_TIMEOUT_MS',
    group: 'HTTP server',
    meaning:
      'Most time a client may take to send a whole request, headers and body, in ms: a slower one is ' +
      'answered 408 and disconnected, so a trickling upload cannot hold a connection open.',
    fallback: 30_000,
    min: 100,
    max: 600_000,
  }),
  maxConnections: integer({
    name: 'LEADFLOW_MAX_CONNECTIONS',
    group: 'HTTP server',
    meaning: 'Most connections the HTTP server holds open at once; further ones are closed on arrival.',
    fallback: 1024,
    min: 1,
    max: 1_000_000,
  }),
  dataDir: text({
    name: 'LEADFLOW_DATA_DIR',
    group: 'Event store and databases',
    meaning: 'Directory of the embedded store (`LEADFLOW_EVENTSTORE=pglite`); created when missing.',
    fallback: './.leadflow',
  }),
  eventStore: oneOf({
    name: 'LEADFLOW_EVENTSTORE',
    group: 'Event store and databases',
    meaning:
      'Where the events live: `pglite` embedded on local disk; `postgres` events and tables in `DATABASE_URL`; ' +
      '`kurrentdb` streams in `ESDB_CONNECTION_STRING`, tables (write-side index, checkpoints, read models) in `DATABASE_URL`.',
    fallback: 'pglite',
    values: ['pglite', 'postgres', 'kurrentdb'] as const,
  }),
  databaseUrl: pattern({
    name: 'DATABASE_URL',
    group: 'Event store and databases',
    meaning: 'PostgreSQL connection string. Needed by `postgres` and `kurrentdb`.',
    fallback: null,
    pattern: /^postgres(ql)?:\/\/\S*$/,
    allowed: 'a postgres:// or postgresql:// URL',
    badExample: 'mysql://localhost/leadflow',
  }),
  esdbConnectionString: pattern({
    name: 'ESDB_CONNECTION_STRING',
    group: 'Event store and databases',
    meaning: 'KurrentDB connection string. Needed by `kurrentdb`.',
    fallback: null,
    pattern: /^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\/\S+$/,
    allowed: 'an esdb:// (or esdb+discover://, kurrentdb://) connection string',
    badExample: 'http://localhost:2113',
  }),
  bus: oneOf({
    name: 'LEADFLOW_BUS',
    group: 'Bus and Kafka',
    meaning: 'The message bus: `memory` in process (embedded default), or `kafka`.',
    fallback: 'memory',
    values: ['memory', 'kafka'] as const,
  }),
  kafkaBrokers: custom({
    name: 'KAFKA_BROKERS',
    group: 'Bus and Kafka',
    meaning: 'Kafka bootstrap brokers, comma separated. Needed by `LEADFLOW_BUS=kafka`.',
    defaultText: 'unset',
    allowed: '`host:port[,host:port...]`',
    badExample: 'nohost',
    read: (raw) => {
      if (raw === undefined) return E.right([]);
      const list = raw.split(',').map((b) => b.trim());
      const bad = list.filter((b) => !BROKER.test(b));
      return bad.length === 0
        ? E.right(list)
        : E.left(`KAFKA_BROKERS: expected host:port entries, got ${bad.join(', ')}`);
    },
  }),
  kafkaTopicPrefix: pattern({
    name: 'LEADFLOW_KAFKA_TOPIC_PREFIX',
    group: 'Bus and Kafka',
    meaning: 'Prefix of every topic and consumer group name: several deployments on one cluster.',
    fallback: '',
    pattern: /^[A-Za-z0-9._-]{0,100}$/,
    allowed: "up to 100 letters, digits, '.', '_' or '-'",
    badExample: 'leads/prod',
  }),
  kafkaTopicPartitions: integer({
    name: 'LEADFLOW_KAFKA_PARTITIONS',
    group: 'Bus and Kafka',
    meaning: 'Partitions of the topics leadflow creates when they are missing.',
    fallback: 6,
    min: 1,
    max: 1000,
  }),
  kafkaReplicationFactor: integer({
    name: 'LEADFLOW_KAFKA_REPLICATION_FACTOR',
    group: 'Bus and Kafka',
    meaning: 'Replication factor of the topics leadflow creates.',
    fallback: 1,
    min: 1,
    max: 10,
  }),
  apiTokens: custom({
    name: 'LEADFLOW_API_TOKENS',
    group: 'Security',
    meaning:
      'Bearer tokens and their scopes (`ingest`, `read`, `write`, `privacy`); a token without scopes gets all. ' +
      'Unset: the API runs open, which only a loopback `LEADFLOW_HOST` allows.',
    defaultText: 'unset',
    allowed: '`token[:scope+scope...][,...]`, tokens of 16 characters or more',
    badExample: 'short:ingest',
    read: (raw) => (raw === undefined ? E.right([]) : parseApiTokens(raw)),
  }),
  marketplaceSecret: custom({
    name: 'LEADFLOW_MARKETPLACE_SECRET',
    group: 'Security',
    meaning:
      'Secret in the path of the marketplace webhook, `POST /v1/marketplace/<secret>`. Unset: that route answers 404.',
    defaultText: 'unset',
    allowed: 'text of 16 characters or more',
    badExample: 'too-short',
    read: (raw) =>
      raw === undefined
        ? E.right(null)
        : raw.length >= 16
          ? E.right(raw)
          : E.left('LEADFLOW_MARKETPLACE_SECRET: must be at least 16 characters'),
  }),
  masterKey: custom({
    name: 'LEADFLOW_MASTER_KEY',
    group: 'Security',
    meaning:
      "Master key (base64 of 32 random bytes) that wraps each customer's data key. Unset: `LEADFLOW_MASTER_KEY_FILE`, " +
      'else (embedded store only) a key file created in `LEADFLOW_DATA_DIR`; with `postgres` or `kurrentdb` one of the ' +
      'two is required, the same in every process. A key other than the one the store was written with is refused at start.',
    defaultText: 'unset',
    allowed: 'base64 of exactly 32 bytes',
    badExample: 'c2hvcnQ=',
    read: (raw) => {
      if (raw === undefined) return E.right(null);
      const key = /^[A-Za-z0-9+/=_-]+$/.test(raw) ? Buffer.from(raw, 'base64') : Buffer.alloc(0);
      return key.length === 32
        ? E.right(key)
        : E.left('LEADFLOW_MASTER_KEY: expected base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)');
    },
  }),
  masterKeyFile: {
    name: 'LEADFLOW_MASTER_KEY_FILE',
    group: 'Security',
    meaning:
      'File holding the master key (base64 of 32 bytes), read at start; used when `LEADFLOW_MASTER_KEY` is unset. ' +
      'With the embedded store and neither set, `<LEADFLOW_DATA_DIR>/master.key` is used (created with mode 0600).',
    defaultText: 'unset',
    allowed: 'a file path',
    badExample: null,
    read: (raw) => E.right(raw ?? null),
  },
  retentionDays: custom({
    name: 'LEADFLOW_RETENTION_DAYS',
    group: 'Security',
    meaning:
      'Customers with no activity (lead, task, preference change) for this many days are erased automatically ' +
      'by the retention scanner. Unset: off.',
    defaultText: 'unset (off)',
    allowed: 'integer 1 to 36500',
    badExample: '0',
    read: (raw) => {
      if (raw === undefined) return E.right(null);
      const n = Number(raw);
      return Number.isInteger(n) && n >= 1 && n <= 36_500
        ? E.right(n)
        : E.left(`LEADFLOW_RETENTION_DAYS=${JSON.stringify(raw)}: expected an integer from 1 to 36500`);
    },
  }),
  maxLeadBytes: integer({
    name: 'LEADFLOW_MAX_LEAD_BYTES',
    group: 'Ingestion',
    meaning: 'Largest accepted lead body in bytes.',
    fallback: 64 * 1024,
    min: 1024,
    max: 16 * 1024 * 1024,
  }),
  maxBatchItems: integer({
    name: 'LEADFLOW_MAX_BATCH_ITEMS',
    group: 'Ingestion',
    meaning: 'Most leads in one batch request.',
    fallback: 1000,
    min: 1,
    max: 1000,
  }),
  dedupWindowSeconds: integer({
    name: 'LEADFLOW_DEDUP_WINDOW_SECONDS',
    group: 'Ingestion',
    meaning: 'How long a repeated lead is recognised as a duplicate, in seconds (0: never).',
    fallback: 7 * 24 * 3600,
    min: 0,
    max: 365 * 24 * 3600,
  }),
  rejectedMaxCount: integer({
    name: 'LEADFLOW_REJECTED_MAX',
    group: 'Ingestion',
    meaning: 'Rejected leads kept for review; the oldest are dropped beyond it.',
    fallback: 10_000,
    min: 1,
    max: 10_000_000,
  }),
  runProjections: custom({
    name: 'LEADFLOW_PROJECTIONS',
    group: 'Read side',
    meaning:
      'Run the projection runner in this process (leadflow, query). `off`: serve reads only, another process projects.',
    defaultText: '`on`',
    allowed: '`on`, `off`',
    badExample: 'maybe',
    read: (raw) =>
      raw === undefined || raw === 'on'
        ? E.right(true)
        : raw === 'off'
          ? E.right(false)
          : E.left(`LEADFLOW_PROJECTIONS=${JSON.stringify(raw)}: expected one of on, off`),
  }),
  readSchema: pattern({
    name: 'LEADFLOW_READ_SCHEMA',
    group: 'Read side',
    meaning: 'Base schema of the read models; generations are `<schema>_g<n>` beside it.',
    fallback: 'leadflow_read',
    pattern: /^[a-z_][a-z0-9_]{0,39}$/,
    allowed: 'a lower-case SQL identifier of up to 40 characters',
    badExample: 'Read-Models',
  }),
  projectionBatch: integer({
    name: 'LEADFLOW_PROJECTION_BATCH',
    group: 'Read side',
    meaning: 'Most events the projection runner applies in one transaction.',
    fallback: 500,
    min: 1,
    max: 10_000,
  }),
  logLevel: oneOf({
    name: 'LOG_LEVEL',
    group: 'Logging',
    meaning: 'Least severe level written to the log (JSON lines on stdout).',
    fallback: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
  }),
};

/** Retry backoff never grows beyond this (not configurable). */
const MAX_BACKOFF_MS = 5_000;

const followUpFields: {
  readonly [K in Exclude<keyof FollowUpSettings, 'maxBackoffMs'>]: Variable<FollowUpSettings[K]>;
} = {
  inProcess: flag({
    name: 'LEADFLOW_FOLLOWUPS_IN_PROCESS',
    group: 'Follow-ups',
    meaning:
      'Run publisher, followups consumer and overdue scanner inside the leadflow process. ' +
      '`false` when the separate publisher and followups services run (leadflow then serves the task routes only).',
    fallback: true,
  }),
  retries: integer({
    name: 'LEADFLOW_FOLLOWUPS_RETRIES',
    group: 'Follow-ups',
    meaning: 'Retries of a failing lifecycle message before it goes to the dead-letter topic.',
    fallback: 3,
    min: 0,
    max: 20,
  }),
  initialBackoffMs: integer({
    name: 'LEADFLOW_FOLLOWUPS_BACKOFF_MS',
    group: 'Follow-ups',
    meaning: `First retry backoff in ms, doubling on each retry up to ${MAX_BACKOFF_MS} ms.`,
    fallback: 200,
    min: 1,
    max: 60_000,
  }),
  concurrency: integer({
    name: 'LEADFLOW_FOLLOWUPS_CONCURRENCY',
    group: 'Follow-ups',
    meaning: 'Partitions one consumer handles at once.',
    fallback: 6,
    min: 1,
    max: 64,
  }),
  keyConcurrency: integer({
    name: 'LEADFLOW_FOLLOWUPS_KEY_CONCURRENCY',
    group: 'Follow-ups',
    meaning: 'Different customers of one partition handled at once (one customer is always in order).',
    fallback: 8,
    min: 1,
    max: 256,
  }),
  overdueScanMs: integer({
    name: 'LEADFLOW_OVERDUE_SCAN_MS',
    group: 'Follow-ups',
    meaning: 'Period of the overdue scan in ms.',
    fallback: 60_000,
    min: 100,
    max: 86_400_000,
  }),
  publisherBatch: integer({
    name: 'LEADFLOW_PUBLISHER_BATCH',
    group: 'Follow-ups',
    meaning: 'Events the lifecycle publisher sends per batch.',
    fallback: 500,
    min: 1,
    max: 10_000,
  }),
  sessionTimeoutMs: integer({
    name: 'LEADFLOW_KAFKA_SESSION_TIMEOUT_MS',
    group: 'Follow-ups',
    meaning: 'Consumer group session timeout in ms: how long a silent consumer keeps its partitions.',
    fallback: 30_000,
    min: 6_000,
    max: 300_000,
  }),
  atRiskFraction: custom({
    name: 'LEADFLOW_AT_RISK_FRACTION',
    group: 'Follow-ups',
    meaning:
      'Fraction of a task’s time from scheduling to due after which it is at risk (FollowUpAtRisk, once per task).',
    defaultText: '`0.75`',
    allowed: 'a number greater than 0 and at most 1',
    badExample: '1.5',
    read: (raw) => {
      if (raw === undefined) return E.right(0.75);
      const n = Number(raw);
      return /^(0|1)?(\.[0-9]+)?$/.test(raw) && raw !== '' && n > 0 && n <= 1
        ? E.right(n)
        : E.left(
            `LEADFLOW_AT_RISK_FRACTION=${JSON.stringify(raw)}: expected a number greater than 0 and at most 1`,
          );
    },
  }),
};

type Env = Readonly<Record<string, string | undefined>>;

/** Every variable leadflow reads, top level first, then the follow-up settings. */
export const CONFIG_VARIABLES: ReadonlyArray<Variable<unknown>> = [
  ...Object.values(fields),
  ...Object.values(followUpFields),
] as ReadonlyArray<Variable<unknown>>;

const KNOWN = new Set(CONFIG_VARIABLES.map((v) => v.name));

/** `LEADFLOW_*` variables set in `env` that no part of leadflow reads (a typo, or a removed setting). */
export const unknownVariables = (env: Env): string[] =>
  Object.keys(env)
    .filter((name) => name.startsWith('LEADFLOW_') && !KNOWN.has(name))
    .sort();

const rawValue = (env: Env, name: string): string | undefined => {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
};

/** Reads every field of `table`; the record when all are good, else one line per bad value. */
const readAll = <T>(env: Env, table: { readonly [K in keyof T]: Variable<T[K]> }): E.Either<string[], T> => {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(table) as Array<[string, Variable<unknown>]>) {
    const result = variable.read(rawValue(env, variable.name));
    if (E.isLeft(result)) problems.push(result.left);
    else values[key] = result.right;
  }
  return problems.length > 0 ? E.left(problems) : E.right(values as T);
};

// Host names compare case-insensitively: LOCALHOST is localhost.
const isLoopback = (host: string) => {
  const name = host.toLowerCase();
  return name === 'localhost' || name === '::1' || name === '[::1]' || /^127\./.test(name);
};

/** Cross-field rules: which servers each mode needs, and no open server on a non-loopback address. */
const crossChecks = (c: Config): string[] => {
  const problems: string[] = [];
  if (c.eventStore === 'postgres' && !c.databaseUrl)
    problems.push('LEADFLOW_EVENTSTORE=postgres needs DATABASE_URL');
  if (c.eventStore === 'kurrentdb' && !c.esdbConnectionString) {
    problems.push('LEADFLOW_EVENTSTORE=kurrentdb needs ESDB_CONNECTION_STRING');
  }
  if (c.eventStore === 'kurrentdb' && !c.databaseUrl)
    problems.push('LEADFLOW_EVENTSTORE=kurrentdb needs DATABASE_URL (read models)');
  if (c.bus === 'kafka' && c.kafkaBrokers.length === 0)
    problems.push('LEADFLOW_BUS=kafka needs KAFKA_BROKERS');
  // Every process of a server deployment must open the same data keys: a key file in one process's
  // data directory would give each its own master key (and keep it beside the data it protects).
  if (c.eventStore !== 'pglite' && c.masterKey === null && c.masterKeyFile === null)
    problems.push(
      `LEADFLOW_EVENTSTORE=${c.eventStore} needs LEADFLOW_MASTER_KEY or LEADFLOW_MASTER_KEY_FILE, the same for every ` +
        'process of the deployment (create one with `openssl rand -base64 32`)',
    );
  if (!isLoopback(c.host) && c.apiTokens.length === 0) {
    problems.push(
      `LEADFLOW_HOST=${c.host} is not a loopback address: set LEADFLOW_API_TOKENS (refusing to run open)`,
    );
  }
  return problems;
};

/** Reads and validates the configuration; on failure, one line per bad value. */
export const loadConfig = (env: Env): E.Either<string[], Config> => {
  const top = readAll(env, fields);
  const followUps = readAll(env, followUpFields);
  if (E.isLeft(top) || E.isLeft(followUps))
    return E.left([...(E.isLeft(top) ? top.left : []), ...(E.isLeft(followUps) ? followUps.left : [])]);
  const config: Config = { ...top.right, followUps: { ...followUps.right, maxBackoffMs: MAX_BACKOFF_MS } };
  const cross = crossChecks(config);
  return cross.length > 0 ? E.left(cross) : E.right(config);
};

/** True when the server binds to a loopback address only. */
export const bindsLoopback = (c: Config): boolean => isLoopback(c.host);

/** A topic or consumer group name with the configured prefix. */
export const kafkaName = (config: Pick<Config, 'kafkaTopicPrefix'>, name: string): string =>
  `${config.kafkaTopicPrefix}${name}`;
