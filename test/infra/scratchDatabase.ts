import { Client } from 'pg';

/** A database of one test's own on the run's PostgreSQL server, dropped by `drop()`. */
export interface ScratchDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

const withAdmin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: run integration tests through `pnpm test` (the global setup sets it)',
    );
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** Creates a fresh database next to the run's database (for a service started as a child process). */
export const createScratchDatabase = async (label: string): Promise<ScratchDatabase> => {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 20);
  const name = `lf_${safe}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
};
