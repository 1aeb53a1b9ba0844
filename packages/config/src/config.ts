import * as E from 'fp-ts/Either';

/** A bearer token and the scopes it grants (SPEC 7: ingest, read, write). */
export interface ApiToken {
  token: string;
  scopes: ReadonlyArray<Scope>;
}
export type Scope = 'ingest' | 'read' | 'write';
export const SCOPES: ReadonlyArray<Scope> = ['ingest', 'read', 'write'];

/** leadflow's configuration (SPEC 8), read from environment variables and validated at start. */
export interface Config {
  host: string;
  port: number;
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
  maxLeadBytes: number;
  maxBatchItems: number;
  dedupWindowSeconds: number;
  rejectedMaxCount: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

type Env = Readonly<Record<string, string | undefined>>;
type Field<A> = (env: Env) => E.Either<string, A>;

const value = (env: Env, name: string) => {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
};

const str =
  (name: string, fallback: string): Field<string> =>
  (env) =>
    E.right(value(env, name) ?? fallback);

const optionalStr =
  (name: string): Field<string | null> =>
  (env) =>
    E.right(value(env, name) ?? null);

const int =
  (name: string, fallback: number, min: number, max: number): Field<number> =>
  (env) => {
    const raw = value(env, name);
    if (raw === undefined) return E.right(fallback);
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? E.right(n)
      : E.left(`${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
  };

const oneOf =
  <A extends string>(name: string, allowed: ReadonlyArray<A>, fallback: A): Field<A> =>
  (env) => {
    const raw = value(env, name);
    if (raw === undefined) return E.right(fallback);
    return (allowed as ReadonlyArray<string>).includes(raw)
      ? E.right(raw as A)
      : E.left(`${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
  };

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

const apiTokens: Field<ApiToken[]> = (env) => {
  const raw = value(env, 'LEADFLOW_API_TOKENS');
  return raw === undefined ? E.right([]) : parseApiTokens(raw);
};

const brokers: Field<string[]> = (env) => {
  const raw = value(env, 'KAFKA_BROKERS');
  if (raw === undefined) return E.right([]);
  const list = raw.split(',').map((b) => b.trim());
  const bad = list.filter((b) => !/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(b));
  return bad.length === 0
    ? E.right(list)
    : E.left(`KAFKA_BROKERS: expected host:port entries, got ${bad.join(', ')}`);
};

const fields = {
  host: str('LEADFLOW_HOST', '127.0.0.1'),
  port: int('LEADFLOW_PORT', 8080, 0, 65535),
  dataDir: str('LEADFLOW_DATA_DIR', './.leadflow'),
  eventStore: oneOf('LEADFLOW_EVENTSTORE', ['pglite', 'postgres', 'kurrentdb'] as const, 'pglite'),
  databaseUrl: optionalStr('DATABASE_URL'),
  esdbConnectionString: optionalStr('ESDB_CONNECTION_STRING'),
  bus: oneOf('LEADFLOW_BUS', ['memory', 'kafka'] as const, 'memory'),
  kafkaBrokers: brokers,
  kafkaTopicPrefix: (env: Env) => {
    const raw = value(env, 'LEADFLOW_KAFKA_TOPIC_PREFIX') ?? '';
    return /^[A-Za-z0-9._-]{0,100}$/.test(raw)
      ? E.right(raw)
      : E.left(
          `LEADFLOW_KAFKA_TOPIC_PREFIX=${JSON.stringify(raw)}: expected letters, digits, '.', '_' or '-'`,
        );
  },
  kafkaTopicPartitions: int('LEADFLOW_KAFKA_PARTITIONS', 6, 1, 1000),
  kafkaReplicationFactor: int('LEADFLOW_KAFKA_REPLICATION_FACTOR', 1, 1, 10),
  apiTokens,
  marketplaceSecret: optionalStr('LEADFLOW_MARKETPLACE_SECRET'),
  maxLeadBytes: int('LEADFLOW_MAX_LEAD_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
  maxBatchItems: int('LEADFLOW_MAX_BATCH_ITEMS', 1000, 1, 1000),
  dedupWindowSeconds: int('LEADFLOW_DEDUP_WINDOW_SECONDS', 7 * 24 * 3600, 0, 365 * 24 * 3600),
  rejectedMaxCount: int('LEADFLOW_REJECTED_MAX', 10_000, 1, 10_000_000),
  logLevel: oneOf(
    'LOG_LEVEL',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  ),
};

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

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
  if (!isLoopback(c.host) && c.apiTokens.length === 0) {
    problems.push(
      `LEADFLOW_HOST=${c.host} is not a loopback address: set LEADFLOW_API_TOKENS (refusing to run open)`,
    );
  }
  if (c.marketplaceSecret !== null && c.marketplaceSecret.length < 16) {
    problems.push('LEADFLOW_MARKETPLACE_SECRET: must be at least 16 characters');
  }
  return problems;
};

/** Reads and validates the configuration; on failure, one line per bad value. */
export const loadConfig = (env: Env): E.Either<string[], Config> => {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    const result = (field as Field<unknown>)(env);
    if (E.isLeft(result)) problems.push(result.left);
    else config[key] = result.right;
  }
  if (problems.length > 0) return E.left(problems);
  const typed = config as unknown as Config;
  const cross = crossChecks(typed);
  return cross.length > 0 ? E.left(cross) : E.right(typed);
};

/** True when the server binds to a loopback address only. */
export const bindsLoopback = (c: Config): boolean => isLoopback(c.host);

/** A topic or consumer group name with the configured prefix. */
export const kafkaName = (config: Pick<Config, 'kafkaTopicPrefix'>, name: string): string =>
  `${config.kafkaTopicPrefix}${name}`;
