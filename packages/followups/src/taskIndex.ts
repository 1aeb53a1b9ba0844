import type { SqlEventStore } from '@leadflow/eventstore';
import type { Logger } from '@leadflow/observability';
import { customerIdOfStream } from './lifecycleMessage';

/** Where a task lives: task id -> the customer it was scheduled on (merges are followed on read). */
export interface TaskIndex {
  customerOf(taskId: string): Promise<string | null>;
  /** Stops what keeps the index current (nothing for the SQL index). */
  close(): Promise<void>;
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
    close: async () => {},
  };
};

/**
 * The task index when the events are not in SQL (KurrentDB): a table `<schema>.followup_task_index`
 * fed by a subscription to FollowUpScheduled events. Its highest stored position is its checkpoint,
 * and rows are inserted once whoever writes them, so several processes may keep it. It trails the
 * log by the subscription's delay: a task scheduled a moment ago may not be found yet.
 */
export const createSubscribedTaskIndex = async (
  store: SqlEventStore,
  logger?: Logger,
): Promise<TaskIndex> => {
  const table = `${store.schema}.followup_task_index`;
  await store.executor.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (
       task_id text PRIMARY KEY, customer_id text NOT NULL, global_position bigint NOT NULL)`,
  );
  const stored = await store.executor.query<{ position: string | null }>(
    `SELECT max(global_position)::text AS position FROM ${table}`,
  );
  let position: bigint | 'start' = stored[0]?.position ? BigInt(stored[0].position) : 'start';
  const abort = new AbortController();

  const follow = async () => {
    for (let failures = 0; !abort.signal.aborted;) {
      const subscription = store.subscribeToAll({
        fromPosition: position,
        filter: { eventTypes: ['FollowUpScheduled'], streamPrefixes: ['customer-'] },
        signal: abort.signal,
      });
      try {
        for await (const recorded of subscription) {
          const customerId = customerIdOfStream(recorded.streamName);
          const taskId = recorded.data['taskId'];
          if (customerId !== null && typeof taskId === 'string')
            await store.executor.query(
              `INSERT INTO ${table} (task_id, customer_id, global_position) VALUES ($1, $2, $3::bigint)
               ON CONFLICT (task_id) DO NOTHING`,
              [taskId, customerId, recorded.globalPosition.toString()],
              { prepare: true },
            );
          position = recorded.globalPosition;
          failures = 0;
        }
      } catch (err) {
        if (abort.signal.aborted) break;
        failures += 1;
        logger?.warn({ err, failures }, 'task index subscription failed; resubscribing');
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(failures, 6))),
        );
      } finally {
        await subscription.close();
      }
    }
  };
  const following = follow();

  return {
    customerOf: async (taskId) => {
      const rows = await store.executor.query<{ customer_id: string }>(
        `SELECT customer_id FROM ${table} WHERE task_id = $1`,
        [taskId],
        { prepare: true },
      );
      return rows[0]?.customer_id ?? null;
    },
    close: async () => {
      abort.abort();
      await following;
    },
  };
};

/** The task index that fits the store: the SQL index on the events, or the subscribed table. */
export const createTaskIndex = (store: SqlEventStore, logger?: Logger): Promise<TaskIndex> =>
  store.eventsInSql ? createSqlTaskIndex(store) : createSubscribedTaskIndex(store, logger);
