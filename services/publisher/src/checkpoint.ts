import type { SqlEventStore } from '@leadflow/eventstore';

/** A named position in the global log, kept beside the event store. */
export interface Checkpoint {
  load(): Promise<bigint | 'start'>;
  save(position: bigint): Promise<void>;
}

/** The publisher's checkpoint row in `<schema>.publisher_checkpoints` (same database as the events). */
export const createSqlCheckpoint = async (store: SqlEventStore, name: string): Promise<Checkpoint> => {
  const table = `${store.schema}.publisher_checkpoints`;
  await store.executor.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
  );
  return {
    load: async () => {
      const rows = await store.executor.query<{ position: string }>(
        `SELECT position::text AS position FROM ${table} WHERE name = $1`,
        [name],
      );
      const found = rows[0]?.position;
      return found === undefined ? 'start' : BigInt(found);
    },
    save: async (position) => {
      // GREATEST: a late save from a stale instance never moves the checkpoint backwards.
      await store.executor.query(
        `INSERT INTO ${table} (name, position) VALUES ($1, $2::bigint)
         ON CONFLICT (name) DO UPDATE SET position = GREATEST(${table}.position, EXCLUDED.position), updated_at = now()`,
        [name, position.toString()],
      );
    },
  };
};
