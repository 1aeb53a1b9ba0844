import type { SqlEventStore } from '@leadflow/eventstore';

/** Where a task lives: task id -> the customer it was scheduled on (merges are followed on read). */
export interface TaskIndex {
  record(entries: ReadonlyArray<{ taskId: string; customerId: string }>): Promise<void>;
  customerOf(taskId: string): Promise<string | null>;
}

/** The task index in a table beside the event store (same database, any number of processes). */
export const createSqlTaskIndex = async (store: SqlEventStore): Promise<TaskIndex> => {
  const table = `${store.schema}.followup_task_index`;
  await store.executor.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (task_id text PRIMARY KEY, customer_id text NOT NULL)`,
  );
  return {
    record: async (entries) => {
      if (entries.length === 0) return;
      await store.executor.query(
        `INSERT INTO ${table} (task_id, customer_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
        [entries.map((e) => e.taskId), entries.map((e) => e.customerId)],
      );
    },
    customerOf: async (taskId) => {
      const rows = await store.executor.query<{ customer_id: string }>(
        `SELECT customer_id FROM ${table} WHERE task_id = $1`,
        [taskId],
      );
      return rows[0]?.customer_id ?? null;
    },
  };
};
