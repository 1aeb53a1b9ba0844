import { migrations } from './schema';
import type { SqlExecutor } from './sqlExecutor';

/**
 * Creates the schema and applies the missing numbered migrations in one transaction. Safe to run
 * at every start and from concurrent processes (a transaction-scoped advisory lock serialises them).
 */
export const migrate = async (executor: SqlExecutor, schema: string): Promise<void> => {
  await executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leadflow_eventstore:${schema}`]);
    await tx.exec(
      `CREATE SCHEMA IF NOT EXISTS ${schema};
       CREATE TABLE IF NOT EXISTS ${schema}.migrations (
         version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`,
    );
    const applied = await tx.query<{ version: number }>(`SELECT version FROM ${schema}.migrations`);
    const done = new Set(applied.map((row) => row.version));
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql(schema));
      await tx.query(`INSERT INTO ${schema}.migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
  });
};
