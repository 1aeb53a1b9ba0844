import * as E from 'fp-ts/Either';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from './config';

type Service = { build?: unknown; command?: string[]; environment?: Record<string, unknown> | string[] };

/** Variables on which every process of one deployment must agree: where the events, tables and messages are. */
const SHARED = [
  'LEADFLOW_EVENTSTORE',
  'DATABASE_URL',
  'ESDB_CONNECTION_STRING',
  'LEADFLOW_BUS',
  'KAFKA_BROKERS',
  'LEADFLOW_MASTER_KEY',
];
const KNOWN = new Set(CONFIG_VARIABLES.map((v) => v.name));

/** What an operator must export before `docker compose up` (compose refuses to start without it). */
const REQUIRED = { LEADFLOW_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };

/** Compose's `${NAME:-default}` as compose would fill it with NAME unset, `${NAME:?error}` with NAME as REQUIRED sets it. */
const interpolate = (value: string) =>
  value
    .replace(
      /\$\{([A-Z0-9_]+):\?[^}]*\}/g,
      (_, name: string) => REQUIRED[name as keyof typeof REQUIRED] ?? '',
    )
    .replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_, d?: string) => d ?? '');

const environmentOf = (service: Service): Record<string, string> => {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.split('=')[0]!, line.slice(line.indexOf('=') + 1)] as const)
    : Object.entries(env).map(([k, v]) => [k, String(v)] as const);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v)]));
};

/** The compose file's leadflow processes (those built from this repository), with their environment. */
const leadflowServices = (file: string): Array<[string, Record<string, string>]> => {
  const compose = parse(file, { merge: true }) as { services: Record<string, Service> };
  return Object.entries(compose.services)
    .filter(([, service]) => service.build !== undefined)
    .map(([name, service]) => [name, environmentOf(service)]);
};

/** Everything wrong with the leadflow processes of a compose file, one line each. */
const composeProblems = (file: string): string[] => {
  const services = leadflowServices(file);
  const problems: string[] = [];
  for (const [name, env] of services) {
    for (const variable of Object.keys(env))
      if (!KNOWN.has(variable)) problems.push(`${name}: ${variable} is not a configuration variable`);
    const loaded = loadConfig(env);
    if (E.isLeft(loaded)) problems.push(...loaded.left.map((line) => `${name}: ${line}`));
  }
  for (const variable of SHARED) {
    const values = new Set(services.map(([, env]) => env[variable] ?? '(unset)'));
    if (values.size > 1)
      problems.push(
        `${variable} differs: ${services.map(([n, env]) => `${n}=${env[variable] ?? '(unset)'}`).join(', ')}`,
      );
  }
  return problems;
};

const composeFile = readFileSync(path.resolve(__dirname, '../../../docker-compose.yml'), 'utf8');

describe('docker-compose.yml', () => {
  it('runs every leadflow process on one store and bus, with variables the configuration knows', () => {
    expect(composeProblems(composeFile)).toEqual([]);
  });

  it('is the full stack: four processes on KurrentDB streams, PostgreSQL tables and Kafka', () => {
    const services = Object.fromEntries(leadflowServices(composeFile));
    expect(Object.keys(services).sort()).toEqual(['followups', 'leadflow', 'publisher', 'query']);
    expect(services['query']).toMatchObject({
      LEADFLOW_EVENTSTORE: 'kurrentdb',
      LEADFLOW_BUS: 'kafka',
    });
    // The separate processes do the follow-ups and the projections, so leadflow does neither.
    expect(services['leadflow']).toMatchObject({
      LEADFLOW_FOLLOWUPS_IN_PROCESS: 'false',
      LEADFLOW_PROJECTIONS: 'off',
    });
  });

  it('notices a service on another store, and a variable nothing reads', () => {
    const broken = composeFile.replace(
      "    command: ['node', '--import', 'tsx', 'services/query/src/main.ts']\n    environment: *leadflow-env",
      "    command: ['node', '--import', 'tsx', 'services/query/src/main.ts']\n    environment:\n      <<: *leadflow-env\n      LEADFLOW_EVENTSTORE: postgres\n      LEADFLOW_PROJECTION_BATCHES: '10'",
    );
    expect(broken).not.toEqual(composeFile);
    expect(composeProblems(broken)).toEqual([
      'query: LEADFLOW_PROJECTION_BATCHES is not a configuration variable',
      'LEADFLOW_EVENTSTORE differs: leadflow=kurrentdb, publisher=kurrentdb, followups=kurrentdb, query=postgres',
    ]);
  });
});
