import type { SqlEventStore } from '@leadflow/eventstore';
import { customerIdOfStream } from './lifecycleMessage';

/** Where a task lives: task id -> the customer it was scheduled on (merges are followed on read). */
export interface TaskIndex {
  customerOf(taskId: string): Promise<string | null>;
}

/**
 * The task index of a SQL event store: a partial expression index on the stored FollowUpScheduled
 * events themselves, so it is written by the append (no statement, no commit of its own, never out
 * of step with the events) and `customerOf` is one index lookup.
 */
export const createSqlTaskIndex = async (store: SqlEventStore): Promise<TaskIndex> => {
  const events = `${store.schema}.events`;
  await store.executor.exec(
    `CREATE INDEX IF NOT EXISTS events_followup_task_id ON ${events} ((data->>'taskId'))
      WHERE event_type = 'FollowUpScheduled'`,
  );
  return {
    customerOf: async (taskId) => {
      const rows = await store.executor.query<{ stream_name: string }>(
        `SELECT stream_name FROM ${events}
          WHERE event_type = 'FollowUpScheduled' AND data->>'taskId' = $1 LIMIT 1`,
        [taskId],
      );
      const stream = rows[0]?.stream_name;
      return stream === undefined ? null : customerIdOfStream(stream);
    },
  };
};
