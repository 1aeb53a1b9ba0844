import type { SqlExecutor } from '@leadflow/eventstore';
import { assertSchemaName } from './schemaName';
import { createReadSchema } from './readSchema';

/** Where the read models live: `<base>.pointer` names the live generation schema of each projection. */
export interface ReadModelLocation {
  /** The base schema (holds the pointer table); generations are `<base>_g<n>`. */
  readonly base: string;
  /** The projection's name (one row of the pointer table). */
  readonly name: string;
}

/** The default base schema of the read models. */
export const DEFAULT_READ_SCHEMA = 'leadflow_read';
/** The projection that builds every read table of the API. */
export const CUSTOMERS_PROJECTION = 'customers';

/** The schema name of generation `n`. */
export const generationSchema = (base: string, n: number): string => assertSchemaName(`${base}_g${n}`);

/**
 * Creates the pointer table and, on first use, generation 1 as the live one; returns the live schema.
 * Concurrent starters (leadflow and query on one database) are serialised by a transaction-scoped
 * advisory lock: `CREATE SCHEMA IF NOT EXISTS` alone fails in the second of two racing processes.
 */
export const ensureReadModel = async (executor: SqlExecutor, at: ReadModelLocation): Promise<string> => {
  const base = assertSchemaName(at.base);
  return executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leadflow_read:${base}`]);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${base};
      CREATE TABLE IF NOT EXISTS ${base}.pointer (
        name text PRIMARY KEY, live_schema text NOT NULL, generation integer NOT NULL,
        switched_at timestamptz NOT NULL DEFAULT now());`);
    const existing = await liveSchemaOf(tx, at);
    if (existing !== null) return existing;
    const first = generationSchema(base, 1);
    await createReadSchema(tx, first, at.name);
    await tx.query(
      `INSERT INTO ${base}.pointer (name, live_schema, generation) VALUES ($1, $2, 1) ON CONFLICT (name) DO NOTHING`,
      [at.name, first],
    );
    return (await liveSchemaOf(tx, at)) ?? first;
  });
};

/** The live generation's schema, or null before `ensureReadModel`; `lock` takes a share lock on the pointer row. */
export const liveSchemaOf = async (
  executor: SqlExecutor,
  at: ReadModelLocation,
  lock: '' | 'FOR SHARE' | 'FOR UPDATE' = '',
): Promise<string | null> => {
  const rows = await executor.query<{ live_schema: string }>(
    `SELECT live_schema FROM ${assertSchemaName(at.base)}.pointer WHERE name = $1 ${lock}`,
    [at.name],
  );
  return rows[0]?.live_schema ?? null;
};

/** The highest generation number among existing schemas `<base>_g<n>` (so a new one never reuses a name). */
export const highestGeneration = async (executor: SqlExecutor, base: string): Promise<number> => {
  const rows = await executor.query<{ n: number | null }>(
    `SELECT max(substring(nspname from '_g([0-9]+)$')::int) AS n FROM pg_namespace WHERE nspname LIKE $1`,
    [`${base}\\_g%`],
  );
  return rows[0]?.n ?? 0;
};

/** Points the projection at `schema`; call inside the transaction holding the pointer row `FOR UPDATE`. */
export const switchLiveSchema = async (
  tx: SqlExecutor,
  at: ReadModelLocation,
  schema: string,
  generation: number,
): Promise<void> => {
  await tx.query(
    `UPDATE ${assertSchemaName(at.base)}.pointer SET live_schema = $2, generation = $3, switched_at = now() WHERE name = $1`,
    [at.name, schema, generation],
  );
};
