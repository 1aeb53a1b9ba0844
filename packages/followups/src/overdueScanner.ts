import { overdueDecisions, type CustomerCommand } from '@leadflow/domain';
import type { Logger } from '@leadflow/observability';
import * as E from 'fp-ts/Either';
import { decideAll, toStoredEvents, updateCustomer } from './customerStreams';
import { followUpEventId } from './ids';
import { customerIdOfStream } from './lifecycleMessage';
import type { FollowUpDeps } from './lifecycleHandler';

/** A running overdue scanner. */
export interface OverdueScanner {
  /** One scan now (the timer calls it too); resolves with the number of tasks escalated. */
  scanOnce(): Promise<number>;
  stop(): Promise<void>;
}

type Watched = { customerId: string; dueAt: string };

const TASK_EVENTS = ['FollowUpScheduled', 'FollowUpCompleted', 'FollowUpOverdue'];

/** Appends one FollowUpOverdue per open task past due on the customer (ids from the task: idempotent). */
export const escalateOverdue = async (
  deps: FollowUpDeps,
  customerId: string,
  now: string,
): Promise<number> => {
  const result = await updateCustomer<number>(
    deps.store,
    customerId,
    ({ state }) => {
      const metadata = { correlationId: `overdue-scan:${now}`, causationId: `overdue-scan:${now}` };
      const commands = overdueDecisions(state, now).flatMap((d): CustomerCommand[] =>
        d.type === 'overdue'
          ? [{ type: 'MarkFollowUpOverdue', data: { taskId: d.taskId, now }, metadata }]
          : [],
      );
      const decided = decideAll(state, commands);
      if (E.isLeft(decided)) throw new Error(`overdue refused: ${decided.left.type}`);
      const events = toStoredEvents(decided.right.events, (e) =>
        followUpEventId('taskId' in e.data ? String(e.data.taskId) : '', e.type),
      );
      return E.right({ events, value: events.length });
    },
    { followMerges: true },
  );
  return result.value;
};

/**
 * The timer-driven overdue scanner: watches open tasks through a filtered store subscription (an
 * in-memory index rebuilt at start) and escalates those past due. Safe with several instances: the
 * event ids derive from the task, so a second scanner's append is a no-op or re-decides nothing.
 */
export const startOverdueScanner = (
  deps: FollowUpDeps,
  logger: Logger,
  options: { intervalMs: number },
): OverdueScanner => {
  const open = new Map<string, Watched>();
  const abort = new AbortController();
  let scanning: Promise<number> | null = null;

  const watch = async () => {
    let position: bigint | 'start' = 'start';
    for (let failures = 0; !abort.signal.aborted;) {
      const subscription = deps.store.subscribeToAll({
        fromPosition: position,
        filter: { eventTypes: TASK_EVENTS, streamPrefixes: ['customer-'] },
        signal: abort.signal,
      });
      try {
        for await (const recorded of subscription) {
          position = recorded.globalPosition;
          failures = 0;
          const taskId = String(recorded.data['taskId'] ?? '');
          const customerId = customerIdOfStream(recorded.streamName);
          if (recorded.type === 'FollowUpScheduled' && customerId !== null)
            open.set(taskId, { customerId, dueAt: String(recorded.data['dueAt'] ?? '') });
          else open.delete(taskId);
        }
      } catch (err) {
        failures += 1;
        logger.warn({ err, failures }, 'overdue scanner subscription failed; resubscribing');
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(failures, 6))),
        );
      } finally {
        await subscription.close();
      }
    }
  };

  const scan = async (): Promise<number> => {
    const now = deps.now().toISOString();
    const due = [...open.entries()].filter(([, w]) => w.dueAt < now);
    const customers = new Set(due.map(([, w]) => w.customerId));
    let escalated = 0;
    for (const customerId of customers) {
      try {
        escalated += await escalateOverdue(deps, customerId, now);
        for (const [taskId, w] of due) if (w.customerId === customerId) open.delete(taskId);
      } catch (err) {
        logger.warn({ err }, 'overdue escalation failed; the next scan retries');
      }
    }
    return escalated;
  };

  const scanOnce = async (): Promise<number> => {
    if (scanning === null) scanning = scan().finally(() => (scanning = null));
    return scanning;
  };

  const watching = watch();
  const timer = setInterval(() => void scanOnce(), options.intervalMs);
  return {
    scanOnce,
    stop: async () => {
      clearInterval(timer);
      abort.abort();
      await watching;
      await scanning;
    },
  };
};
