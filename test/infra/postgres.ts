import { Client } from 'pg';
import { dockerAnswers } from './docker';
import { tcpAccepts } from './freePort';

/** Where the run's PostgreSQL server came from, and how to let go of it. */
export interface PostgresServer {
  adminUrl: string;
  origin: string;
  stop: () => Promise<void>;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** DATABASE_URL if set; else a testcontainers PostgreSQL when Docker answers; else 127.0.0.1:5432; else an error. */
export const resolvePostgres = async (): Promise<PostgresServer> => {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { adminUrl: fromEnv, origin: 'DATABASE_URL', stop: async () => {} };
  if (await dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    return {
      adminUrl: container.getConnectionUri(),
      origin: 'testcontainers',
      stop: async () => void (await container.stop()),
    };
  }
  if ((await tcpAccepts('127.0.0.1', 5432, 3000)) || (await tcpAccepts('127.0.0.1', 5432, 5000)))
    return { adminUrl: LOCAL_URL, origin: '127.0.0.1:5432', stop: async () => {} };
  throw new Error(
    'No PostgreSQL for the tests: set DATABASE_URL, start Docker (testcontainers), or start PostgreSQL on 127.0.0.1:5432 ' +
      '(on these machines: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)',
  );
};

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

const withClient = async <T>(url: string, work: (c: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** Creates a database of this run's own on the server and returns its URL. */
export const createRunDatabase = async (adminUrl: string): Promise<{ url: string; name: string }> => {
  const name = `leadflow_test_${Date.now().toString(36)}_${process.pid}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return { url: withDatabase(adminUrl, name), name };
};

/** Drops the run's database, closing any connection a test left open. */
export const dropRunDatabase = async (adminUrl: string, name: string): Promise<void> => {
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
};
